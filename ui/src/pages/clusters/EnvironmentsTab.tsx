// Environments tab: namespaces of registered clusters marked Production or Non-production.
import { useState } from 'react';
import { App, Button, Input, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { deleteEnvironment, environmentsApi, type Cluster, type Environment } from '../../api/infrastructure';
import { useAuth } from '../../auth/AuthContext';
import { EmptyState, ErrorState, Loading } from '../../components/ErrorState';
import { useLoad } from '../../lib/usePolling';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { EnvironmentModal } from './EnvironmentModal';

export function EnvironmentsTab({ clusters }: { clusters: Cluster[] }) {
  const { canWrite } = useAuth();
  const { message } = App.useApp();
  const list = useLoad(() => environmentsApi.all(), []);
  const [modal, setModal] = useState<{ editing: Environment | null } | null>(null);
  const [deleting, setDeleting] = useState<Environment | null>(null);
  const [search, setSearch] = useState('');
  const items = list.data ?? [];
  const shown = items.filter((e) => !search || e.name.toLowerCase().includes(search.toLowerCase()));

  const columns: ColumnsType<Environment> = [
    { title: 'Name', dataIndex: 'name', key: 'name', sorter: (a, b) => a.name.localeCompare(b.name), defaultSortOrder: 'ascend' },
    {
      title: 'Cluster',
      dataIndex: 'cluster',
      key: 'cluster',
      sorter: (a, b) => a.cluster.localeCompare(b.cluster),
      filters: [...new Set(items.map((e) => e.cluster))].map((c) => ({ text: c, value: c })),
      onFilter: (v, e) => e.cluster === v,
    },
    { title: 'Namespace', dataIndex: 'namespace', key: 'namespace' },
    {
      title: 'Type',
      key: 'production',
      filters: [
        { text: 'Production', value: true },
        { text: 'Non-production', value: false },
      ],
      onFilter: (v, e) => e.production === v,
      render: (_, e) => (e.production ? <Tag color="red">Production</Tag> : <Tag color="green">Non-production</Tag>),
    },
  ];
  if (canWrite)
    columns.push({
      title: 'Actions',
      key: 'actions',
      width: 150,
      render: (_, e) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setModal({ editing: e })}>
            Edit
          </Button>
          <Button type="link" size="small" danger onClick={() => setDeleting(e)}>
            Delete
          </Button>
        </Space>
      ),
    });

  const addButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ editing: null })}>
      Add Environment
    </Button>
  );

  let body;
  if (list.loading && !list.data) body = <Loading label="Loading environments…" />;
  else if (list.error && !list.data) body = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (items.length === 0)
    body = (
      <EmptyState
        title="No environment yet"
        description={
          clusters.length === 0
            ? 'An environment is a namespace of a registered cluster: register a cluster first.'
            : 'An environment is a namespace of a cluster, marked Production or Non-production, so backups can select them together.'
        }
        action={clusters.length > 0 && addButton}
      />
    );
  else
    body = (
      <>
        <div className="toolbar">
          <Input.Search aria-label="Search environments" placeholder="Search by name" allowClear style={{ width: 260 }} onChange={(e) => setSearch(e.target.value)} />
          <div style={{ flex: 1 }} />
          {addButton}
        </div>
        <Table<Environment> rowKey="name" columns={columns} dataSource={shown} pagination={shown.length > 20 ? { pageSize: 20 } : false} />
      </>
    );

  return (
    <>
      {body}
      {canWrite && (
        <EnvironmentModal
          open={!!modal}
          editing={modal?.editing ?? null}
          clusters={clusters}
          onClose={() => setModal(null)}
          onSaved={async (e) => {
            setModal(null);
            message.success(`Environment ${e.name} saved`);
            await list.reload();
          }}
        />
      )}
      <ConfirmDelete
        open={!!deleting}
        title={`Delete environment ${deleting?.name ?? ''}?`}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteEnvironment(deleting!.name);
          message.success(`Environment ${deleting!.name} deleted`);
          await list.reload();
        }}
      >
        The namespace and its backups are not touched; backups and schedules that select {deleting?.production ? 'production' : 'non-production'}{' '}
        environments no longer include it.
      </ConfirmDelete>
    </>
  );
}
