// The form sections both "Create Backup — From Scratch" and "Create Backup Schedule" show (feature
// spec §3.3 sections 2-4, §3.5 "all the From Scratch fields"): one module, used by both modals.
import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import type { FormInstance, FormListFieldData } from 'antd';
import type { FormListProps } from 'antd/es/form';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import {
  clustersApi,
  locationsApi,
  snapshotLocationsApi,
  type Cluster,
  type SnapshotLocation,
  type StorageLocation,
} from '../../../api/infrastructure';
import { problemRule } from '../../../components/formErrors';
import { useLoad } from '../../../lib/usePolling';
import { durationProblem } from '../../../lib/duration';
import { labelKeyProblem, labelValueProblem } from '../../../lib/names';
import { labelsProblem, selectorProblem, type BackupSpecValues } from './backupFormModel';

export interface FormOptions {
  clusters: Cluster[];
  locations: StorageLocation[];
  snapshotLocations: SnapshotLocation[];
}

// What the selects offer: clusters (with their namespaces), storage and snapshot locations.
export function useFormOptions(open: boolean) {
  return useLoad<FormOptions>(
    async () => {
      if (!open) return { clusters: [], locations: [], snapshotLocations: [] };
      const [clusters, locations, snapshotLocations] = await Promise.all([
        clustersApi.all(),
        locationsApi.all(),
        snapshotLocationsApi.all(),
      ]);
      return { clusters, locations, snapshotLocations };
    },
    [open],
  );
}

export const defaultLocationOf = (locations: StorageLocation[]) => locations.find((l) => l.default)?.name;

// Common resource types, offered as suggestions (any type or type.group can be typed).
const RESOURCE_SUGGESTIONS = [
  'pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', 'services',
  'ingresses', 'configmaps', 'secrets', 'serviceaccounts', 'roles', 'rolebindings', 'persistentvolumeclaims',
  'persistentvolumes', 'storageclasses', 'clusterroles', 'clusterrolebindings', 'customresourcedefinitions',
  'namespaces', 'events', 'events.events.k8s.io', 'horizontalpodautoscalers', 'networkpolicies',
].map((r) => ({ value: r, label: r }));

const strong = (text: string) => <Typography.Text strong>{text}</Typography.Text>;

export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={5} style={{ marginTop: 8, marginBottom: 12 }}>
      {children}
    </Typography.Title>
  );
}

// Namespace patterns as the server takes them (Velero globs: *, ?, [abc]).
export function namespacePatternProblem(pattern: string): string | null {
  if (!pattern.trim()) return 'An empty namespace pattern';
  if (/[{},!|()]/.test(pattern) || pattern.includes('**'))
    return `"${pattern}": use a namespace name or a glob with *, ? and [abc] ({}, ",", !, |, () and ** are not supported)`;
  if (!/^[a-z0-9*?[\]-]+$/.test(pattern))
    return `"${pattern}" is not a namespace name or pattern (lowercase letters, digits, "-", and * ? [ ])`;
  return null;
}

const patternsRule = problemRule((value: string[] | undefined) =>
  (value ?? []).map(namespacePatternProblem).find((problem) => problem) ?? null,
);

const durationRule = problemRule((value: string | undefined) => durationProblem(value));

// A Form.List edited row by row: each row's fields, a remove button ("Remove <what> n"), an add
// button and the list's own errors.
function RowsEditor(props: {
  name: string;
  rules?: FormListProps['rules'];
  what: string; // "label": names the remove buttons
  addText: (rows: number) => string;
  newRow: unknown;
  children: (field: FormListFieldData, index: number) => ReactNode;
}) {
  return (
    <Form.List name={props.name} rules={props.rules}>
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, i) => (
            <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }}>
              {props.children(field, i)}
              <Button type="text" icon={<DeleteOutlined />} aria-label={`Remove ${props.what} ${i + 1}`} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(props.newRow)}>
            {props.addText(fields.length)}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}

