// Storage Locations tab (feature spec §3.13, §3.16, §4.4): the table with status and actions, the
// Add/Edit drawer (opened at .../backup-locations/storage/:name for a location) and the
// type-the-name deletion.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, StarFilled, StarOutlined, SyncOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import {
  clustersApi,
  deleteLocation,
  listAll,
  setDefaultLocation,
  validateLocation,
  type StorageLocation,
} from '../../api/infrastructure';
import { useAuth } from '../../auth/AuthContext';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { EmptyState, ErrorState, Loading } from '../../components/ErrorState';
import { StatusTag } from '../../components/StatusTag';
import { locationStatus } from '../../components/status';
import { formatGoDuration } from '../../lib/duration';
import { formatTime, relativeTime } from '../../lib/format';
import { useLoad } from '../../lib/usePolling';
import { paths } from '../../routes';
import { StorageLocationDrawer } from './StorageLocationDrawer';
import { providerLabel } from './locationForm';

const REFRESH_MS = 10_000;

export function where(l: StorageLocation): string {
  if (l.provider === 'filesystem') return `file://${l.bucket}${l.prefix ? `/${l.prefix}` : ''}`;
  return `${l.bucket}${l.prefix ? `/${l.prefix}` : ''}`;
}

function When({ iso }: { iso: string | null }) {
  if (!iso) return <Typography.Text type="secondary">never</Typography.Text>;
  return <span title={formatTime(iso)}>{relativeTime(iso)}</span>;
}

