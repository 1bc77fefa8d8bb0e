// The New Restore form (feature spec §3.11) as values, the request it sends (§8.3), its checks and
// where the server's 422 problems go. Pure functions: the modal renders, this decides.
import { ApiError, type FieldProblem } from '../../api/client';
import type { CreateRestore, RestoreSpec } from '../../api/restores';
import type { FieldMap } from '../../components/formErrors';
import { durationProblem } from '../../lib/duration';
import { parseLabelPairs } from '../../lib/names';

export interface MappingRow {
  source?: string;
  target?: string;
}

export type ClusterResources = 'auto' | 'include' | 'exclude';

export interface RestoreFormValues {
  name?: string;
  from: 'backup' | 'schedule';
  backup?: string;
  schedule?: string;
  cluster?: string;
  namespaceScope: 'all' | 'specific';
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  mapping?: MappingRow[];
  labelSelector?: string; // "app=web, tier=db"
  includedResources?: string[];
  excludedResources?: string[];
  statusIncludedResources?: string[];
  statusExcludedResources?: string[];
  clusterResources: ClusterResources;
  existingResourcePolicy: 'none' | 'update';
  restorePVs: boolean;
  preserveNodePorts: boolean;
  modifyResources: boolean;
  resourceModifierName?: string;
  resourceModifierNamespace?: string;
  itemOperationTimeout?: string;
  parallelFilesDownload?: number | null;
  writeSparseFiles: boolean;
}

// Velero's defaults, shown in the form (DESIGN.md: Item Operation Timeout defaults to 4h).
export const DEFAULT_VALUES: RestoreFormValues = {
  from: 'backup',
  namespaceScope: 'all',
  mapping: [],
  clusterResources: 'auto',
  existingResourcePolicy: 'none',
  restorePVs: true,
  preserveNodePorts: false,
  modifyResources: false,
  itemOperationTimeout: '4h',
  parallelFilesDownload: null,
  writeSparseFiles: false,
};

const clean = (list?: string[]) => (list ?? []).map((s) => s.trim()).filter(Boolean);

// The complete mapping rows as Velero's spec.namespaceMapping.
export function mappingOf(rows?: MappingRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows ?? []) {
    const source = row?.source?.trim();
    const target = row?.target?.trim();
    if (source && target) out[source] = target;
  }
  return out;
}

// The body of POST /restores and /restores/preview. Fields left at Velero's defaults are left out,
// as `velero restore create` leaves them out, so the stored spec says what the user chose.
export function buildRestoreRequest(v: RestoreFormValues): CreateRestore {
  const spec: RestoreSpec = {};
  if (v.namespaceScope === 'specific') {
    const included = clean(v.includedNamespaces);
    const excluded = clean(v.excludedNamespaces);
    if (included.length) spec.includedNamespaces = included;
    if (excluded.length) spec.excludedNamespaces = excluded;
  }
  const mapping = mappingOf(v.mapping);
  if (Object.keys(mapping).length) spec.namespaceMapping = mapping;

  const included = clean(v.includedResources);
  const excluded = clean(v.excludedResources);
  if (included.length) spec.includedResources = included;
  if (excluded.length) spec.excludedResources = excluded;

  // §5: Auto = unset (Velero decides), Include all = true, Exclude all = false.
  if (v.clusterResources === 'include') spec.includeClusterResources = true;
  if (v.clusterResources === 'exclude') spec.includeClusterResources = false;

  if (v.labelSelector && v.labelSelector.trim()) {
    const { labels } = parseLabelPairs(v.labelSelector);
    if (Object.keys(labels).length) spec.labelSelector = { matchLabels: labels };
  }

  const statusIncluded = clean(v.statusIncludedResources);
  const statusExcluded = clean(v.statusExcludedResources);
  if (statusIncluded.length || statusExcluded.length) {
    spec.restoreStatus = {};
    if (statusIncluded.length) spec.restoreStatus.includedResources = statusIncluded;
    if (statusExcluded.length) spec.restoreStatus.excludedResources = statusExcluded;
  }

  // §5: Skip Resources -> none, Update Resources -> update. Always sent: the choice is explicit.
  spec.existingResourcePolicy = v.existingResourcePolicy;
  // Velero restores PVs when restorePVs is unset; only "off" needs saying.
  if (!v.restorePVs) spec.restorePVs = false;
  if (v.preserveNodePorts) spec.preserveNodePorts = true;

  if (v.modifyResources && v.resourceModifierName?.trim()) {
    spec.resourceModifier = { kind: 'ConfigMap', name: v.resourceModifierName.trim() };
    if (v.resourceModifierNamespace?.trim()) spec.resourceModifier.namespace = v.resourceModifierNamespace.trim();
  }

  if (v.itemOperationTimeout?.trim()) spec.itemOperationTimeout = v.itemOperationTimeout.trim();
  const uploader: NonNullable<RestoreSpec['uploaderConfig']> = {};
  if (typeof v.parallelFilesDownload === 'number') uploader.parallelFilesDownload = v.parallelFilesDownload;
  if (v.writeSparseFiles) uploader.writeSparseFiles = true;
  if (Object.keys(uploader).length) spec.uploaderConfig = uploader;

  const body: CreateRestore = { cluster: v.cluster ?? '', spec };
  if (v.name?.trim()) body.name = v.name.trim();
  if (v.from === 'schedule') body.schedule = v.schedule;
  else body.backup = v.backup;
  return body;
}

