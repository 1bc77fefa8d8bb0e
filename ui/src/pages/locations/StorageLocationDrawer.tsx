// Add / Edit Storage Location (feature spec §3.14): every field our API has, grouped as the spec
// groups them. Provider-specific config keys have their own fields; the rest go in Key/Value rows.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Divider, Drawer, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Cluster, StorageLocation } from '../../api/infrastructure';
import { applyServerErrors, problemRule } from '../../components/formErrors';
import { ReadFileButton } from '../clusters/ReadFileButton';
import {
  DEFAULT_VALUES,
  LOCATION_FIELDS,
  PROVIDERS,
  bucketProblem,
  credentialDataProblem,
  extraConfigProblem,
  fromLocation,
  normalizeCaCert,
  objectNameProblem,
  periodProblem,
  relocateProblems,
  s3UrlProblem,
  saveLocation,
  type LocationFormValues,
  type Provider,
} from './locationForm';

// A period as a Go duration ("1m", "2h"; 0 turns it off), required.
function PeriodField(props: { name: string; label: string; extra: string }) {
  return (
    <Form.Item name={props.name} label={props.label} required rules={[problemRule(periodProblem)]} extra={props.extra} style={{ width: 270 }}>
      <Input placeholder="1m" />
    </Form.Item>
  );
}

const CREDENTIAL_HELP: Record<Provider, string> = {
  aws: 'An AWS shared credentials file ([default] with aws_access_key_id and aws_secret_access_key).',
  azure: 'Velero\'s Azure env file, e.g. AZURE_STORAGE_ACCOUNT_ACCESS_KEY=… (or AZURE_STORAGE_SAS_TOKEN).',
  gcp: 'A service-account key (JSON).',
  filesystem: '',
};

