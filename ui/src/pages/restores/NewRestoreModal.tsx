// New Restore (feature spec §3.11): the four sections of the form, then a preview of what the
// restore would do (POST /restores/preview), then the restore itself (POST /restores).
// Decision: the spec's single "Save" becomes "Preview" then "Restore", so nothing is written to a
// cluster before the user has seen the plan. The API takes no description or labels for a
// restore, and modifiers only as a ConfigMap reference, so the form offers what it can send.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { SelectProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { Backup } from '../../api/backups';
import { backupsApi } from '../../api/backups';
import { clustersApi, listAll, type Cluster } from '../../api/infrastructure';
import { restoresApi, type CreateRestore, type RestorePreview, type ScheduleRef } from '../../api/restores';
import { applyServerErrors, problemRule } from '../../components/formErrors';
import { formatTime } from '../../lib/format';
import { useLoad } from '../../lib/usePolling';
import { paths } from '../../routes';
import { namespacesOf, type BackupContents } from '../backups/detail/contents';
import {
  buildRestoreRequest,
  DEFAULT_VALUES,
  dnsLabelProblem,
  formProblems,
  mappingOf,
  mappingProblems,
  serverFieldMap,
  splitSpecProblems,
  type RestoreFormValues,
} from './restoreForm';
import { RestorePreviewView } from './RestorePreviewView';

export interface NewRestoreModalProps {
  open: boolean;
  onClose: () => void;
  backup?: string; // pre-selects "Specific Backup"
  onCreated?: (restoreName: string) => void;
}

// Free text entries (resource types) as tags: typed, split at commas and spaces; no dropdown.
function TypedList(props: SelectProps<string[]>) {
  return <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} {...props} />;
}

function Section({ n, title, children }: { n: number; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`restore-section-${n}`} style={{ marginBottom: 8 }}>
      <Typography.Title level={5} id={`restore-section-${n}`} style={{ marginTop: n === 1 ? 0 : 8 }}>
        {n}. {title}
      </Typography.Title>
      {children}
    </section>
  );
}