// Namespace names are DNS-1123 labels (the server's rule for restore names too).
export function dnsLabelProblem(value: string | undefined, what: string): string | null {
  if (!value) return `Enter a ${what}`;
  if (value.length > 63) return `The ${what} is ${value.length} characters long; at most 63`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value))
    return `"${value}" is not a valid ${what}: use lowercase letters, digits and "-", starting and ending with a letter or digit`;
  return null;
}

export interface RowProblem {
  index: number;
  field: 'source' | 'target';
  message: string;
}

// Every problem of the mapping rows: incomplete rows, invalid names, a source mapped twice, two
// sources onto one target (Velero cannot restore two namespaces into one).
export function mappingProblems(rows?: MappingRow[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const sources = new Map<string, number>();
  const targets = new Map<string, number>();
  (rows ?? []).forEach((row, index) => {
    const source = row?.source?.trim() ?? '';
    const target = row?.target?.trim() ?? '';
    if (!source && !target) {
      problems.push({ index, field: 'source', message: 'Enter the source namespace, or remove this row' });
      return;
    }
    const sp = source ? dnsLabelProblem(source, 'namespace name') : 'Enter the source namespace';
    if (sp) problems.push({ index, field: 'source', message: sp });
    const tp = target ? dnsLabelProblem(target, 'namespace name') : 'Enter the target namespace';
    if (tp) problems.push({ index, field: 'target', message: tp });
    if (source) {
      if (sources.has(source))
        problems.push({ index, field: 'source', message: `"${source}" is already mapped in row ${sources.get(source)! + 1}` });
      else sources.set(source, index);
    }
    if (target) {
      if (targets.has(target))
        problems.push({
          index,
          field: 'target',
          message: `Row ${targets.get(target)! + 1} already restores into "${target}"; two namespaces cannot be restored into one`,
        });
      else targets.set(target, index);
    }
    if (source && target && source === target)
      problems.push({ index, field: 'target', message: 'The target is the source namespace; remove this row instead' });
  });
  return problems;
}

// The problems of the whole form, keyed by form field name (for the fields that have no rule of
// their own in the modal, and for tests).
export function formProblems(v: RestoreFormValues): Record<string, string> {
  const out: Record<string, string> = {};
  if (v.name?.trim()) {
    const p = dnsLabelProblem(v.name.trim(), 'restore name');
    if (p) out.name = p;
  }
  if (v.from === 'backup' && !v.backup) out.backup = 'Choose the backup to restore';
  if (v.from === 'schedule' && !v.schedule) out.schedule = 'Choose the schedule whose latest backup to restore';
  if (!v.cluster) out.cluster = 'Choose the cluster to restore into';
  if (v.namespaceScope === 'specific' && !clean(v.includedNamespaces).length && !clean(v.excludedNamespaces).length)
    out.includedNamespaces = 'Name the namespaces to restore (or to leave out), or choose All Namespaces';
  if (v.labelSelector?.trim()) {
    const { problems } = parseLabelPairs(v.labelSelector);
    if (problems.length) out.labelSelector = problems.join('; ');
  }
  const timeout = durationProblem(v.itemOperationTimeout);
  if (timeout) out.itemOperationTimeout = timeout;
  if (v.modifyResources && !v.resourceModifierName?.trim())
    out.resourceModifierName = 'Name the ConfigMap that holds the resource modifier rules';
  if (v.modifyResources && v.resourceModifierNamespace?.trim()) {
    const p = dnsLabelProblem(v.resourceModifierNamespace.trim(), 'namespace name');
    if (p) out.resourceModifierNamespace = p;
  }
  return out;
}

// The server's field paths (422) -> this form's fields. Mapping problems are reported per source
// namespace (`spec.namespaceMapping["shop"]`) and land on that row's target.
export function serverFieldMap(v: RestoreFormValues): FieldMap {
  const map: FieldMap = {
    name: 'name',
    'metadata.name': 'name',
    backup: v.from === 'schedule' ? 'schedule' : 'backup',
    'spec.backupName and spec.scheduleName': v.from === 'schedule' ? 'schedule' : 'backup',
    'spec.backupName': 'backup',
    schedule: 'schedule',
    'spec.scheduleName': 'schedule',
    cluster: 'cluster',
    'spec.includedNamespaces': 'includedNamespaces',
    'spec.excludedNamespaces': 'excludedNamespaces',
    'spec.includedResources': 'includedResources',
    'spec.excludedResources': 'excludedResources',
    'spec.includeClusterResources': 'clusterResources',
    'spec.labelSelector': 'labelSelector',
    'spec.orLabelSelectors': 'labelSelector',
    'spec.restoreStatus.includedResources': 'statusIncludedResources',
    'spec.restoreStatus.excludedResources': 'statusExcludedResources',
    'spec.restoreStatus': 'statusIncludedResources',
    'spec.existingResourcePolicy': 'existingResourcePolicy',
    'spec.restorePVs': 'restorePVs',
    'spec.preserveNodePorts': 'preserveNodePorts',
    'spec.resourceModifier': 'resourceModifierName',
    'spec.resourceModifier.namespace': 'resourceModifierNamespace',
    'spec.itemOperationTimeout': 'itemOperationTimeout',
    'spec.uploaderConfig.parallelFilesDownload': 'parallelFilesDownload',
    'spec.uploaderConfig.writeSparseFiles': 'writeSparseFiles',
  };
  (v.mapping ?? []).forEach((row, index) => {
    const source = row?.source?.trim();
    if (source) map[`spec.namespaceMapping[${JSON.stringify(source)}]`] = ['mapping', index, 'target'];
  });
  return map;
}

// The server reports problems found while reading the spec as one "spec" problem whose message
// lists them ("spec.a: ...; spec.b: ..."); split them so each lands on its field.
export function splitSpecProblems(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.fields.some((f) => f.field === 'spec')) return error;
  const fields: FieldProblem[] = [];
  for (const f of error.fields) {
    if (f.field !== 'spec') {
      fields.push(f);
      continue;
    }
    for (const part of f.message.split(/;\s+(?=spec\.)/)) {
      const m = /^(spec\.[A-Za-z0-9_.[\]"-]+): (.*)$/s.exec(part);
      fields.push(m ? { field: m[1], message: m[2] } : { field: 'spec', message: part });
    }
  }
  return new ApiError(error.status, error.code, error.message, fields);
}
