// The Backup Schedules list (feature spec §3.8): server-side search, filters, sort and pages; row
// actions Pause/Resume and, under "More actions", Skip Upcoming Backup, Back up now, Edit, Delete.
import { useEffect, useState } from 'react';
import { Button, Dropdown, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EllipsisOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { clustersApi, locationsApi } from '../../../api/infrastructure';
import type { Schedule } from '../../../api/schedules';
import { useAuth } from '../../../auth/AuthContext';
import { EmptyState, ErrorState, InlineError } from '../../../components/ErrorState';
import { StatusTag } from '../../../components/StatusTag';
import { clusterColumn, filteredBy, nameColumn, RowAction, serverTableProps, sortedBy } from '../../../components/tableColumns';
import { scheduleStatus } from '../../../components/status';
import { formatTime, relativeTime } from '../../../lib/format';
import { formatGoDuration, parseGoDuration } from '../../../lib/duration';
import { useLoad } from '../../../lib/usePolling';
import { useServerList } from '../../../lib/useServerList';
import { paths } from '../../../routes';
import ScheduleFormModal from '../create/ScheduleFormModal';
import { DeleteScheduleModal, useScheduleActions } from '../../schedules/scheduleActions';

export const shortTtl = (ttl: string) => {
  const s = parseGoDuration(ttl);
  return s === null ? ttl : formatGoDuration(s);
};

export function SchedulesTable(props: { version?: number }) {
  const { canWrite } = useAuth();
  // Next runs and last backups move on their own: refresh every 10 s.
  const list = useServerList<Schedule>({ path: '/schedules', defaultSort: 'name', isLive: () => true, intervalMs: 10000 });
  const [searchText, setSearchText] = useState('');
  const [editing, setEditing] = useState<Schedule | null>(null);
  const [deleting, setDeleting] = useState<Schedule | null>(null);
  const { setSearch, reload } = list;
  const actions = useScheduleActions(() => void reload());

  useEffect(() => {
    const t = setTimeout(() => setSearch(searchText.trim()), 300);
    return () => clearTimeout(t);
  }, [searchText]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (props.version) void reload();
  }, [props.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const filterOptions = useLoad(async () => {
    const [clusters, locations] = await Promise.all([clustersApi.all().catch(() => []), locationsApi.all().catch(() => [])]);
    return {
      clusters: clusters.map((c) => ({ text: c.name, value: c.name })),
      locations: locations.map((l) => ({ text: l.name, value: l.name })),
    };
  }, []);

  const f = list.filters;
  const columns: TableColumnsType<Schedule> = [
    nameColumn(list, { title: 'Schedule Name', width: 170, to: paths.scheduleDetail }),
    {
      title: 'Status',
      key: 'paused',
      width: 120,
      ...filteredBy(list, 'paused', [
        { text: 'Paused', value: 'true' },
        { text: 'Not paused', value: 'false' },
      ]),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <StatusTag status={scheduleStatus(s)} />
          {s.skipNext && <Tag style={{ marginTop: 2 }}>Skipping next run</Tag>}
        </Space>
      ),
    },
    {
      title: 'Cron',
      key: 'cron',
      width: 190,
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <span>{s.description || 'Invalid expression'}</span>
          <Typography.Text code style={{ fontSize: 12 }}>
            {s.schedule}
          </Typography.Text>
        </Space>
      ),
    },
    clusterColumn(list, filterOptions.data?.clusters),
    {
      title: 'Storage Location',
      key: 'location',
      width: 130,
      ...filteredBy(list, 'location', filterOptions.data?.locations),
      render: (_, s) => s.location || <Typography.Text type="secondary">Default location</Typography.Text>,
    },
    // Beyond the spec's columns (§3.8): shown on wide screens (≥ 1600 px), so a laptop needs no scrolling.
    { title: 'Backup TTL', key: 'ttl', width: 100, responsive: ['xxl'], render: (_, s) => shortTtl(s.ttl) },
    {
      title: 'Last Backup',
      key: 'lastBackupAt',
      width: 170,
      ...sortedBy(list, 'lastBackupAt'),
      render: (_, s) =>
        s.lastBackup ? (
          <Space orientation="vertical" size={0}>
            <Tooltip title={s.lastBackup}>
              <Link to={paths.backupDetail(s.lastBackup)}>{formatTime(s.lastBackupAt)}</Link>
            </Tooltip>
          </Space>
        ) : (
          <Typography.Text type="secondary">Never</Typography.Text>
        ),
    },
    {
      title: 'Last Skipped',
      key: 'lastSkippedAt',
      width: 140,
      render: (_, s) => (s.lastSkippedAt ? formatTime(s.lastSkippedAt) : '—'),
    },
    {
      title: 'Next Run',
      responsive: ['xxl'],
      key: 'nextRunAt',
      width: 170,
      render: (_, s) =>
        s.paused ? (
          <Typography.Text type="secondary">Paused</Typography.Text>
        ) : s.nextRunAt ? (
          <Tooltip title={formatTime(s.nextRunAt)}>
            <span>{relativeTime(s.nextRunAt)}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];
  if (canWrite)
    columns.push({
      title: 'Actions',
      key: 'actions',
      fixed: 'right',
      width: 100,
      render: (_, s) => (
        <Space size={0}>
          <RowAction
            tip={s.paused ? 'Resume' : 'Pause'}
            icon={s.paused ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
            aria-label={`${s.paused ? 'Resume' : 'Pause'} schedule ${s.name}`}
            loading={actions.busy === `${s.paused ? 'resume' : 'pause'}:${s.name}`}
            onClick={() => void actions.pauseOrResume(s)}
          />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'skip', label: 'Skip Upcoming Backup', disabled: s.paused || s.skipNext },
                { key: 'trigger', label: 'Back up now' },
                { key: 'edit', label: 'Edit' },
                { type: 'divider' },
                { key: 'delete', label: 'Delete', danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'skip') actions.skip(s);
                if (key === 'trigger') void actions.backUpNow(s);
                if (key === 'edit') setEditing(s);
                if (key === 'delete') setDeleting(s);
              },
            }}
          >
            <Button type="text" icon={<EllipsisOutlined />} aria-label={`More actions for schedule ${s.name}`} />
          </Dropdown>
        </Space>
      ),
    });

  const filtered = !!searchText || Object.values(f).some((v) => v.length > 0);
  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={() => void reload()} />;

  return (
    <>
      <div className="toolbar">
        <Input.Search
          aria-label="Search backup schedules"
          placeholder="Search by name"
          allowClear
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          style={{ width: 320 }}
        />
      </div>
      {list.error ? <InlineError error={list.error} /> : null}
      <Table<Schedule>
        {...serverTableProps(list)}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: list.loading ? ' ' : filtered ? (
            <EmptyState title="No schedules match" description="Change the search or the filters." />
          ) : (
            <EmptyState title="No backup schedules yet" description="Create one with Create Backup → Create Backup Schedule." />
          ),
        }}
      />
      <ScheduleFormModal open={!!editing} schedule={editing ?? undefined} onClose={() => setEditing(null)} onSaved={() => void reload()} />
      <DeleteScheduleModal schedule={deleting} onClose={() => setDeleting(null)} onDeleted={() => void reload()} />
    </>
  );
}
