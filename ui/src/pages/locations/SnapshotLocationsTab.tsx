// Volume Snapshot Locations tab (feature spec §3.13, §3.15, §3.16). The API records VSLs (add,
// list, delete; no edit) but Coffer takes no volume snapshots yet (docs/api.md), so the copy says so.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import {
  clustersApi,
  createSnapshotLocation,
  deleteSnapshotLocation,
  listAll,
  type Cluster,
  type SnapshotLocation,
} from '../../api/infrastructure';
import { useAuth } from '../../auth/AuthContext';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { EmptyState, ErrorState, Loading } from '../../components/ErrorState';
import { applyServerErrors } from '../../components/formErrors';
import { formatTime, relativeTime } from '../../lib/format';
import { useLoad } from '../../lib/usePolling';
import { ReadFileButton } from '../clusters/ReadFileButton';
import { snapshotBody, SNAPSHOT_FIELDS, type SnapshotFormValues } from './snapshotForm';
import { objectNameProblem } from './locationForm';

const SNAPSHOT_PROVIDERS = [
  { value: 'aws', label: 'AWS' },
  { value: 'gcp', label: 'GCP' },
  { value: 'azure', label: 'Azure' },
];

const NOT_YET =
  'Coffer records volume snapshot locations for backups that ask for snapshots, but does not take provider volume snapshots yet.';

function credentialText(l: SnapshotLocation): string {
  if (l.credential.mode === 'sealed') return 'Stored (encrypted)';
  if (l.credential.mode === 'secret')
    return `Secret ${l.credential.namespace}/${l.credential.secretName} · ${l.credential.secretKey} (${l.credential.cluster})`;
  return 'None';
}