export default function NewRestoreModal(props: NewRestoreModalProps) {
  const { open, onClose, backup: presetBackup, onCreated } = props;
  const [form] = Form.useForm<RestoreFormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [step, setStep] = useState<'form' | 'preview'>('form');
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [request, setRequest] = useState<CreateRestore | null>(null);
  const [busy, setBusy] = useState<'preview' | 'restore' | null>(null);
  const [topErrors, setTopErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    setStep('form');
    setPreview(null);
    setRequest(null);
    setTopErrors([]);
  }, [open]);

  const backups = useLoad(
    () => (open ? listAll<Backup>('/backups', { status: 'Completed,PartiallyFailed', sort: '-createdAt' }) : Promise.resolve([])),
    [open],
  );
  const schedules = useLoad(() => (open ? restoresApi.schedules() : Promise.resolve([] as ScheduleRef[])), [open]);
  const clusters = useLoad(() => (open ? clustersApi.all() : Promise.resolve([] as Cluster[])), [open]);

  const from = Form.useWatch('from', form) ?? 'backup';
  const chosenBackup = Form.useWatch('backup', form);
  const chosenSchedule = Form.useWatch('schedule', form);
  const namespaceScope = Form.useWatch('namespaceScope', form) ?? 'all';
  const modifyResources = Form.useWatch('modifyResources', form) ?? false;

  // The backup that would be restored: the chosen one, or the schedule's latest.
  const schedule = (schedules.data ?? []).find((s) => s.name === chosenSchedule);
  const sourceBackupName = from === 'schedule' ? (schedule?.lastBackup ?? undefined) : chosenBackup;
  const sourceBackup = (backups.data ?? []).find((b) => b.name === sourceBackupName);
  const contents = useLoad(
    () => (open && sourceBackupName ? backupsApi.contents<BackupContents>(sourceBackupName) : Promise.resolve(undefined)),
    [open, sourceBackupName],
  );
  const backupNamespaces = useMemo(() => {
    const found = namespacesOf(contents.data);
    if (found.length) return found;
    const spec = sourceBackup?.spec?.includedNamespaces ?? [];
    return spec.filter((n) => !/[*?[]/.test(n));
  }, [contents.data, sourceBackup]);

  // The target cluster follows the source (backup's or schedule's cluster) until the user picks one.
  const sourceCluster = from === 'schedule' ? schedule?.cluster : sourceBackup?.cluster;
  useEffect(() => {
    if (!open || !sourceCluster || form.isFieldTouched('cluster')) return;
    form.setFieldsValue({ cluster: sourceCluster });
  }, [open, sourceCluster, form]);

  const close = () => {
    if (busy) return;
    onClose();
  };

  const showServerError = (error: unknown, values: RestoreFormValues) => {
    const e = splitSpecProblems(error);
    if (e instanceof ApiError && e.status === 409) {
      form.setFields([{ name: 'name', errors: [e.message] }]);
      setTopErrors([]);
      return;
    }
    if (e instanceof ApiError && e.status === 422) {
      setTopErrors(applyServerErrors(form, e, serverFieldMap(values)));
      return;
    }
    setTopErrors([(e as Error)?.message ?? String(e)]);
  };

  const runPreview = async () => {
    setTopErrors([]);
    let values: RestoreFormValues;
    try {
      await form.validateFields();
      values = { ...DEFAULT_VALUES, ...form.getFieldsValue(true) } as RestoreFormValues;
    } catch {
      return; // the fields show their problems
    }
    const body = buildRestoreRequest(values);
    setBusy('preview');
    try {
      const answer = await restoresApi.preview(body);
      setPreview(answer);
      setRequest(body);
      setStep('preview');
    } catch (e) {
      showServerError(e, values);
    } finally {
      setBusy(null);
    }
  };

  const runRestore = async () => {
    if (!request) return;
    setBusy('restore');
    setTopErrors([]);
    try {
      const created = await restoresApi.create(request);
      message.success(`Restore ${created.name} started`);
      onCreated?.(created.name);
      onClose();
      navigate(paths.restoreDetail(created.name));
    } catch (e) {
      setStep('form');
      showServerError(e, { ...DEFAULT_VALUES, ...form.getFieldsValue(true) } as RestoreFormValues);
    } finally {
      setBusy(null);
    }
  };

  const previewFailed = preview && (preview.phase === 'FailedValidation' || preview.phase === 'Failed');
  const footer =
    step === 'form'
      ? [
          <Button key="cancel" onClick={close} disabled={!!busy}>
            Cancel
          </Button>,
          <Button key="preview" type="primary" loading={busy === 'preview'} onClick={() => void runPreview()}>
            Preview
          </Button>,
        ]
      : [
          <Button key="back" onClick={() => setStep('form')} disabled={!!busy}>
            Back
          </Button>,
          <Button key="restore" type="primary" loading={busy === 'restore'} disabled={!!previewFailed} onClick={() => void runRestore()}>
            Restore
          </Button>,
        ];

  const backupOptions = (backups.data ?? []).map((b) => ({
    value: b.name,
    label: b.name,
    search: `${b.name} ${b.cluster}`,
    backup: b,
  }));
  if (presetBackup && !backupOptions.some((o) => o.value === presetBackup))
    backupOptions.unshift({ value: presetBackup, label: presetBackup, search: presetBackup, backup: undefined as unknown as Backup });

  const namespaceOptions = backupNamespaces.map((n) => ({ value: n, label: n }));

  return (
    <Modal
      open={open}
      title={step === 'form' ? 'New Restore' : 'New Restore: Preview'}
      width={960}
      onCancel={close}
      footer={footer}
      destroyOnHidden
      mask={{ closable: false }}
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingRight: 8 } }}
    >
      {topErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={topErrors.length === 1 ? topErrors[0] : 'The server refused the restore'}
          description={
            topErrors.length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {topErrors.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {step === 'preview' && preview && <RestorePreviewView preview={preview} mapping={request?.spec.namespaceMapping ?? {}} />}
      <div style={{ display: step === 'form' ? 'block' : 'none' }}>
        <Form<RestoreFormValues>
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ ...DEFAULT_VALUES, backup: presetBackup }}
          name="new-restore"
          onFinish={() => void runPreview()}
        >
          <Section n={1} title="Basic Details">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  label="Restore Name"
                  name="name"
                  extra="Leave empty and the server names it restore-<date><time>."
                  rules={[problemRule((v?: string) => (v?.trim() ? dnsLabelProblem(v.trim(), 'restore name') : null))]}
                >
                  <Input placeholder="e.g. shop-to-staging" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="Restore From Backup" name="from" required>
                  <Radio.Group
                    options={[
                      { value: 'backup', label: 'Specific Backup' },
                      { value: 'schedule', label: 'Latest Backup Created by a Schedule' },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
            {from === 'backup' ? (
              <Form.Item
                label="Backup to be Restored"
                name="backup"
                required
                rules={[{ required: true, message: 'Choose the backup to restore' }]}
                extra={sourceBackup ? `From cluster ${sourceBackup.cluster}, taken ${formatTime(sourceBackup.createdAt)}` : 'Completed and Partially Failed backups can be restored.'}
              >
                <Select
                  showSearch={{ optionFilterProp: 'search' }}
                  loading={backups.loading}
                  placeholder="Choose a backup"
                  options={backupOptions}
                  notFoundContent={backups.error ? `Could not load backups: ${(backups.error as Error).message}` : 'No restorable backups'}
                  optionRender={(o) => {
                    const b = (o.data as { backup?: Backup }).backup;
                    return (
                      <span>
                        {String(o.value)}{' '}
                        {b && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {b.cluster} · {formatTime(b.createdAt)}
                            {b.phase === 'PartiallyFailed' ? ' · Partially Failed' : ''}
                          </Typography.Text>
                        )}
                      </span>
                    );
                  }}
                />
              </Form.Item>
            ) : (
              <Form.Item
                label="Schedule"
                name="schedule"
                required
                rules={[{ required: true, message: 'Choose the schedule whose latest backup to restore' }]}
                extra={
                  schedule
                    ? schedule.lastBackup
                      ? `Its latest Completed backup is restored (last backup: ${schedule.lastBackup}).`
                      : 'This schedule has made no backup yet.'
                    : 'The schedule’s most recent Completed backup is restored.'
                }
              >
                <Select
                  showSearch
                  loading={schedules.loading}
                  placeholder="Choose a schedule"
                  notFoundContent={schedules.error ? `Could not load schedules: ${(schedules.error as Error).message}` : 'No schedules'}
                  options={(schedules.data ?? []).map((s) => ({
                    value: s.name,
                    label: s.name,
                    disabled: !s.lastBackup,
                  }))}
                />
              </Form.Item>
            )}
          </Section>

          <Divider style={{ margin: '8px 0 12px' }} />
          <Section n={2} title="Restore Target">
            <Form.Item
              label="Target Cluster"
              name="cluster"
              required
              rules={[{ required: true, message: 'Choose the cluster to restore into' }]}
              extra={
                sourceCluster
                  ? `The backup comes from ${sourceCluster}; choose another cluster to migrate.`
                  : 'The cluster the resources are restored into.'
              }
            >
              <Select
                showSearch={{ optionFilterProp: 'title' }}
                loading={clusters.loading}
                placeholder="Choose a cluster"
                notFoundContent={clusters.error ? `Could not load clusters: ${(clusters.error as Error).message}` : 'No clusters'}
                options={(clusters.data ?? []).map((c) => ({
                  value: c.name,
                  title: c.name,
                  label: (
                    <span>
                      {c.name}
                      {c.name === sourceCluster && <Tag style={{ marginInlineStart: 8 }}>source</Tag>}
                      {c.health && c.health !== 'Healthy' && (
                        <Tag color="warning" style={{ marginInlineStart: 8 }}>
                          {c.health}
                        </Tag>
                      )}
                    </span>
                  ),
                }))}
              />
            </Form.Item>
            <Form.Item label="Namespaces to restore" name="namespaceScope">
              <Radio.Group
                options={[
                  { value: 'all', label: 'All Namespaces' },
                  { value: 'specific', label: 'Specific Namespaces' },
                ]}
              />
            </Form.Item>
            {namespaceScope === 'specific' && (
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    label="Included Namespaces"
                    name="includedNamespaces"
                    extra="Names or globs (*, ?, [abc]) of namespaces in the backup."
                    dependencies={['excludedNamespaces']}
                    rules={[
                      {
                        validator: async (_, v?: string[]) => {
                          const ex = form.getFieldValue('excludedNamespaces') as string[] | undefined;
                          if (!v?.length && !ex?.length) throw new Error('Name the namespaces to restore (or to leave out), or choose All Namespaces');
                        },
                      },
                    ]}
                  >
                    <Select mode="tags" placeholder="e.g. shop, team-*" options={namespaceOptions} tokenSeparators={[',', ' ']} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item label="Excluded Namespaces" name="excludedNamespaces" extra="Left out even when included.">
                    <Select mode="tags" placeholder="e.g. kube-system" options={namespaceOptions} tokenSeparators={[',', ' ']} />
                  </Form.Item>
                </Col>
              </Row>
            )}
            <MappingEditor form={form} namespaces={backupNamespaces} />
            <Form.Item
              label="Filter resources using label selectors"
              name="labelSelector"
              extra="key=value pairs separated by commas; an item must carry all of them."
              rules={[problemRule((v?: string) => formProblems({ ...DEFAULT_VALUES, labelSelector: v }).labelSelector)]}
            >
              <Input placeholder="e.g. app=storefront, tier=web" autoComplete="off" />
            </Form.Item>
          </Section>

          <Divider style={{ margin: '8px 0 12px' }} />
          <Section n={3} title="Restore Settings">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label="Included Resources" name="includedResources" extra="As kubectl names them: deployments, configmaps, ingresses.networking.k8s.io. Empty: all.">
                  <TypedList placeholder="All resources" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="Excluded Resources" name="excludedResources" extra="Nodes and events are never restored.">
                  <TypedList placeholder="e.g. secrets" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label="Include Cluster Resources" name="clusterResources">
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'auto', label: 'Auto (Recommended)' },
                      { value: 'include', label: 'Include all' },
                      { value: 'exclude', label: 'Exclude all' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  label="Existing Resource Policy"
                  name="existingResourcePolicy"
                  extra="For objects that already exist in the target and differ from the backup."
                >
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'none', label: 'Skip Resources' },
                      { value: 'update', label: 'Update Resources' },
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item label="Resource Status: include" name="statusIncludedResources" extra="Resources whose status is restored too, e.g. storageclasses.storage.k8s.io.">
                  <TypedList placeholder="None" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="Resource Status: exclude" name="statusExcludedResources">
                  <TypedList placeholder="None" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label="Restore Volumes" name="restorePVs" valuePropName="checked" extra="Restore persistent volumes of the backup.">
                  <Switch />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="Preserve Node Ports" name="preserveNodePorts" valuePropName="checked" extra="Keep Services' original nodePorts.">
                  <Switch />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="Modify Resources During Restore" name="modifyResources" valuePropName="checked" extra="Apply resource modifier rules from a ConfigMap.">
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
            {modifyResources && (
              <>
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title="Resource modifiers"
                  description="The rules (version: v1, resourceModifierRules with conditions and JSON, merge or strategic patches) live in a ConfigMap in the target cluster. They are applied to each item before it is created, e.g. to change storageClassName on PVCs when migrating to a cluster with other storage classes."
                />
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      label="ConfigMap Name"
                      name="resourceModifierName"
                      required
                      rules={[problemRule((v?: string) => (v?.trim() ? null : 'Name the ConfigMap that holds the resource modifier rules'))]}
                    >
                      <Input placeholder="e.g. dr-modifiers" autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      label="ConfigMap Namespace"
                      name="resourceModifierNamespace"
                      extra="Empty: Velero's namespace."
                      rules={[problemRule((v?: string) => (v?.trim() ? dnsLabelProblem(v.trim(), 'namespace name') : null))]}
                    >
                      <Input placeholder="velero" autoComplete="off" />
                    </Form.Item>
                  </Col>
                </Row>
              </>
            )}
          </Section>

          <Divider style={{ margin: '8px 0 12px' }} />
          <Section n={4} title="Timeout & Execution Controls">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item
                  label="Item Operation Timeout"
                  name="itemOperationTimeout"
                  extra="How long to wait for each asynchronous restore operation (Go duration: 4h, 90m)."
                  rules={[problemRule((v?: string) => formProblems({ ...DEFAULT_VALUES, itemOperationTimeout: v }).itemOperationTimeout)]}
                >
                  <Input placeholder="4h" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="Parallel Files Download" name="parallelFilesDownload" extra="Restore threads; 0 matches the node's CPU count.">
                  <InputNumber min={0} precision={0} placeholder="Default" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="Write Sparse Files" name="writeSparseFiles" valuePropName="checked" extra="Write sparse files when restoring volume data.">
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
          </Section>
          {/* Enter in a text field previews. */}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}