// A Go duration ("720h", "90m"), checked as it is typed.
function DurationField(props: { name: string; label: string; tooltip: string; placeholder: string; extra?: string }) {
  return (
    <Form.Item name={props.name} label={props.label} tooltip={props.tooltip} rules={[durationRule]} extra={props.extra}>
      <Input placeholder={props.placeholder} style={{ width: 200 }} />
    </Form.Item>
  );
}

// ---- Labels (Basic Details) -------------------------------------------------------------------

export function LabelsEditor({ help }: { help: string }) {
  return (
    <Form.Item label="Labels" tooltip={help} required={false}>
      <RowsEditor
        name="labels"
        rules={[
          {
            validator: async (_, value) => {
              const problem = labelsProblem(value);
              if (problem) throw new Error(problem);
            },
          },
        ]}
        what="label"
        addText={() => 'Add Label'}
        newRow={{ key: '', value: '' }}
      >
        {(field, i) => (
          <>
            <Form.Item
              name={[field.name, 'key']}
              style={{ marginBottom: 4 }}
              rules={[problemRule((v: string | undefined) => (v?.trim() ? labelKeyProblem(v.trim()) : 'Enter a key'))]}
            >
              <Input aria-label={`Label key ${i + 1}`} placeholder="key, e.g. team" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item
              name={[field.name, 'value']}
              style={{ marginBottom: 4 }}
              rules={[problemRule((v: string | undefined) => labelValueProblem((v ?? '').trim()))]}
            >
              <Input aria-label={`Label value ${i + 1}`} placeholder="value, e.g. payments" style={{ width: 240 }} />
            </Form.Item>
          </>
        )}
      </RowsEditor>
    </Form.Item>
  );
}

// ---- Cluster (Basic Details) ------------------------------------------------------------------

export function ClusterField({ options, loading, disabled }: { options?: FormOptions; loading: boolean; disabled?: boolean }) {
  return (
    <Form.Item
      name="cluster"
      label="Select Cluster to Backup"
      rules={[{ required: true, message: 'Select the cluster to back up' }]}
    >
      <Select
        placeholder="Select a cluster"
        loading={loading}
        disabled={disabled}
        showSearch
        options={(options?.clusters ?? []).map((c) => ({
          value: c.name,
          label: c.health && c.health !== 'Healthy' ? `${c.name} (${c.health})` : c.name,
        }))}
        notFoundContent={loading ? 'Loading clusters…' : 'No clusters registered yet'}
      />
    </Form.Item>
  );
}

// ---- Backup Scope & Policy ------------------------------------------------------------------

