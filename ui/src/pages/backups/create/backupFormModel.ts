// The backup-spec part of the "From Scratch" and "Create Backup Schedule" forms (feature spec §3.3,
// §3.5, §8.1, §8.2): the form's values, their mapping to Velero's Backup spec and back, the
// client-side checks, and where the server's 422 field paths land in the form.
import type { BackupSpec } from '../../../api/backups';
import type { FieldMap } from '../../../components/formErrors';
import { durationProblem } from '../../../lib/duration';
import { labelKeyProblem, labelValueProblem } from '../../../lib/names';

export type NamespaceMode = 'all' | 'production' | 'non-production' | 'specific';
export type ClusterResourcesMode = 'auto' | 'include' | 'exclude';

export interface LabelPair {
  key?: string;
  value?: string;
}

export interface OrderedResource {
  resource?: string;
  items?: string;
}

export interface BackupSpecValues {
  labels?: LabelPair[];
  namespaceMode: NamespaceMode;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  resourceMode: 'all' | 'specific';
  resourceScope: 'global' | 'scoped';
  includedResources?: string[];
  excludedResources?: string[];
  includedClusterScopedResources?: string[];
  excludedClusterScopedResources?: string[];
  includedNamespaceScopedResources?: string[];
  excludedNamespaceScopedResources?: string[];
  includeClusterResources: ClusterResourcesMode;
  labelSelectors?: string[];
  orderedResources?: OrderedResource[];
  resourcePolicy?: string;
  ttl?: string;
  location?: string;
  snapshotOption: 'skip' | 'take';
  volumeSnapshotLocation?: string;
  snapshotMoveData?: boolean;
  datamover?: string;
  defaultVolumesToFsBackup?: boolean;
  parallelFilesUpload?: number | null;
  csiSnapshotTimeout?: string;
  itemOperationTimeout?: string;
}

// Velero's defaults, shown in the form (DESIGN.md: TTL 720h, Item Operation Timeout 4h).
export const DEFAULT_TTL = '720h';
export const DEFAULT_ITEM_OPERATION_TIMEOUT = '4h';

export const initialSpecValues: BackupSpecValues = {
  labels: [],
  namespaceMode: 'all',
  includedNamespaces: [],
  excludedNamespaces: [],
  resourceMode: 'all',
  resourceScope: 'global',
  includeClusterResources: 'auto',
  labelSelectors: [],
  orderedResources: [],
  ttl: DEFAULT_TTL,
  snapshotOption: 'skip',
  snapshotMoveData: false,
  defaultVolumesToFsBackup: false,
  datamover: '',
  itemOperationTimeout: DEFAULT_ITEM_OPERATION_TIMEOUT,
};

// ---- label selectors ("app=web, tier in (db,cache), !legacy"), as kubectl reads them ----------

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

// Splits on commas outside parentheses.
function selectorTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  terms.push(current.trim());
  return terms.filter(Boolean);
}

export function parseSelector(text: string): { selector: LabelSelector; problems: string[] } {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  const problems: string[] = [];
  const checkKey = (key: string) => {
    const p = labelKeyProblem(key);
    if (p) problems.push(p);
  };
  const checkValues = (values: string[]) => {
    for (const v of values) {
      const p = labelValueProblem(v);
      if (p) problems.push(p);
    }
  };
  for (const term of selectorTerms(text)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/i))) {
      const values = m[3].split(',').map((v) => v.trim()).filter(Boolean);
      checkKey(m[1]);
      checkValues(values);
      if (values.length === 0) problems.push(`"${term}" lists no values`);
      matchExpressions.push({ key: m[1], operator: m[2].toLowerCase() === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = term.match(/^([^=!\s]+)\s*!=\s*(\S*)$/))) {
      checkKey(m[1]);
      checkValues([m[2]]);
      matchExpressions.push({ key: m[1], operator: 'NotIn', values: [m[2]] });
    } else if ((m = term.match(/^([^=!\s]+)\s*==?\s*(\S*)$/))) {
      checkKey(m[1]);
      checkValues([m[2]]);
      matchLabels[m[1]] = m[2];
    } else if ((m = term.match(/^!\s*([^=!\s]+)$/))) {
      checkKey(m[1]);
      matchExpressions.push({ key: m[1], operator: 'DoesNotExist' });
    } else if ((m = term.match(/^([^=!\s()]+)$/))) {
      checkKey(m[1]);
      matchExpressions.push({ key: m[1], operator: 'Exists' });
    } else {
      problems.push(`"${term}" is not a selector term: use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`);
    }
  }
  const selector: LabelSelector = {};
  if (Object.keys(matchLabels).length) selector.matchLabels = matchLabels;
  if (matchExpressions.length) selector.matchExpressions = matchExpressions;
  return { selector, problems };
}

