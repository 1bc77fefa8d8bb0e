// The backups list (feature spec §3.6): server-side search, filters, sort and pages; live while a
// backup runs or is being deleted; row actions Restore, Download, Cancel and Delete. Also the
// "Backups of this schedule" table of a schedule's page (`fixed={{schedule}}`).
import { useEffect, useState } from 'react';
import { App, Button, Input, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ClockCircleOutlined, DeleteOutlined, DownloadOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { backupsApi, type Backup } from '../../../api/backups';
import type { Query } from '../../../api/client';
import { clustersApi, locationsApi } from '../../../api/infrastructure';
import { schedulesApi } from '../../../api/schedules';
import { useAuth } from '../../../auth/AuthContext';
import { EmptyState, ErrorState, InlineError } from '../../../components/ErrorState';
import { StatusTag } from '../../../components/StatusTag';
import { clusterColumn, filteredBy, nameColumn, problemsColumn, RowAction, serverTableProps, sortedBy, summaryColumn } from '../../../components/tableColumns';
import { backupStatus, isRunningPhase } from '../../../components/status';
import { elapsed, formatBytes, formatTime, relativeTime } from '../../../lib/format';
import { useLoad } from '../../../lib/usePolling';
import { useServerList } from '../../../lib/useServerList';
import { paths } from '../../../routes';
import NewRestoreModal from '../../restores/NewRestoreModal';
import { namespacesSummary } from './scope';

// Status filter: the spec's labels, each the stored phases it covers. ("Expired" is derived from
// the expiry time when a record is read, so the server cannot filter by it.)
const STATUS_FILTERS = [
  { text: 'Creating', value: 'New,InProgress' },
  { text: 'Completed', value: 'Completed' },
  { text: 'Partially Failed', value: 'PartiallyFailed' },
  { text: 'Failed', value: 'Failed,FailedValidation' },
  { text: 'Deleting', value: 'Deleting' },
];

const isLive = (b: Backup) => isRunningPhase(b.phase) || b.phase === 'Deleting';
const restorable = (b: Backup) => b.phase === 'Completed' || b.phase === 'PartiallyFailed';

export function expiresIn(b: Backup, now = new Date()): string {
  if (b.phase === 'Expired') return 'Expired';
  if (!b.expiresAt) return '—';
  if (new Date(b.expiresAt).getTime() <= now.getTime()) return 'Expired';
  return relativeTime(b.expiresAt, now);
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function BackupsTable(props: { fixed?: Query; version?: number }) {
  const { canWrite } = useAuth();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const bySchedule = !!props.fixed?.schedule;
  const list = useServerList<Backup>({ path: '/backups', defaultSort: '-createdAt', fixed: props.fixed, isLive, intervalMs: 2000 });
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText, 300);
  const [restoreOf, setRestoreOf] = useState<string | null>(null);
  const { setSearch, reload } = list;

  useEffect(() => setSearch(search.trim()), [search]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (props.version) void reload();
  }, [props.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const filterOptions = useLoad(async () => {
    const [clusters, locations, schedules] = await Promise.all([
      clustersApi.all().catch(() => []),
      locationsApi.all().catch(() => []),
      bySchedule ? Promise.resolve([]) : schedulesApi.all().catch(() => []),
    ]);
    return {
      clusters: clusters.map((c) => ({ text: c.name, value: c.name })),
      locations: locations.map((l) => ({ text: l.name, value: l.name })),
      schedules: schedules.map((s) => ({ text: s.name, value: s.name })),
    };
  }, [bySchedule]);

  const remove = (b: Backup) =>
    modal.confirm({
      title: `Delete backup ${b.name}?`,
      content: (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          Its resources, logs and volume data are removed from storage location <b>{b.location}</b>. This cannot be undone.
        </Typography.Paragraph>
      ),
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await backupsApi.remove(b.name);
          message.success(`Deleting backup ${b.name}`);
        } catch (e) {
          // The server refuses running backups and backups in read-only locations, saying why.
          message.error({ content: (e as Error).message, duration: 8 });
        }
        void reload();
      },
    });

  const cancel = (b: Backup) =>
    modal.confirm({
      title: `Cancel backup ${b.name}?`,
      content: 'The backup stops and ends Failed ("cancelled"). What it wrote so far is kept for inspection.',
      okText: 'Cancel Backup',
      cancelText: 'Keep Running',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await backupsApi.cancel(b.name);
          message.success(`Cancelling backup ${b.name}`);
        } catch (e) {
          message.error({ content: (e as Error).message, duration: 8 });
        }
        void reload();
      },
    });

  const download = async (b: Backup) => {
    try {
      await backupsApi.download(b.name);
    } catch (e) {
      message.error({ content: `Could not download ${b.name}: ${(e as Error).message}`, duration: 8 });
    }
  };

  const f = list.filters;
  const columns: TableColumnsType<Backup> = [
    nameColumn(list, { title: 'Name', width: 170, to: paths.backupDetail, breakAll: true }),
    {
      title: 'Status',
      key: 'status',
      width: 125,
      ...filteredBy(list, 'status', STATUS_FILTERS),
      render: (_, b) => (
        <Space orientation="vertical" size={0}>
          <StatusTag status={backupStatus(b.phase)} title={b.failureReason || undefined} />
          {isRunningPhase(b.phase) && b.progress.totalItems > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {b.progress.itemsBackedUp} / {b.progress.totalItems} items
            </Typography.Text>
          )}
        </Space>
      ),
    },
    clusterColumn(list, filterOptions.data?.clusters),
    // Beyond the spec's columns (§3.6): shown on wide screens (≥ 1600 px), so a laptop needs no scrolling.
    { ...summaryColumn('Namespaces', 'namespaces', 150, (b) => namespacesSummary(b.spec)), responsive: ['xxl'] },
    {
      title: 'Storage Location',
      key: 'location',
      dataIndex: 'location',
      width: 150,
      responsive: ['xxl'],
      ...filteredBy(list, 'location', filterOptions.data?.locations),
    },
    {
      title: 'Created By',
      key: 'schedule',
      width: 140,
      ...(bySchedule ? {} : filteredBy(list, 'schedule', filterOptions.data?.schedules)),
      render: (_, b) =>
        b.schedule ? (
          <Tooltip title={`Started by schedule ${b.schedule}${b.createdBy ? ` (owner ${b.createdBy})` : ''}`}>
            <Link to={paths.scheduleDetail(b.schedule)}>
              <ClockCircleOutlined aria-hidden /> {b.schedule}
            </Link>
          </Tooltip>
        ) : (
          b.createdBy || '—'
        ),
    },
    {
      // The date, and under it how long the backup took (or has been running).
      title: 'Backup Date',
      key: 'createdAt',
      width: 160,
      ...sortedBy(list, 'createdAt'),
      render: (_, b) => (
        <Space orientation="vertical" size={0}>
          <span>{formatTime(b.createdAt)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {b.startedAt ? `${b.completedAt ? 'took' : 'running for'} ${elapsed(b.startedAt, b.completedAt)}` : 'not started yet'}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: 'Expires In',
      key: 'expiresAt',
      width: 110,
      ...sortedBy(list, 'expiresAt'),
      render: (_, b) => (
        <Tooltip title={b.expiresAt ? formatTime(b.expiresAt) : undefined}>
          <span>{expiresIn(b)}</span>
        </Tooltip>
      ),
    },
    {
      title: 'Size',
      key: 'size',
      width: 90,
      align: 'right',
      ...sortedBy(list, 'size'),
      render: (_, b) => (b.sizeBytes > 0 ? formatBytes(b.sizeBytes) : '—'),
    },
    problemsColumn(),
    {
      title: 'Actions',
      key: 'actions',
      fixed: 'right',
      width: canWrite ? 130 : 60,
      render: (_, b) => (
        <Space size={0}>
          {canWrite && (
            <RowAction
              tip={restorable(b) ? 'Restore' : 'Only a completed or partially failed backup can be restored'}
              icon={<RollbackOutlined />}
              aria-label={`Restore backup ${b.name}`}
              disabled={!restorable(b)}
              onClick={() => setRestoreOf(b.name)}
            />
          )}
          <RowAction
            tip="Download"
            icon={<DownloadOutlined />}
            aria-label={`Download backup ${b.name}`}
            disabled={!restorable(b)}
            onClick={() => void download(b)}
          />
          {canWrite && isRunningPhase(b.phase) && (
            <RowAction tip="Cancel" icon={<StopOutlined />} aria-label={`Cancel backup ${b.name}`} onClick={() => cancel(b)} />
          )}
          {canWrite && (
            <RowAction
              tip="Delete"
              danger
              icon={<DeleteOutlined />}
              aria-label={`Delete backup ${b.name}`}
              disabled={b.phase === 'Deleting'}
              onClick={() => remove(b)}
            />
          )}
        </Space>
      ),
    },
  ];

  const filtered = !!searchText || Object.values(f).some((v) => v.length > 0);
  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={() => void reload()} />;

  return (
    <>
      <div className="toolbar">
        <Input.Search
          aria-label="Search backups"
          placeholder={bySchedule ? 'Search by name' : 'Search by name or schedule'}
          allowClear
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          style={{ width: 320 }}
        />
        {filtered && (
          <Button
            onClick={() => {
              setSearchText('');
              for (const k of Object.keys(f)) list.setFilter(k, []);
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
      {list.error ? <InlineError error={list.error} /> : null}
      <Table<Backup>
        {...serverTableProps(list)}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: list.loading ? ' ' : filtered ? (
            <EmptyState title="No backups match" description="Change the search or the filters." />
          ) : (
            <EmptyState
              title={bySchedule ? 'This schedule has made no backups yet' : 'No backups yet'}
              description={bySchedule ? 'Its first backup runs at the next cron tick, or use Back up now.' : 'Create a backup from scratch or from a schedule.'}
            />
          ),
        }}
      />
      <NewRestoreModal
        open={!!restoreOf}
        backup={restoreOf ?? undefined}
        onClose={() => setRestoreOf(null)}
        onCreated={(name) => {
          setRestoreOf(null);
          navigate(paths.restoreDetail(name));
        }}
      />
    </>
  );
}