export function StorageLocationDrawer(props: {
  open: boolean;
  editing: StorageLocation | null;
  locations: StorageLocation[]; // to know the current default
  clusters: Cluster[];
  onClose: () => void;
  onSaved: (location: StorageLocation) => void;
}) {
  const { editing } = props;
  const [form] = Form.useForm<LocationFormValues>();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  // The values the form mounts with (the watched ones are undefined until the first effect):
  // the edited location's, so its provider's fields show from the first paint.
  const editingName = editing?.name;
  const mountValues = useMemo(
    () => (editing ? fromLocation(editing) : DEFAULT_VALUES),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.open, editingName],
  );
  const provider = (Form.useWatch('provider', form) ?? mountValues.provider) as Provider;
  const credentialMode = Form.useWatch('credentialMode', form) ?? mountValues.credentialMode;
  const isDefault = Form.useWatch('isDefault', form);

  // The values when the drawer opened: the list behind it refreshes every few seconds, and a
  // refresh must not reset what the user is typing.
  const initial = mountValues;
  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(mountValues);
    setProblems([]);
  }, [props.open, mountValues, form]);

  const otherDefault = props.locations.find((l) => l.default && l.name !== editing?.name)?.name ?? null;
  const storedCredential = editing?.credential;

  const submit = async (values: LocationFormValues) => {
    setBusy(true);
    setProblems([]);
    try {
      const saved = await saveLocation({ ...initial, ...values }, { editing, otherDefault });
      props.onSaved(saved);
    } catch (e) {
      setProblems(applyServerErrors(form, relocateProblems(e), LOCATION_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const isFs = provider === 'filesystem';
  const credentialOptions = [
    ...(editing && storedCredential && storedCredential.mode !== 'none'
      ? [{ value: 'keep', label: 'Keep the stored credential' }]
      : []),
    { value: 'none', label: 'None' },
    { value: 'sealed', label: 'Enter credential data' },
    { value: 'secret', label: 'Use existing Secret' },
  ];

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={editing ? `Edit Storage Location ${editing.name}` : 'Add Storage Location'}
      size={640}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            Save
          </Button>
        </Space>
      }
    >
      <Form<LocationFormValues>
        form={form}
        layout="vertical"
        initialValues={mountValues}
        onFinish={submit}
        requiredMark="optional"
        aria-label={editing ? 'Edit Storage Location' : 'Add Storage Location'}
      >
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            title="The location was not saved"
            description={problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          />
        )}

        <Typography.Title level={5}>Basic Details</Typography.Title>
        <Form.Item
          name="name"
          label="Backup Storage Location Name"
          required
          rules={[problemRule(objectNameProblem)]}
          extra={editing ? 'A location keeps its name.' : 'e.g. s3-backup-primary'}
        >
          <Input disabled={!!editing} placeholder="s3-backup-primary" autoFocus={!editing} />
        </Form.Item>
        <Form.Item name="provider" label="Provider" required>
          <Radio.Group options={PROVIDERS} />
        </Form.Item>

        <Divider />
        <Typography.Title level={5}>Object Storage Details</Typography.Title>
        {isFs ? (
          <Form.Item
            name="bucket"
            label="Path"
            required
            rules={[problemRule((v) => bucketProblem('filesystem', v))]}
            extra="An absolute directory on the Coffer server's host (a file:// location). Coffer writes Velero's layout under it."
          >
            <Input placeholder="/var/lib/coffer/backups" />
          </Form.Item>
        ) : (
          <Form.Item
            name="bucket"
            label="Storage Bucket"
            required
            rules={[problemRule((v) => bucketProblem(provider, v))]}
            extra={provider === 'azure' ? 'The blob container. It must exist.' : 'An existing bucket, reachable with the credential below.'}
          >
            <Input placeholder={provider === 'azure' ? 'velero-backups' : 'devtron-backups-prod'} />
          </Form.Item>
        )}
        {/* A filesystem location's path already says where; its prefix stays empty (decision: one
            field, so "Path" is unambiguous). */}
        {!isFs && (
          <Form.Item name="prefix" label="Bucket Path Prefix" extra="Optional, e.g. cluster-1/backups. Empty: the root.">
            <Input placeholder="cluster-1/backups" />
          </Form.Item>
        )}
        <Form.Item name="accessMode" label="Access Mode" required extra="Read Only: backups can be listed and restored, never written or deleted.">
          <Radio.Group
            options={[
              { value: 'ReadWrite', label: 'Read Write' },
              { value: 'ReadOnly', label: 'Read Only' },
            ]}
          />
        </Form.Item>

        {!isFs && (
          <>
            <Divider />
            <Typography.Title level={5}>Storage Configuration</Typography.Title>
            {provider === 'aws' && (
              <>
                <Form.Item name="region" label="Region" extra="e.g. us-east-1. S3-compatible stores often take any value, such as minio.">
                  <Input placeholder="us-east-1" />
                </Form.Item>
                <Form.Item
                  name="s3Url"
                  label="S3 URL"
                  rules={[problemRule(s3UrlProblem)]}
                  extra="For S3-compatible stores (MinIO, Ceph RGW): the endpoint. Empty for AWS."
                >
                  <Input placeholder="https://minio.example.com:9000" />
                </Form.Item>
                <Space size="large" wrap>
                  <Form.Item name="s3ForcePathStyle" label="Force path-style addressing" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item name="insecureSkipTLSVerify" label="Skip TLS verification" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Space>
              </>
            )}
            {provider === 'azure' && (
              <>
                <Form.Item
                  name="storageAccount"
                  label="Storage Account"
                  required
                  rules={[{ required: true, whitespace: true, message: 'Enter the storage account that holds the container' }]}
                >
                  <Input placeholder="mybackupaccount" />
                </Form.Item>
                <Form.Item name="resourceGroup" label="Resource Group">
                  <Input />
                </Form.Item>
                <Form.Item name="subscriptionId" label="Subscription ID">
                  <Input />
                </Form.Item>
              </>
            )}
            <Form.List
              name="extraConfig"
              rules={[
                {
                  validator: (_, rows) => {
                    const p = extraConfigProblem(rows, provider);
                    return p ? Promise.reject(new Error(p)) : Promise.resolve();
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <div style={{ marginBottom: 16 }}>
                  <Typography.Text>Additional configuration</Typography.Text>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    Other keys of Velero's <code>spec.config</code>, e.g. <code>profile</code>,{' '}
                    <code>serverSideEncryption</code>, <code>kmsKeyId</code>.
                  </Typography.Paragraph>
                  {fields.map((field, i) => (
                    <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'key']} style={{ marginBottom: 8 }}>
                        <Input aria-label={`Key ${i + 1}`} placeholder="Key" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'value']} style={{ marginBottom: 8 }}>
                        <Input aria-label={`Value ${i + 1}`} placeholder="Value" />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={`Remove row ${i + 1}`}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
                    Add key/value
                  </Button>
                  <Form.ErrorList errors={errors} />
                </div>
              )}
            </Form.List>
            <Form.Item
              label="CA Certificate"
              extra="Optional: the PEM bundle (or its base64) that signs a self-signed endpoint's certificate."
            >
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Form.Item
                  name="caCert"
                  noStyle
                  rules={[problemRule((v) => normalizeCaCert(v).problem)]}
                >
                  <Input.TextArea aria-label="CA Certificate" rows={3} placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />
                </Form.Item>
                <ReadFileButton
                  ariaLabel="Upload CA Certificate file"
                  accept=".pem,.crt,.cer,.txt"
                  onLoad={(text) => form.setFieldsValue({ caCert: text })}
                  onError={(m) => form.setFields([{ name: 'caCert', errors: [m] }])}
                />
              </Space>
            </Form.Item>

            <Divider />
            <Typography.Title level={5}>Credentials</Typography.Title>
            <Form.Item name="credentialMode" label="Credential">
              <Radio.Group options={credentialOptions} />
            </Form.Item>
            {credentialMode === 'keep' && storedCredential && (
              <Typography.Paragraph type="secondary">
                {storedCredential.mode === 'secret'
                  ? `Read from Secret ${storedCredential.namespace}/${storedCredential.secretName}, key ${storedCredential.secretKey}, in cluster ${storedCredential.cluster}.`
                  : 'A credential is stored encrypted; it is never shown. Choose "Enter credential data" to replace it.'}
              </Typography.Paragraph>
            )}
            {credentialMode === 'sealed' && (
              <Form.Item label="Credential Data" required extra={`${CREDENTIAL_HELP[provider]} Stored encrypted; never shown again.`}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Form.Item name="credentialData" noStyle rules={[problemRule((v) => credentialDataProblem(provider, v))]}>
                    <Input.TextArea aria-label="Credential Data" rows={5} spellCheck={false} autoComplete="off" />
                  </Form.Item>
                  <ReadFileButton
                    ariaLabel="Upload Credential Data file"
                    onLoad={(text) => form.setFieldsValue({ credentialData: text })}
                    onError={(m) => form.setFields([{ name: 'credentialData', errors: [m] }])}
                  />
                </Space>
              </Form.Item>
            )}
            {credentialMode === 'secret' && (
              <>
                <Typography.Paragraph type="secondary">
                  A Kubernetes Secret in a registered cluster, as Velero's <code>spec.credential</code>. It is read each time
                  the bucket is opened and never stored by Coffer.
                </Typography.Paragraph>
                <Form.Item name="secretName" label="Secret Name" required rules={[{ required: true, whitespace: true, message: 'Enter the Secret\'s name' }]}>
                  <Input placeholder="cloud-credentials" />
                </Form.Item>
                <Form.Item name="secretKey" label="Secret Key" required rules={[{ required: true, whitespace: true, message: 'Enter the key inside the Secret' }]}>
                  <Input placeholder="cloud" />
                </Form.Item>
                <Form.Item name="secretCluster" label="Cluster" required rules={[{ required: true, message: 'Choose the cluster that holds the Secret' }]}>
                  <Select
                    placeholder="Choose a registered cluster"
                    options={props.clusters.map((c) => ({ value: c.name, label: c.name }))}
                    notFoundContent="No cluster registered: add one under Clusters & Environments"
                  />
                </Form.Item>
                <Form.Item name="secretNamespace" label="Namespace" extra="Default: velero">
                  <Input placeholder="velero" />
                </Form.Item>
              </>
            )}
          </>
        )}

        <Divider />
        <Typography.Title level={5}>Sync &amp; Validation</Typography.Title>
        <Space size="large" wrap align="start">
          <PeriodField
            name="backupSyncPeriod"
            label="Backup Sync Period"
            extra="How often backups in the bucket are discovered, e.g. 5m or 1h (0 turns sync off)."
          />
          <PeriodField
            name="validationFrequency"
            label="Validation Frequency"
            extra="How often the location is checked, e.g. 10m or 2h (0 turns checks off)."
          />
        </Space>

        <Divider />
        <Typography.Title level={5}>Configuring Default Storage Location</Typography.Title>
        <Form.Item
          name="isDefault"
          label="Set as Default"
          valuePropName="checked"
          extra={
            isDefault && otherDefault
              ? `Saving makes this the default location instead of ${otherDefault}.`
              : 'The default location is pre-selected for new backups and schedules.'
          }
        >
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