export function formatSelector(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') terms.push(e.key);
    else if (e.operator === 'DoesNotExist') terms.push(`!${e.key}`);
    else terms.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return terms.join(', ');
}

// ---- checks (antd Form rules call these; each answers a message or null) ----------------------

export function labelsProblem(labels: LabelPair[] | undefined): string | null {
  const seen = new Set<string>();
  for (const pair of labels ?? []) {
    const key = (pair?.key ?? '').trim();
    const value = (pair?.value ?? '').trim();
    if (!key && !value) continue;
    if (!key) return `Give the label with value "${value}" a key`;
    const p = labelKeyProblem(key) ?? labelValueProblem(value);
    if (p) return p;
    if (seen.has(key)) return `The label key "${key}" is used twice`;
    seen.add(key);
  }
  return null;
}

export function selectorProblem(text: string | undefined): string | null {
  if (!text || !text.trim()) return null;
  const { problems } = parseSelector(text);
  return problems[0] ?? null;
}

export { durationProblem };

// ---- values → request ----------------------------------------------------------------------

const list = (v?: string[]) => (v ?? []).map((s) => s.trim()).filter(Boolean);

export function labelsOf(pairs: LabelPair[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const key = (p?.key ?? '').trim();
    if (key) out[key] = (p?.value ?? '').trim();
  }
  return out;
}

export interface SpecRequest {
  spec: BackupSpec;
  environments?: 'production' | 'non-production';
  labels: Record<string, string>;
  location?: string;
}

