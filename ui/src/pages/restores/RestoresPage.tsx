// Restores (feature spec §3.10): every restore with its status, source and target, searchable,
// filtered by status and target cluster, sorted and paged by the server, updating live while
// restores run. "New Restore" opens the restore form.
import { useEffect, useRef, useState } from 'react';
import { Button, Empty, Input, Select, Space, Table, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { backupsApi } from '../../api/backups';
import { clustersApi, listAll } from '../../api/infrastructure';
import type { Restore } from '../../api/restores';
import { useAuth } from '../../auth/AuthContext';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { StatusTag } from '../../components/StatusTag';
import { nameColumn, problemsColumn, serverTableProps, sortedBy, summaryColumn } from '../../components/tableColumns';
import { isRunningPhase, restoreStatus } from '../../components/status';
import { elapsed, formatTime, relativeTime } from '../../lib/format';
import { useLoad } from '../../lib/usePolling';
import { useServerList } from '../../lib/useServerList';
import { paths } from '../../routes';
import NewRestoreModal from './NewRestoreModal';
import { NoRestoresImage } from './NoRestoresImage';

// The status filter's labels (§4.3) and the phases each stands for.
export const STATUS_FILTERS = [
  { label: 'Progressing', value: 'New,InProgress,WaitingForPluginOperations,WaitingForPluginOperationsPartiallyFailed,Finalizing,FinalizingPartiallyFailed' },
  { label: 'Completed', value: 'Completed' },
  { label: 'Failed', value: 'Failed,FailedValidation' },
  { label: 'Partially Failed', value: 'PartiallyFailed' },
];

// "shop → shop-copy, db" / "All namespaces": what a restore takes and where it puts it.
export function namespaceSummary(r: Restore): string {
  const spec = r.spec ?? {};
  const mapping = spec.namespaceMapping ?? {};
  const included = spec.includedNamespaces?.filter((n) => n !== '*') ?? [];
  const names = included.length ? included : Object.keys(mapping);
  const parts = names.map((n) => (mapping[n] ? `${n} → ${mapping[n]}` : n));
  for (const [src, dst] of Object.entries(mapping)) if (!names.includes(src)) parts.push(`${src} → ${dst}`);
  let text = included.length ? parts.join(', ') : parts.length ? `All namespaces (${parts.join(', ')})` : 'All namespaces';
  if (spec.excludedNamespaces?.length) text += `; except ${spec.excludedNamespaces.join(', ')}`;
  return text;
}

interface BackupFacts {
  cluster: string;
  schedule: string;
}

export default function RestoresPage() {
  const { canWrite } = useAuth();
  const [modalOpen, setModalOpen] = useState(false);
  const list = useServerList<Restore>({
    path: '/restores',
    defaultSort: '-createdAt',
    intervalMs: 2000,
    isLive: (r) => isRunningPhase(r.phase),
  });
  const clusters = useLoad(() => clustersApi.all(), []);
  // Created By (spec §3.10): the users, and whoever started a restore on this page (a schedule's
  // or an API token's user included); a name can also be typed.
  const users = useLoad(() => listAll<{ username: string }>('/users'), []);
  const creators = [
    ...new Set([
      ...(users.data ?? []).map((u) => u.username),
      ...list.items.map((r) => r.createdBy).filter(Boolean),
      ...(list.filters.createdBy ?? []),
    ]),
  ].sort();

  // Source cluster and schedule come from each restore's backup; a deleted backup leaves them unknown.
  const facts = useRef(new Map<string, BackupFacts | null>());
  const [, setFactsVersion] = useState(0);
  const backupNames = [...new Set(list.items.map((r) => r.backup))].filter((b) => b && !facts.current.has(b));
  const wanted = backupNames.join(',');
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const names = wanted.split(',');
    for (const n of names) facts.current.set(n, null);
    void Promise.all(
      names.map(async (n) => {
        try {
          const b = await backupsApi.get(n);
          facts.current.set(n, { cluster: b.cluster, schedule: b.schedule });
        } catch {
          facts.current.set(n, null);
        }
      }),
    ).then(() => live && setFactsVersion((v) => v + 1));
    return () => {
      live = false;
    };
  }, [wanted]);

  const filtering = !!list.search || Object.values(list.filters).some((v) => v.length > 0);
  const unknown = <Typography.Text type="secondary">—</Typography.Text>;

  const columns: ColumnsType<Restore> = [
    nameColumn(list, { title: 'Restore Name', width: 180, to: paths.restoreDetail }),
    {
      title: 'Status',
      key: 'phase',
      dataIndex: 'phase',
      ...sortedBy(list, 'phase'),
      width: 130,
      render: (phase: string, r) => {
        const tag = <StatusTag status={restoreStatus(phase)} title={phase} />;
        return r.failureReason ? <Tooltip title={r.failureReason}>{tag}</Tooltip> : tag;
      },
    },
    {
      title: 'Backup Source',
      key: 'backup',
      dataIndex: 'backup',
      width: 180,
      render: (b: string) => (b ? <Link to={paths.backupDetail(b)}>{b}</Link> : unknown),
    },
    {
      title: 'Schedule',
      key: 'schedule',
      width: 120,
      render: (_, r) => {
        const f = facts.current.get(r.backup);
        return f?.schedule ? <Link to={paths.scheduleDetail(f.schedule)}>{f.schedule}</Link> : unknown;
      },
    },
    {
      // Beyond the spec's columns (§3.10): shown on wide screens (≥ 1600 px), so a laptop needs no
      // scrolling.
      title: 'Source Cluster',
      key: 'sourceCluster',
      width: 130,
      responsive: ['xxl'],
      render: (_, r) => facts.current.get(r.backup)?.cluster ?? unknown,
    },
    { title: 'Target Cluster', key: 'cluster', dataIndex: 'cluster', width: 120 },
    { ...summaryColumn('Namespaces', 'namespaces', 200, namespaceSummary), responsive: ['xxl'] },
    { title: 'Created By', key: 'createdBy', dataIndex: 'createdBy', width: 110 },
    {
      title: 'Date',
      key: 'createdAt',
      dataIndex: 'createdAt',
      ...sortedBy(list, 'createdAt'),
      width: 170,
      render: (t: string, r) => (
        <Tooltip title={r.startedAt ? `Started ${formatTime(r.startedAt)}` : 'Not started yet'}>
          <span>{formatTime(t)}</span>
        </Tooltip>
      ),
    },
    {
      title: 'Completed',
      key: 'completedAt',
      dataIndex: 'completedAt',
      ...sortedBy(list, 'completedAt'),
      width: 130,
      responsive: ['xxl'],
      render: (t: string | null, r) =>
        t ? (
          <Tooltip title={formatTime(t)}>
            <span>{relativeTime(t)}</span>
          </Tooltip>
        ) : isRunningPhase(r.phase) ? (
          <Typography.Text type="secondary">Running</Typography.Text>
        ) : (
          unknown
        ),
    },
    {
      title: 'Duration',
      key: 'duration',
      width: 100,
      responsive: ['xxl'],
      render: (_, r) => (r.startedAt ? elapsed(r.startedAt, isRunningPhase(r.phase) ? null : r.completedAt) : unknown),
    },
    { ...problemsColumn<Restore>(), responsive: ['xxl'] },
  ];

  const newRestore = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setModalOpen(true)}>
      New Restore
    </Button>
  );

  const body = () => {
    if (list.error && !list.data) return <ErrorState error={list.error} onRetry={() => void list.reload()} />;
    if (!list.loading && list.total === 0 && !filtering)
      return (
        <Empty
          image={<NoRestoresImage />}
          styles={{ image: { height: 110 } }}
          description={
            <div>
              <div className="empty-title">No restores yet</div>
              <div className="empty-description">
                Restore a backup into the same cluster or another one: the preview shows what would be created, updated or
                skipped before anything is written.
              </div>
            </div>
          }
        >
          {canWrite && (
            <Button type="primary" onClick={() => setModalOpen(true)}>
              Restore a backup
            </Button>
          )}
        </Empty>
      );
    return (
      <Table<Restore>
        {...serverTableProps(list)}
        columns={columns}
        scroll={{ x: 'max-content' }}
        aria-label="Restores"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="No restore matches the search or filters" /> }}
      />
    );
  };

  return (
    <div>
      <PageHeader title="Restores" subtitle="Restore backups into any registered cluster." actions={newRestore} />
      <div className="toolbar">
        <Input.Search
          allowClear
          placeholder="Search by restore name"
          aria-label="Search restores"
          style={{ width: 260 }}
          onSearch={(v) => list.setSearch(v.trim())}
          onChange={(e) => {
            if (!e.target.value) list.setSearch('');
          }}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label="Filter by status"
          placeholder="Status"
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
          value={STATUS_FILTERS.filter((f) => (list.filters.status ?? []).includes(f.value)).map((f) => f.value)}
          onChange={(values: string[]) => list.setFilter('status', values)}
          options={STATUS_FILTERS}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label="Filter by target cluster"
          placeholder="Target Cluster"
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
          loading={clusters.loading}
          value={list.filters.cluster ?? []}
          onChange={(values: string[]) => list.setFilter('cluster', values)}
          options={(clusters.data ?? []).map((c) => ({ value: c.name, label: c.name }))}
        />
        <Select
          mode="tags"
          allowClear
          aria-label="Filter by created by"
          placeholder="Created By"
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
          value={list.filters.createdBy ?? []}
          onChange={(values: string[]) => list.setFilter('createdBy', values)}
          options={creators.map((name) => ({ value: name, label: name }))}
        />
        <Space style={{ marginInlineStart: 'auto' }}>
          {list.error && list.data ? (
            <Typography.Text type="warning" role="status">
              Live updates paused: {(list.error as Error).message}
            </Typography.Text>
          ) : null}
          <Button icon={<ReloadOutlined />} aria-label="Refresh" onClick={() => void list.reload()} />
        </Space>
      </div>
      {body()}
      <NewRestoreModal open={modalOpen} onClose={() => setModalOpen(false)} onCreated={() => void list.reload()} />
    </div>
  );
}