export function AddSnapshotLocationModal(props: {
  open: boolean;
  clusters: Cluster[];
  onClose: () => void;
  onSaved: (l: SnapshotLocation) => void;
}) {
  const [form] = Form.useForm<SnapshotFormValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const mode = Form.useWatch('credentialMode', form);
  const provider = Form.useWatch('provider', form);

  const submit = async (values: SnapshotFormValues) => {
    setBusy(true);
    setProblems([]);
    try {
      props.onSaved(await createSnapshotLocation(snapshotBody(values)));
    } catch (e) {
      setProblems(applyServerErrors(form, e, SNAPSHOT_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title="Add Volume Snapshot Location"
      okText="Save"
      onOk={() => form.submit()}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
      width={600}
    >
      <Form<SnapshotFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ provider: 'aws', credentialMode: 'none', config: [], secretNamespace: 'velero' }}
        requiredMark="optional"
        aria-label="Add Volume Snapshot Location"
      >
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={NOT_YET} />
        {problems.length > 0 && (
          <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={problems.join('; ')} />
        )}
        <Typography.Title level={5}>Basic Details</Typography.Title>
        <Form.Item name="provider" label="Provider" required>
          <Radio.Group options={SNAPSHOT_PROVIDERS} />
        </Form.Item>
        <Form.Item
          name="name"
          label="Volume Snapshot Location Name"
          required
          rules={[{ validator: (_, v) => (objectNameProblem(v) ? Promise.reject(new Error(objectNameProblem(v)!)) : Promise.resolve()) }]}
        >
          <Input placeholder={`${provider ?? 'aws'}-ebs-snapshots`} autoFocus />
        </Form.Item>
        <Typography.Title level={5}>Configuration Fields</Typography.Title>
        <Form.List name="config">
          {(fields, { add, remove }) => (
            <div style={{ marginBottom: 16 }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'key']}
                    style={{ marginBottom: 8 }}
                    rules={[{ required: true, whitespace: true, message: 'Enter a key' }]}
                  >
                    <Input aria-label={`Key ${i + 1}`} placeholder="Key, e.g. region" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} style={{ marginBottom: 8 }}>
                    <Input aria-label={`Value ${i + 1}`} placeholder="Value, e.g. us-east-1" />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} aria-label={`Remove row ${i + 1}`} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
                Add key/value
              </Button>
            </div>
          )}
        </Form.List>
        <Typography.Title level={5}>Credentials</Typography.Title>
        <Form.Item name="credentialMode" label="Credential">
          <Radio.Group
            options={[
              { value: 'none', label: 'None' },
              { value: 'sealed', label: 'Enter credential data' },
              { value: 'secret', label: 'Use existing Secret' },
            ]}
          />
        </Form.Item>
        {mode === 'sealed' && (
          <Form.Item label="Credential Data" required extra="Stored encrypted; never shown again.">
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Form.Item name="credentialData" noStyle rules={[{ required: true, whitespace: true, message: 'Enter the credential data' }]}>
                <Input.TextArea aria-label="Credential Data" rows={4} spellCheck={false} />
              </Form.Item>
              <ReadFileButton ariaLabel="Upload Credential Data file" onLoad={(text) => form.setFieldsValue({ credentialData: text })} />
            </Space>
          </Form.Item>
        )}
        {mode === 'secret' && (
          <>
            <Form.Item name="secretName" label="Secret Name" required rules={[{ required: true, whitespace: true, message: 'Enter the Secret\'s name' }]}>
              <Input placeholder="cloud-credentials" />
            </Form.Item>
            <Form.Item name="secretKey" label="Secret Key" required rules={[{ required: true, whitespace: true, message: 'Enter the key inside the Secret' }]}>
              <Input placeholder="cloud" />
            </Form.Item>
            <Form.Item name="secretCluster" label="Cluster" required rules={[{ required: true, message: 'Choose the cluster that holds the Secret' }]}>
              <Select placeholder="Choose a registered cluster" options={props.clusters.map((c) => ({ value: c.name, label: c.name }))} />
            </Form.Item>
            <Form.Item name="secretNamespace" label="Namespace" extra="Default: velero">
              <Input placeholder="velero" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

export function SnapshotLocationsTab() {
  const { canWrite } = useAuth();
  const { message } = App.useApp();
  const list = useLoad(() => listAll<SnapshotLocation>('/snapshot-locations'), [], 30_000);
  const clusters = useLoad(() => (canWrite ? clustersApi.all() : Promise.resolve([])), [canWrite]);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<SnapshotLocation | null>(null);
  const items = list.data ?? [];

  const columns: ColumnsType<SnapshotLocation> = [
    {
      title: 'Name',
      dataIndex: 'name',
      key: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name),
      defaultSortOrder: 'ascend',
      render: (_, l) => (
        <Space size={6}>
          {l.name}
          {l.default && <Tag color="blue">Default</Tag>}
        </Space>
      ),
    },
    { title: 'Provider', dataIndex: 'provider', key: 'provider', render: (p: string) => SNAPSHOT_PROVIDERS.find((x) => x.value === p)?.label ?? p },
    {
      title: 'Configuration',
      key: 'config',
      render: (_, l) =>
        Object.keys(l.config ?? {}).length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {Object.entries(l.config).map(([k, v]) => (
              <Tag key={k}>
                {k}={v}
              </Tag>
            ))}
          </Space>
        ),
    },
    { title: 'Credential', key: 'credential', render: (_, l) => credentialText(l) },
    {
      title: 'Created',
      key: 'createdAt',
      render: (_, l) => (
        <span title={`${formatTime(l.createdAt)} by ${l.createdBy}`}>{relativeTime(l.createdAt)}</span>
      ),
    },
  ];
  if (canWrite)
    columns.push({
      title: 'Actions',
      key: 'actions',
      width: 100,
      render: (_, l) => (
        <Button type="link" size="small" danger onClick={() => setDeleting(l)}>
          Delete
        </Button>
      ),
    });

  const addButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
      Add Volume Snapshot Location
    </Button>
  );

  let body;
  if (list.loading && !list.data) body = <Loading label="Loading volume snapshot locations…" />;
  else if (list.error && !list.data) body = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (items.length === 0)
    body = (
      <EmptyState
        title="No volume snapshot location yet"
        description={
          <>
            A volume snapshot location names where a provider keeps the snapshots of persistent volumes (one per provider per
            backup). {NOT_YET}
          </>
        }
        action={addButton}
      />
    );
  else
    body = (
      <>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={NOT_YET} />
        <div className="toolbar">
          <div style={{ flex: 1 }} />
          {addButton}
        </div>
        <Table<SnapshotLocation> rowKey="name" columns={columns} dataSource={items} pagination={items.length > 20 ? { pageSize: 20 } : false} />
      </>
    );

  return (
    <>
      {body}
      {canWrite && (
        <AddSnapshotLocationModal
          open={adding}
          clusters={clusters.data ?? []}
          onClose={() => setAdding(false)}
          onSaved={async (l) => {
            setAdding(false);
            message.success(`Volume snapshot location ${l.name} added`);
            await list.reload();
          }}
        />
      )}
      <ConfirmDelete
        open={!!deleting}
        title={`Delete volume snapshot location ${deleting?.name ?? ''}`}
        typeToConfirm={deleting?.name ?? ''}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          await deleteSnapshotLocation(deleting!.name);
          message.success(`Volume snapshot location ${deleting!.name} deleted`);
          await list.reload();
        }}
      />
    </>
  );
}