// The Velero Backup spec the values describe. `ttl` goes into the spec here; the schedule form
// moves it to the schedule's own `ttl` field.
export function toSpecRequest(v: BackupSpecValues): SpecRequest {
  const spec: BackupSpec = {};
  let environments: SpecRequest['environments'];

  // Namespaces to Backup (§8.1): environments are resolved by the server into spec.namespaceSet.
  if (v.namespaceMode === 'specific') spec.includedNamespaces = list(v.includedNamespaces);
  else if (v.namespaceMode === 'production' || v.namespaceMode === 'non-production') environments = v.namespaceMode;
  const excluded = list(v.excludedNamespaces);
  if (excluded.length) spec.excludedNamespaces = excluded;

  // Resources to Backup: the old (global) filters and includeClusterResources, or the four scoped
  // filters; the server refuses a mix of both, so the form never sends one.
  const scoped = v.resourceMode === 'specific' && v.resourceScope === 'scoped';
  if (v.resourceMode === 'specific') {
    if (scoped) {
      const fields = [
        'includedClusterScopedResources',
        'excludedClusterScopedResources',
        'includedNamespaceScopedResources',
        'excludedNamespaceScopedResources',
      ] as const;
      for (const f of fields) {
        const items = list(v[f]);
        if (items.length) spec[f] = items;
      }
    } else {
      const inc = list(v.includedResources);
      const exc = list(v.excludedResources);
      if (inc.length) spec.includedResources = inc;
      if (exc.length) spec.excludedResources = exc;
    }
  }
  if (!scoped && v.includeClusterResources !== 'auto') spec.includeClusterResources = v.includeClusterResources === 'include';

  // Label selectors: one group is spec.labelSelector; several are ORed (spec.orLabelSelectors).
  const groups = (v.labelSelectors ?? []).filter((s) => s && s.trim()).map((s) => parseSelector(s).selector);
  if (groups.length === 1) spec.labelSelector = groups[0];
  else if (groups.length > 1) spec.orLabelSelectors = groups;

  const ordered: Record<string, string> = {};
  for (const o of v.orderedResources ?? []) {
    const resource = (o?.resource ?? '').trim();
    const items = (o?.items ?? '').split(',').map((s) => s.trim()).filter(Boolean).join(',');
    if (resource && items) ordered[resource] = items;
  }
  if (Object.keys(ordered).length) spec.orderedResources = ordered;
  if (v.resourcePolicy && v.resourcePolicy.trim()) spec.resourcePolicy = { kind: 'configmap', name: v.resourcePolicy.trim() };

  if (v.ttl && v.ttl.trim()) spec.ttl = v.ttl.trim();

  // Storage & Snapshot Location.
  // (The location travels as the request's own `location` field, not spec.storageLocation.)
  if (v.snapshotOption === 'take') {
    spec.snapshotVolumes = true;
    if (v.volumeSnapshotLocation) spec.volumeSnapshotLocations = [v.volumeSnapshotLocation];
    if (v.snapshotMoveData) spec.snapshotMoveData = true;
    if (v.datamover) spec.datamover = v.datamover;
  } else {
    spec.snapshotVolumes = false;
  }
  if (v.defaultVolumesToFsBackup) spec.defaultVolumesToFsBackup = true;
  if (v.parallelFilesUpload !== undefined && v.parallelFilesUpload !== null)
    spec.uploaderConfig = { parallelFilesUpload: v.parallelFilesUpload };

  // Advanced Timeouts & Tuning.
  if (v.csiSnapshotTimeout && v.csiSnapshotTimeout.trim()) spec.csiSnapshotTimeout = v.csiSnapshotTimeout.trim();
  if (v.itemOperationTimeout && v.itemOperationTimeout.trim()) spec.itemOperationTimeout = v.itemOperationTimeout.trim();

  return { spec, environments, labels: labelsOf(v.labels), location: v.location || undefined };
}

// ---- spec → values (editing a schedule) ---------------------------------------------------

export function fromSpec(
  spec: BackupSpec | undefined,
  extra: { environments?: string | null; location?: string; labels?: Record<string, string> } = {},
): BackupSpecValues {
  const s = spec ?? {};
  const strings = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  const scopedKeys = [
    'includedClusterScopedResources',
    'excludedClusterScopedResources',
    'includedNamespaceScopedResources',
    'excludedNamespaceScopedResources',
  ] as const;
  const scoped = scopedKeys.some((k) => strings(s[k]).length > 0);
  const global = strings(s.includedResources).length > 0 || strings(s.excludedResources).length > 0;
  const included = strings(s.includedNamespaces);
  const namespaceMode: NamespaceMode =
    extra.environments === 'production' || extra.environments === 'non-production'
      ? extra.environments
      : included.length && !(included.length === 1 && included[0] === '*')
        ? 'specific'
        : 'all';
  const selectors: LabelSelector[] = [];
  if (s.labelSelector) selectors.push(s.labelSelector as LabelSelector);
  if (Array.isArray(s.orLabelSelectors)) selectors.push(...(s.orLabelSelectors as LabelSelector[]));
  const uploader = (s.uploaderConfig ?? {}) as { parallelFilesUpload?: number };
  const policy = s.resourcePolicy as { name?: string } | undefined;
  const vsl = strings(s.volumeSnapshotLocations);
  return {
    labels: Object.entries(extra.labels ?? {}).map(([key, value]) => ({ key, value })),
    namespaceMode,
    includedNamespaces: namespaceMode === 'specific' ? included : [],
    excludedNamespaces: strings(s.excludedNamespaces),
    resourceMode: scoped || global ? 'specific' : 'all',
    resourceScope: scoped ? 'scoped' : 'global',
    includedResources: strings(s.includedResources),
    excludedResources: strings(s.excludedResources),
    includedClusterScopedResources: strings(s.includedClusterScopedResources),
    excludedClusterScopedResources: strings(s.excludedClusterScopedResources),
    includedNamespaceScopedResources: strings(s.includedNamespaceScopedResources),
    excludedNamespaceScopedResources: strings(s.excludedNamespaceScopedResources),
    includeClusterResources:
      s.includeClusterResources === true ? 'include' : s.includeClusterResources === false ? 'exclude' : 'auto',
    labelSelectors: selectors.map(formatSelector),
    orderedResources: Object.entries(s.orderedResources ?? {}).map(([resource, items]) => ({ resource, items })),
    resourcePolicy: policy?.name ?? '',
    ttl: typeof s.ttl === 'string' ? s.ttl : DEFAULT_TTL,
    location: extra.location || (typeof s.storageLocation === 'string' ? s.storageLocation : undefined),
    snapshotOption: s.snapshotVolumes === true || vsl.length > 0 ? 'take' : 'skip',
    volumeSnapshotLocation: vsl[0],
    snapshotMoveData: s.snapshotMoveData === true,
    datamover: typeof s.datamover === 'string' ? s.datamover : '',
    defaultVolumesToFsBackup: s.defaultVolumesToFsBackup === true,
    parallelFilesUpload: typeof uploader.parallelFilesUpload === 'number' ? uploader.parallelFilesUpload : null,
    csiSnapshotTimeout: typeof s.csiSnapshotTimeout === 'string' ? s.csiSnapshotTimeout : '',
    itemOperationTimeout: typeof s.itemOperationTimeout === 'string' ? s.itemOperationTimeout : DEFAULT_ITEM_OPERATION_TIMEOUT,
  };
}