export function ScopeSection({ form, options, ttlHelp }: { form: FormInstance; options?: FormOptions; ttlHelp: string }) {
  const cluster = Form.useWatch('cluster', form) as string | undefined;
  const namespaceMode = Form.useWatch('namespaceMode', form) as BackupSpecValues['namespaceMode'] | undefined;
  const resourceMode = Form.useWatch('resourceMode', form) as BackupSpecValues['resourceMode'] | undefined;
  const resourceScope = Form.useWatch('resourceScope', form) as BackupSpecValues['resourceScope'] | undefined;
  const namespaces = (options?.clusters ?? []).find((c) => c.name === cluster)?.namespaces ?? [];
  const namespaceOptions = namespaces.map((n) => ({ value: n, label: n }));
  const notFound = cluster ? 'Type a namespace name or a pattern such as app-*' : 'Select a cluster first, or type a pattern';
  const scoped = resourceMode === 'specific' && resourceScope === 'scoped';

  const resourceSelect = (name: keyof BackupSpecValues, label: string, help: string) => (
    <Form.Item name={name} label={label} tooltip={help}>
      <Select mode="tags" tokenSeparators={[',', ' ']} options={RESOURCE_SUGGESTIONS} placeholder="e.g. deployments, configmaps" />
    </Form.Item>
  );

  return (
    <>
      <SectionTitle>Backup Scope &amp; Policy</SectionTitle>
      <Form.Item
        name="namespaceMode"
        label="Namespaces to Backup"
        rules={[{ required: true }]}
        tooltip="Production and non-production environments are the namespaces registered as environments of this cluster (Clusters & Environments), resolved when the backup starts."
      >
        <Radio.Group>
          <Space orientation="vertical">
            <Radio value="all">All Namespaces</Radio>
            <Radio value="production">All Production Environments</Radio>
            <Radio value="non-production">All Non-Production Environments</Radio>
            <Radio value="specific">Specific Namespaces</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      {namespaceMode === 'specific' && (
        <Form.Item
          name="includedNamespaces"
          label="Included Namespaces"
          extra="Pick namespaces of the cluster, or type a pattern (*, ? and [abc], e.g. team-*) and press Enter."
          rules={[
            { required: true, type: 'array', min: 1, message: 'Pick at least one namespace to back up' },
            patternsRule,
          ]}
        >
          <Select mode="tags" options={namespaceOptions} placeholder="Select namespaces" notFoundContent={notFound} />
        </Form.Item>
      )}
      <Form.Item
        name="excludedNamespaces"
        label="Excluded Namespaces"
        tooltip="Namespaces left out even when included above (exclusions win). Patterns allowed."
        rules={[patternsRule]}
      >
        <Select mode="tags" options={namespaceOptions} placeholder="None" notFoundContent={notFound} />
      </Form.Item>

      <Form.Item name="resourceMode" label="Resources to Backup">
        <Radio.Group
          options={[
            { value: 'all', label: 'All Resources' },
            { value: 'specific', label: 'Specific Resources' },
          ]}
        />
      </Form.Item>
      {resourceMode === 'specific' && (
        <>
          <Form.Item
            name="resourceScope"
            label="Resource Filter"
            tooltip="Global filters apply to every resource type. Scoped filters name cluster-scoped and namespace-scoped types separately (Velero's newer filters); the two kinds cannot be combined."
          >
            <Radio.Group
              options={[
                { value: 'global', label: 'Global' },
                { value: 'scoped', label: 'Cluster & Namespace Scoped' },
              ]}
            />
          </Form.Item>
          {resourceScope === 'scoped' ? (
            <>
              {resourceSelect('includedClusterScopedResources', 'Included Cluster-Scoped Resources', 'Cluster-scoped types to back up, e.g. storageclasses. Without any, cluster-scoped items come only when related to backed-up items.')}
              {resourceSelect('excludedClusterScopedResources', 'Excluded Cluster-Scoped Resources', 'Cluster-scoped types to leave out.')}
              {resourceSelect('includedNamespaceScopedResources', 'Included Namespace-Scoped Resources', 'Namespaced types to back up; empty means all of them.')}
              {resourceSelect('excludedNamespaceScopedResources', 'Excluded Namespace-Scoped Resources', 'Namespaced types to leave out, e.g. events.')}
            </>
          ) : (
            <>
              {resourceSelect('includedResources', 'Included Resources', 'Resource types to back up (plural, plural.group, kind or short name). Empty means all types.')}
              {resourceSelect('excludedResources', 'Excluded Resources', 'Resource types to leave out, e.g. secrets, events.')}
            </>
          )}
        </>
      )}
      {!scoped && (
        <Form.Item
          name="includeClusterResources"
          label="Include Cluster Resources"
          tooltip="Auto: cluster-scoped resources are backed up when every namespace is, otherwise only those related to backed-up items (e.g. the PVs of PVCs). Include all: every cluster-scoped resource. Exclude all: none, not even the namespace objects."
        >
          <Radio.Group
            options={[
              { value: 'auto', label: 'Auto' },
              { value: 'include', label: 'Include all' },
              { value: 'exclude', label: 'Exclude all' },
            ]}
          />
        </Form.Item>
      )}

      <Form.Item
        label="Filter resources using label selectors"
        tooltip="Only items whose labels match are backed up. Within a group all terms must match (AND); items matching any group are backed up (OR). Terms: key=value, key!=value, key in (a,b), key notin (a,b), key (exists), !key (does not exist)."
      >
        <RowsEditor
          name="labelSelectors"
          what="label selector"
          addText={(rows) => (rows ? 'Add OR Group' : 'Add Label Selector')}
          newRow=""
        >
          {(field, i) => (
            <>
              {i > 0 && <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>OR</Typography.Text>}
              <Form.Item
                name={field.name}
                style={{ marginBottom: 4 }}
                rules={[problemRule((v: string | undefined) => selectorProblem(v))]}
              >
                <Input aria-label={`Label selector ${i + 1}`} placeholder="app=web, tier in (db,cache)" style={{ width: 480 }} />
              </Form.Item>
            </>
          )}
        </RowsEditor>
      </Form.Item>

      <Form.Item
        label="Ordered Resources"
        tooltip="Items of a type written first, in this order: the type (e.g. pods) and its items as namespace/name, comma-separated."
      >
        <RowsEditor
          name="orderedResources"
          what="ordered resource"
          addText={() => 'Add Ordered Resource'}
          newRow={{ resource: '', items: '' }}
        >
          {(field, i) => (
            <>
              <Form.Item name={[field.name, 'resource']} style={{ marginBottom: 4 }} rules={[{ required: true, message: 'Enter a resource type' }]}>
                <Input aria-label={`Ordered resource type ${i + 1}`} placeholder="pods" style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'items']} style={{ marginBottom: 4 }} rules={[{ required: true, message: 'Enter namespace/name items' }]}>
                <Input aria-label={`Ordered resource items ${i + 1}`} placeholder="shop/db-0,shop/web-0" style={{ width: 320 }} />
              </Form.Item>
            </>
          )}
        </RowsEditor>
      </Form.Item>

      <Form.Item
        name="resourcePolicy"
        label="Resources Policy"
        tooltip="The name of an existing ConfigMap in the cluster's velero namespace that holds a Velero resource policy (YAML). Leave empty for none."
      >
        <Input placeholder="ConfigMap name (optional)" />
      </Form.Item>

      <DurationField name="ttl" label="Backup TTL" tooltip={ttlHelp} placeholder="720h" extra="A Go duration: 720h (30 days, the default), 168h, 90m." />
    </>
  );
}

