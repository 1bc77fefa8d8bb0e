// Clusters tab: registered clusters with their health, Check / Edit / Delete, and Add Cluster.
import { useState } from 'react';
import { App, Button, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { checkCluster, deleteCluster, type Cluster } from '../../api/infrastructure';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState, ErrorState, Loading } from '../../components/ErrorState';
import { StatusTag } from '../../components/StatusTag';
import type { StatusLabel } from '../../components/status';
import { formatTime, relativeTime } from '../../lib/format';
import type { Loaded } from '../../lib/usePolling';
import { ClusterModal } from './ClusterModal';
import { ConfirmDelete } from '../../components/ConfirmDelete';

export function healthStatus(health: string): StatusLabel {
  if (health === 'Healthy') return { label: 'Healthy', tone: 'success' };
  if (!health) return { label: 'Not checked yet', tone: 'default' };
  return { label: health, tone: 'error' };
}

export function ClustersTab({ list }: { list: Loaded<Cluster[]> }) {
  const { canWrite } = useAuth();
  const { message } = App.useApp();
  const [modal, setModal] = useState<{ editing: Cluster | null } | null>(null);
  const [deleting, setDeleting] = useState<Cluster | null>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const items = list.data ?? [];
  const shown = items.filter((c) => !search || c.name.toLowerCase().includes(search.toLowerCase()));

  const check = async (c: Cluster) => {
    setChecking(c.name);
    try {
      const fresh = await checkCluster(c.name);
      if (fresh.health === 'Healthy') message.success(`${c.name} is Healthy: ${fresh.namespaces.length} namespaces`);
      else message.warning(`${c.name} is ${fresh.health}${fresh.healthMessage ? `: ${fresh.healthMessage}` : ''}`);
      await list.reload();
    } catch (e) {
      message.error(`Check ${c.name}: ${(e as Error).message}`);
    } finally {
      setChecking(null);
    }
  };

  const columns: ColumnsType<Cluster> = [
    { title: 'Name', dataIndex: 'name', key: 'name', sorter: (a, b) => a.name.localeCompare(b.name), defaultSortOrder: 'ascend' },
    {
      title: 'Server',
      key: 'server',
      width: 240,
      ellipsis: { showTitle: false },
      render: (_, c) =>
        c.inCluster ? (
          <Tag>In-cluster</Tag>
        ) : (
          <Tooltip title={c.server} placement="topLeft">
            <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12.5 }}>{c.server || '—'}</span>
          </Tooltip>
        ),
    },
    { title: 'Context', key: 'context', render: (_, c) => c.context || <Typography.Text type="secondary">{c.inCluster ? '—' : 'current-context'}</Typography.Text> },
    {
      title: 'Health',
      key: 'health',
      render: (_, c) => (
        <div>
          <StatusTag status={healthStatus(c.health)} title={c.healthMessage || undefined} />
          {c.health !== 'Healthy' && c.healthMessage && (
            <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: c.healthMessage }} style={{ margin: '2px 0 0', fontSize: 12, maxWidth: 320 }}>
              {c.healthMessage}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: 'Namespaces',
      key: 'namespaces',
      render: (_, c) =>
        c.namespaces.length ? (
          <Tooltip title={c.namespaces.join(', ')}>
            <span>{c.namespaces.length}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
    {
      title: 'Checked at',
      key: 'healthCheckedAt',
      render: (_, c) => (c.healthCheckedAt ? <span title={formatTime(c.healthCheckedAt)}>{relativeTime(c.healthCheckedAt)}</span> : '—'),
    },
  ];
  if (canWrite)
    columns.push({
      title: 'Actions',
      key: 'actions',
      width: 200,
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" loading={checking === c.name} onClick={() => check(c)}>
            Check
          </Button>
          <Button type="link" size="small" onClick={() => setModal({ editing: c })}>
            Edit
          </Button>
          <Button type="link" size="small" danger onClick={() => setDeleting(c)}>
            Delete
          </Button>
        </Space>
      ),
    });

  const addButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ editing: null })}>
      Add Cluster
    </Button>
  );

  let body;
  if (list.loading && !list.data) body = <Loading label="Loading clusters…" />;
  else if (list.error && !list.data) body = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (items.length === 0)
    body = (
      <EmptyState
        title="No cluster registered yet"
        description="Register a cluster by its kubeconfig to back it up and restore into it."
        action={addButton}
      />
    );
  else
    body = (
      <>
        <div className="toolbar">
          <Input.Search aria-label="Search clusters" placeholder="Search by name" allowClear style={{ width: 260 }} onChange={(e) => setSearch(e.target.value)} />
          <div style={{ flex: 1 }} />
          {addButton}
        </div>
        <Table<Cluster> rowKey="name" columns={columns} dataSource={shown} pagination={shown.length > 20 ? { pageSize: 20 } : false} scroll={{ x: 1000 }} />
      </>
    );

  return (
    <>
      {body}
      {canWrite && (
        <ClusterModal
          open={!!modal}
          editing={modal?.editing ?? null}
          onClose={() => setModal(null)}
          onSaved={async (c) => {
            setModal(null);
            if (c.health === 'Healthy') message.success(`Cluster ${c.name} saved: Healthy`);
            else message.warning(`Cluster ${c.name} saved but ${c.health}${c.healthMessage ? `: ${c.healthMessage}` : ''}`);
            await list.reload();
          }}
        />
      )}
      <ConfirmDelete
        open={!!deleting}
        title={`Delete cluster ${deleting?.name ?? ''}?`}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteCluster(deleting!.name);
          message.success(`Cluster ${deleting!.name} deleted`);
          await list.reload();
        }}
      >
        Coffer forgets the cluster and its stored kubeconfig. Backups of it stay in their storage locations. A cluster used by
        environments, schedules or running jobs cannot be deleted.
      </ConfirmDelete>
    </>
  );
}