// ---- the server's field paths → form fields ---------------------------------------------------

// The spec's fields under `prefix` ("spec." for a backup, "template." for a schedule).
export function specFieldMap(prefix: string): FieldMap {
  const m: FieldMap = {
    includedNamespaces: 'includedNamespaces',
    excludedNamespaces: 'excludedNamespaces',
    namespaceSet: 'namespaceMode',
    includedResources: 'includedResources',
    excludedResources: 'excludedResources',
    includedClusterScopedResources: 'includedClusterScopedResources',
    excludedClusterScopedResources: 'excludedClusterScopedResources',
    includedNamespaceScopedResources: 'includedNamespaceScopedResources',
    excludedNamespaceScopedResources: 'excludedNamespaceScopedResources',
    includeClusterResources: 'includeClusterResources',
    labelSelector: 'labelSelectors',
    orLabelSelectors: 'labelSelectors',
    orderedResources: 'orderedResources',
    resourcePolicy: 'resourcePolicy',
    ttl: 'ttl',
    storageLocation: 'location',
    volumeSnapshotLocations: 'volumeSnapshotLocation',
    snapshotVolumes: 'snapshotOption',
    snapshotMoveData: 'snapshotMoveData',
    datamover: 'datamover',
    defaultVolumesToFsBackup: 'defaultVolumesToFsBackup',
    'uploaderConfig.parallelFilesUpload': 'parallelFilesUpload',
    uploaderConfig: 'parallelFilesUpload',
    csiSnapshotTimeout: 'csiSnapshotTimeout',
    itemOperationTimeout: 'itemOperationTimeout',
    'metadata.labels': 'labels',
  };
  const out: FieldMap = {};
  for (const [k, v] of Object.entries(m)) out[prefix + k] = v;
  return out;
}

// POST /backups: {name, cluster, location, environments, labels, spec}.
export const backupFieldMap: FieldMap = {
  ...specFieldMap('spec.'),
  name: 'name',
  'metadata.name': 'name',
  cluster: 'cluster',
  location: 'location',
  environments: 'namespaceMode',
  labels: 'labels',
  'metadata.labels': 'labels',
};

// POST/PUT /schedules: {name, cluster, schedule, location, paused, ttl, template, environments}.
export const scheduleFieldMap: FieldMap = {
  ...specFieldMap('template.'),
  name: 'name',
  cluster: 'cluster',
  schedule: 'schedule',
  location: 'location',
  paused: 'paused',
  ttl: 'ttl',
  environments: 'namespaceMode',
};