// Namespace Mapping: rows of source -> target namespace, checked together (duplicates).
function MappingEditor({ form, namespaces }: { form: ReturnType<typeof Form.useForm<RestoreFormValues>>[0]; namespaces: string[] }) {
  const rowRule = (index: number, field: 'source' | 'target') => ({
    validator: async () => {
      const rows = form.getFieldValue('mapping');
      const p = mappingProblems(rows).find((x) => x.index === index && x.field === field);
      if (p) throw new Error(p.message);
    },
  });
  return (
    <Form.Item label="Namespace Mapping" extra={namespaces.length ? `Namespaces in the backup: ${namespaces.join(', ')}` : 'Restore a namespace under another name: source (in the backup) → target.'}>
      <Form.List name="mapping">
        {(fields, { add, remove }) => (
          <div role="group" aria-label="Namespace Mapping">
            {fields.length > 0 && (
              <Row gutter={8} style={{ marginBottom: 4 }} aria-hidden="true">
                <Col flex="1">
                  <Typography.Text type="secondary">Source Namespace</Typography.Text>
                </Col>
                <Col flex="24px" />
                <Col flex="1">
                  <Typography.Text type="secondary">Target Namespace</Typography.Text>
                </Col>
                <Col flex="32px" />
              </Row>
            )}
            {fields.map((field, index) => (
              <Row gutter={8} key={field.key} align="top" data-testid={`mapping-row-${index}`}>
                <Col flex="1">
                  <Form.Item
                    name={[field.name, 'source']}
                    rules={[rowRule(index, 'source')]}
                    style={{ marginBottom: 8 }}
                    dependencies={fields.map((f) => ['mapping', f.name, 'source'])}
                  >
                    <Input aria-label={`Source Namespace ${index + 1}`} placeholder={namespaces[0] ?? 'prod'} autoComplete="off" list="restore-backup-namespaces" />
                  </Form.Item>
                </Col>
                <Col flex="24px" style={{ textAlign: 'center', lineHeight: '32px' }} aria-hidden="true">
                  →
                </Col>
                <Col flex="1">
                  <Form.Item
                    name={[field.name, 'target']}
                    rules={[rowRule(index, 'target')]}
                    style={{ marginBottom: 8 }}
                    dependencies={fields.map((f) => ['mapping', f.name, 'target'])}
                  >
                    <Input aria-label={`Target Namespace ${index + 1}`} placeholder="stage-prod" autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col flex="32px">
                  <Button type="text" icon={<DeleteOutlined />} aria-label={`Remove mapping row ${index + 1}`} onClick={() => remove(field.name)} />
                </Col>
              </Row>
            ))}
            <datalist id="restore-backup-namespaces">
              {namespaces.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => add({ source: '', target: '' })}>
                Add Mapping
              </Button>
              {fields.length > 0 && <MappingPreview form={form} />}
            </Space>
          </div>
        )}
      </Form.List>
    </Form.Item>
  );
}

function MappingPreview({ form }: { form: ReturnType<typeof Form.useForm<RestoreFormValues>>[0] }) {
  const rows = Form.useWatch('mapping', form);
  const n = Object.keys(mappingOf(rows)).length;
  return <Typography.Text type="secondary">{n === 1 ? '1 namespace mapped' : `${n} namespaces mapped`}</Typography.Text>;
}