// ---- Storage & Snapshot Location -----------------------------------------------------------

export function StorageSection(props: {
  form: FormInstance;
  options?: FormOptions;
  loading: boolean;
  followDefaultOption?: boolean; // schedules: "" = the default location at each run
}) {
  const { form, options, loading } = props;
  const snapshotOption = Form.useWatch('snapshotOption', form) as BackupSpecValues['snapshotOption'] | undefined;
  const locations = options?.locations ?? [];
  const locationOptions = locations.map((l) => ({
    value: l.name,
    disabled: l.accessMode === 'ReadOnly',
    label: `${l.name}${l.default ? ' (default)' : ''}${l.accessMode === 'ReadOnly' ? ' — read-only' : ''}`,
  }));
  if (props.followDefaultOption) locationOptions.unshift({ value: '', disabled: false, label: 'The default location at each run' });
  const vsls = options?.snapshotLocations ?? [];
  return (
    <>
      <SectionTitle>Storage &amp; Snapshot Location</SectionTitle>
      <Form.Item
        name="location"
        label="Storage Location"
        tooltip="The object storage that holds the backup's resources and logs. The location marked default is pre-selected."
        rules={[
          {
            validator: async (_, v: string | undefined | null) => {
              if (v === undefined || v === null || (v === '' && !props.followDefaultOption))
                throw new Error('Select a storage location');
            },
          },
        ]}
      >
        <Select
          placeholder="Select a storage location"
          loading={loading}
          options={locationOptions}
          notFoundContent={loading ? 'Loading…' : 'No storage locations; add one under Backup Locations'}
        />
      </Form.Item>
      <Form.Item name="snapshotOption" label="Snapshot Option">
        <Radio.Group
          options={[
            { value: 'take', label: 'Take Snapshot' },
            { value: 'skip', label: 'Skip Volume Snapshot' },
          ]}
        />
      </Form.Item>
      {snapshotOption === 'take' && (
        <div style={{ borderLeft: "3px solid #e5e7eb", paddingLeft: 16, marginBottom: 8 }}>
          {/* DESIGN.md: a Volume Snapshot Location is required only when Take Snapshot is chosen. */}
          <Form.Item
            name="volumeSnapshotLocation"
            label="Volume Snapshot Location"
            tooltip="Where volume snapshots are taken (one snapshot location per cloud provider per backup)."
            rules={[{ required: true, message: 'Select a volume snapshot location to take snapshots' }]}
          >
            <Select
              placeholder="Select a volume snapshot location"
              loading={loading}
              options={vsls.map((l) => ({ value: l.name, label: `${l.name} (${l.provider})${l.default ? ' — default' : ''}` }))}
              notFoundContent={loading ? 'Loading…' : 'No volume snapshot locations; add one under Backup Locations'}
            />
          </Form.Item>
          {!loading && vsls.length === 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="No volume snapshot locations exist"
              description="Add one under Backup Locations → Volume Snapshot Location, or choose Skip Volume Snapshot (file-system backup below needs none)."
            />
          )}
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
            {strong('Snapshot Volume Settings')}
          </Typography.Text>
          <Form.Item
            name="snapshotMoveData"
            label="Snapshot Move Data"
            valuePropName="checked"
            tooltip="Copy the snapshot data into the backup repository, so it survives the loss of the cluster's storage."
          >
            <Switch />
          </Form.Item>
          <Form.Item name="datamover" label="Data Mover" tooltip="The data mover used for Snapshot Move Data. Coffer has one built-in mover (velero).">
            <Select
              style={{ width: 280 }}
              options={[
                { value: '', label: 'Default (built-in)' },
                { value: 'velero', label: 'velero (built-in)' },
              ]}
            />
          </Form.Item>
        </div>
      )}
      {/* Decision: file-system backup needs no snapshot location, so it is offered with either
          Snapshot Option (Velero's defaultVolumesToFsBackup is independent of snapshotVolumes). */}
      <Form.Item
        name="defaultVolumesToFsBackup"
        label="Default Volumes to FS Backup"
        valuePropName="checked"
        tooltip="Back up the files of every pod volume with the node agent (file-system backup) instead of block snapshots."
      >
        <Switch />
      </Form.Item>
      <Form.Item
        name="parallelFilesUpload"
        label="Parallel Files Upload"
        tooltip="Files uploaded at once by file-system backup and data movement. Empty: one per CPU."
        rules={[{ type: 'integer', min: 1, message: 'Use a whole number of at least 1, or leave it empty' }]}
      >
        <InputNumber min={1} precision={0} placeholder="auto" style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}

// ---- Advanced Timeouts & Tuning ------------------------------------------------------------

export function TimeoutsSection() {
  return (
    <>
      <SectionTitle>Advanced Timeouts &amp; Tuning</SectionTitle>
      <Space size="large" wrap>
        <DurationField
          name="csiSnapshotTimeout"
          label="CSI Snapshot Timeout"
          tooltip="How long to wait for a CSI volume snapshot to become ready. Empty: 10m."
          placeholder="10m"
        />
        <DurationField
          name="itemOperationTimeout"
          label="Item Operation Timeout"
          tooltip="How long to wait for asynchronous operations (e.g. data movement) before the backup is marked partially failed. Default 4h."
          placeholder="4h"
        />
      </Space>
    </>
  );
}

// All three sections, in the spec's order.
export function BackupSpecSections(props: {
  form: FormInstance;
  options?: FormOptions;
  loading: boolean;
  ttlHelp: string;
  followDefaultOption?: boolean;
}) {
  return (
    <>
      <ScopeSection form={props.form} options={props.options} ttlHelp={props.ttlHelp} />
      <StorageSection form={props.form} options={props.options} loading={props.loading} followDefaultOption={props.followDefaultOption} />
      <TimeoutsSection />
    </>
  );
}