export function StorageLocationsTab({ name }: { name?: string }) {
  const { canWrite } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const list = useLoad(() => listAll<StorageLocation>('/locations'), [], REFRESH_MS);
  const clusters = useLoad(() => (canWrite ? clustersApi.all() : Promise.resolve([])), [canWrite]);
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [deleting, setDeleting] = useState<StorageLocation | null>(null);
  const [busy, setBusy] = useState<Record<string, string>>({}); // name -> action running

  const items = useMemo(() => list.data ?? [], [list.data]);
  const editing = name ? (items.find((l) => l.name === name) ?? null) : null;
  const shown = items.filter((l) => !search || l.name.toLowerCase().includes(search.toLowerCase()));

  const run = async (l: StorageLocation, action: string, call: () => Promise<StorageLocation>, done: (saved: StorageLocation) => void) => {
    setBusy((b) => ({ ...b, [l.name]: action }));
    try {
      done(await call());
      await list.reload();
    } catch (e) {
      message.error(`${action} ${l.name}: ${(e as Error).message}`);
    } finally {
      setBusy((b) => {
        const next = { ...b };
        delete next[l.name];
        return next;
      });
    }
  };

  const closeDrawer = () => {
    setAdding(false);
    if (name) navigate(paths.locations('storage'));
  };

  const columns: ColumnsType<StorageLocation> = [
    {
      title: 'Name',
      dataIndex: 'name',
      key: 'name',
      width: 150,
      sorter: (a, b) => a.name.localeCompare(b.name),
      defaultSortOrder: 'ascend',
      render: (_, l) => (
        <Space size={6} wrap>
          {canWrite ? <Link to={`${paths.locations('storage')}/${encodeURIComponent(l.name)}`}>{l.name}</Link> : <span>{l.name}</span>}
          {l.default && <Tag color="blue">Default</Tag>}
        </Space>
      ),
    },
    {
      title: 'Provider',
      dataIndex: 'provider',
      key: 'provider',
      width: 120,
      filters: [...new Set(items.map((l) => l.provider))].map((p) => ({ text: providerLabel(p), value: p })),
      onFilter: (value, l) => l.provider === value,
      render: (p: string) => providerLabel(p),
    },
    {
      title: 'Bucket / Prefix',
      key: 'bucket',
      width: 150,
      ellipsis: { showTitle: false },
      render: (_, l) => (
        <Tooltip title={where(l)} placement="topLeft">
          <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12.5 }}>{where(l)}</span>
        </Tooltip>
      ),
    },
    {
      title: 'Access Mode',
      dataIndex: 'accessMode',
      key: 'accessMode',
      width: 90,
      render: (m: string) => (m === 'ReadOnly' ? <Tag color="orange">Read Only</Tag> : 'Read Write'),
    },
    {
      title: 'Status',
      key: 'phase',
      width: 130,
      filters: [
        { text: 'Available', value: 'Available' },
        { text: 'Unavailable', value: 'Unavailable' },
      ],
      onFilter: (value, l) => l.phase === value,
      render: (_, l) => (
        <div data-testid={`location-status-${l.name}`}>
          <StatusTag status={locationStatus(l.phase)} title={l.message || undefined} />
          {l.phase === 'Unavailable' && l.message && (
            <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: l.message }} style={{ margin: '2px 0 0', fontSize: 12, maxWidth: 280 }}>
              {l.message}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: 'Last Validated',
      key: 'lastValidatedAt',
      width: 112,
      render: (_, l) => (
        <Tooltip title={`Every ${formatGoDuration(l.validationFrequencySeconds)}`}>
          <span>
            <When iso={l.lastValidatedAt} />
          </span>
        </Tooltip>
      ),
    },
    {
      title: 'Last Synced',
      key: 'lastSyncedAt',
      width: 108,
      render: (_, l) => (
        <Tooltip title={`Every ${formatGoDuration(l.backupSyncPeriodSeconds)}`}>
          <span>
            <When iso={l.lastSyncedAt} />
          </span>
        </Tooltip>
      ),
    },
  ];
  if (canWrite)
    columns.push({
      title: 'Actions',
      key: 'actions',
      width: 130,
      fixed: 'right',
      // Icon buttons (spec §3.16: Edit and Delete icons on the row), named by aria-label.
      render: (_, l) => (
        <Space size={2}>
          <Tooltip title="Edit">
            <Button
              type="text"
              size="small"
              aria-label="Edit"
              icon={<EditOutlined />}
              onClick={() => navigate(`${paths.locations('storage')}/${encodeURIComponent(l.name)}`)}
            />
          </Tooltip>
          <Tooltip title={l.default ? 'This is the default location' : 'Set as Default'}>
            <Button
              type="text"
              size="small"
              aria-label="Set as Default"
              icon={l.default ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
              disabled={l.default}
              loading={busy[l.name] === 'Set as Default'}
              onClick={() =>
                run(l, 'Set as Default', () => setDefaultLocation(l.name), () => message.success(`${l.name} is now the default location`))
              }
            />
          </Tooltip>
          <Tooltip title="Validate now">
            <Button
              type="text"
              size="small"
              aria-label="Validate now"
              icon={<SyncOutlined />}
              loading={busy[l.name] === 'Validate now'}
              onClick={() =>
                run(l, 'Validate now', () => validateLocation(l.name), (saved) =>
                  saved.phase === 'Available'
                    ? message.success(`${l.name} is Available`)
                    : message.warning(`${l.name} is ${saved.phase || 'not validated'}${saved.message ? `: ${saved.message}` : ''}`),
                )
              }
            />
          </Tooltip>
          <Tooltip title="Delete">
            <Button type="text" size="small" danger aria-label="Delete" icon={<DeleteOutlined />} onClick={() => setDeleting(l)} />
          </Tooltip>
        </Space>
      ),
    });

  const addButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
      Add Storage Location
    </Button>
  );

  let body;
  if (list.loading && !list.data) body = <Loading label="Loading storage locations…" />;
  else if (list.error && !list.data) body = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (items.length === 0)
    body = (
      <EmptyState
        title="No storage location yet"
        description="Backups are written to a storage location: an S3, Azure Blob or Google Cloud Storage bucket, or a directory. Add one before creating backups."
        action={addButton}
      />
    );
  else
    body = (
      <>
        <div className="toolbar">
          <Input.Search
            aria-label="Search storage locations"
            placeholder="Search by name"
            allowClear
            style={{ width: 260 }}
            onChange={(e) => setSearch(e.target.value)}
          />
          <div style={{ flex: 1 }} />
          {addButton}
        </div>
        {name && !editing && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={`There is no storage location named "${name}".`}
            action={<Link to={paths.locations('storage')}>Show all</Link>}
          />
        )}
        <Table<StorageLocation>
          rowKey="name"
          columns={columns}
          dataSource={shown}
          pagination={shown.length > 20 ? { pageSize: 20 } : false}
          rowClassName={(l) => (l.name === name ? 'ant-table-row-selected' : '')}
          scroll={{ x: 980 }}
        />
      </>
    );

  return (
    <>
      {body}
      {canWrite && (
        <StorageLocationDrawer
          open={adding || !!editing}
          editing={adding ? null : editing}
          locations={items}
          clusters={clusters.data ?? []}
          onClose={closeDrawer}
          onSaved={async (saved) => {
            closeDrawer();
            if (saved.phase === 'Available') message.success(`Storage location ${saved.name} saved: Available`);
            else message.warning(`Storage location ${saved.name} saved but ${saved.phase || 'not validated'}${saved.message ? `: ${saved.message}` : ''}`);
            await list.reload();
          }}
        />
      )}
      <ConfirmDelete
        open={!!deleting}
        title={`Delete storage location ${deleting?.name ?? ''}`}
        typeToConfirm={deleting?.name ?? ''}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteLocation(deleting!.name);
          message.success(`Storage location ${deleting!.name} deleted`);
          if (name === deleting!.name) navigate(paths.locations('storage'));
          await list.reload();
        }}
      >
        <Typography.Paragraph>
          Coffer forgets this location and the backups it holds. The bucket is not touched: adding the location again
          brings its backups back. Deletion is refused while one of its backups is running or being deleted.
        </Typography.Paragraph>
      </ConfirmDelete>
    </>
  );
}
