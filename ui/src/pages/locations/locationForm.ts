// The storage location form's model: what the form holds, how it becomes the body of
// POST/PUT /locations (src/server/app/api_infrastructure.cpp `location_from`), the checks made
// before sending, and where the server's 422 problems go.
import { ApiError } from '../../api/client';
import {
  createLocation,
  setDefaultLocation,
  updateLocation,
  type CredentialBody,
  type LocationBody,
  type StorageLocation,
} from '../../api/infrastructure';
import type { FieldMap } from '../../components/formErrors';
import { durationProblem, formatGoDuration, parseGoDuration } from '../../lib/duration';

export type Provider = 'aws' | 'azure' | 'gcp' | 'filesystem';

export const PROVIDERS: { value: Provider; label: string }[] = [
  { value: 'aws', label: 'AWS S3 / S3-compatible' },
  { value: 'azure', label: 'Azure Blob' },
  { value: 'gcp', label: 'Google Cloud Storage' },
  { value: 'filesystem', label: 'Filesystem' },
];

export const providerLabel = (p: string) => PROVIDERS.find((x) => x.value === p)?.label ?? p;

// 'keep' (editing only): send no credential, so the server keeps the stored one.
export type CredentialMode = 'keep' | 'none' | 'sealed' | 'secret';

export interface KeyValue {
  key?: string;
  value?: string;
}

export interface LocationFormValues {
  name: string;
  provider: Provider;
  bucket: string; // the bucket/container, or the directory of a filesystem location
  prefix?: string;
  // AWS (and S3-compatibles)
  region?: string;
  s3Url?: string;
  s3ForcePathStyle?: boolean;
  insecureSkipTLSVerify?: boolean;
  // Azure
  storageAccount?: string;
  resourceGroup?: string;
  subscriptionId?: string;
  extraConfig?: KeyValue[];
  caCert?: string;
  credentialMode: CredentialMode;
  credentialData?: string;
  secretName?: string;
  secretKey?: string;
  secretCluster?: string;
  secretNamespace?: string;
  accessMode: 'ReadWrite' | 'ReadOnly';
  backupSyncPeriod: string; // Go duration
  validationFrequency: string;
  isDefault: boolean;
}

// The config keys that have their own form field, per provider.
export const PROVIDER_KEYS: Record<Provider, (keyof LocationFormValues & string)[]> = {
  aws: ['region', 's3Url', 's3ForcePathStyle', 'insecureSkipTLSVerify'],
  azure: ['storageAccount', 'resourceGroup', 'subscriptionId'],
  gcp: [],
  filesystem: [],
};
const FLAG_KEYS = new Set(['s3ForcePathStyle', 'insecureSkipTLSVerify']);

// The most a sync period or validation frequency may be (the server's bound: 7 days).
export const MAX_PERIOD_SECONDS = 7 * 24 * 3600;

export const DEFAULT_VALUES: LocationFormValues = {
  name: '',
  provider: 'aws',
  bucket: '',
  prefix: '',
  extraConfig: [],
  credentialMode: 'none',
  secretNamespace: 'velero',
  accessMode: 'ReadWrite',
  backupSyncPeriod: '1m',
  validationFrequency: '1m',
  isDefault: false,
};

// --- checks -------------------------------------------------------------------------------

// Catalog object names: an RFC 1123 label (BodyReader::name), stricter than a Kubernetes name.
export function objectNameProblem(name: string | undefined): string | null {
  if (!name || !name.trim()) return 'Enter a name';
  if (name.length > 63) return `The name is ${name.length} characters long; at most 63`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    return 'Use lowercase letters, digits and "-", starting and ending with a letter or digit';
  return null;
}

export function bucketProblem(provider: Provider, bucket: string | undefined): string | null {
  const b = (bucket ?? '').trim();
  if (provider === 'filesystem') {
    if (!b) return 'Enter the directory that holds the backups, e.g. /var/lib/coffer/backups';
    if (!b.startsWith('/')) return 'Use an absolute path, starting with "/"';
    return null;
  }
  if (!b) return provider === 'azure' ? 'Enter the container name' : 'Enter the bucket name';
  if (b.replace(/^\/+|\/+$/g, '').includes('/'))
    return 'A bucket name has no "/"; put the part after the first "/" in the Bucket Path Prefix';
  return null;
}

// A sync period or validation frequency: a Go duration of whole seconds, at most 7 days.
export function periodProblem(text: string | undefined): string | null {
  const p = durationProblem(text, { required: true });
  if (p) return p;
  const seconds = parseGoDuration(text!)!;
  if (seconds !== Math.floor(seconds)) return 'Use whole seconds, e.g. 30s, 5m or 1h';
  if (seconds > MAX_PERIOD_SECONDS) return 'At most 168h (7 days)';
  return null;
}

export function s3UrlProblem(url: string | undefined): string | null {
  if (!url || !url.trim()) return null;
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'Use an http:// or https:// address';
    return null;
  } catch {
    return 'Enter a URL such as https://minio.example.com:9000';
  }
}

// A PEM bundle as the server takes it; a base64-encoded bundle (Velero's caCert form) is decoded.
export function normalizeCaCert(text: string | undefined): { pem: string; problem: string | null } {
  const t = (text ?? '').trim();
  if (!t) return { pem: '', problem: null };
  if (t.includes('-----BEGIN CERTIFICATE-----')) return { pem: t, problem: null };
  try {
    const decoded = atob(t.replace(/\s+/g, ''));
    if (decoded.includes('-----BEGIN CERTIFICATE-----')) return { pem: decoded.trim(), problem: null };
  } catch {
    // not base64 either
  }
  return { pem: t, problem: 'Paste a PEM bundle (-----BEGIN CERTIFICATE-----) or its base64 encoding' };
}

export function credentialDataProblem(provider: Provider, data: string | undefined): string | null {
  if (!data || !data.trim()) return 'Enter the credential data (the content of the credential file)';
  if (provider === 'gcp') {
    try {
      JSON.parse(data);
    } catch {
      return 'A Google Cloud credential is a service-account key in JSON';
    }
  }
  return null;
}

export function extraConfigProblem(rows: KeyValue[] | undefined, provider: Provider): string | null {
  const seen = new Set<string>();
  for (const row of rows ?? []) {
    const key = (row.key ?? '').trim();
    if (!key && !(row.value ?? '').trim()) continue;
    if (!key) return 'Every value needs a key';
    if (seen.has(key)) return `The key "${key}" appears twice`;
    if (PROVIDER_KEYS[provider].includes(key as keyof LocationFormValues & string))
      return `Set "${key}" with its own field above`;
    seen.add(key);
  }
  return null;
}

// --- form ⇄ API ---------------------------------------------------------------------------

export function configOf(v: LocationFormValues): Record<string, string> {
  const config: Record<string, string> = {};
  if (v.provider === 'filesystem') return config;
  for (const key of PROVIDER_KEYS[v.provider]) {
    const value = v[key];
    if (FLAG_KEYS.has(key)) {
      if (value === true) config[key] = 'true';
    } else if (typeof value === 'string' && value.trim()) {
      config[key] = value.trim();
    }
  }
  for (const row of v.extraConfig ?? []) {
    const key = (row.key ?? '').trim();
    if (key) config[key] = (row.value ?? '').trim();
  }
  return config;
}

export function credentialOf(v: LocationFormValues, editing: boolean): CredentialBody | undefined {
  if (v.provider === 'filesystem') return editing ? { mode: 'none' } : undefined;
  switch (v.credentialMode) {
    case 'keep':
      return undefined;
    case 'sealed':
      return { mode: 'sealed', data: v.credentialData ?? '' };
    case 'secret': {
      const c: CredentialBody = {
        mode: 'secret',
        secretName: (v.secretName ?? '').trim(),
        secretKey: (v.secretKey ?? '').trim(),
        cluster: v.secretCluster ?? '',
      };
      const ns = (v.secretNamespace ?? '').trim();
      if (ns) c.namespace = ns;
      return c;
    }
    default:
      // None: on create nothing to send; on edit it clears a stored credential.
      return editing ? { mode: 'none' } : undefined;
  }
}

// The body of POST/PUT. `makeDefault`: whether the body itself may say default: true (the server
// refuses a second default, so switching the default goes through POST /{name}/default).
export function toLocationBody(v: LocationFormValues, opts: { editing: boolean; makeDefault: boolean }): LocationBody {
  const body: LocationBody = {
    name: v.name.trim(),
    provider: v.provider,
    bucket: v.bucket.trim(),
    accessMode: v.accessMode,
    backupSyncPeriodSeconds: parseGoDuration(v.backupSyncPeriod) ?? 60,
    validationFrequencySeconds: parseGoDuration(v.validationFrequency) ?? 60,
    default: opts.makeDefault,
  };
  const prefix = v.provider === 'filesystem' ? '' : (v.prefix ?? '').trim().replace(/^\/+|\/+$/g, '');
  if (prefix) body.prefix = prefix;
  const config = configOf(v);
  if (Object.keys(config).length) body.config = config;
  if (v.provider !== 'filesystem') {
    const ca = normalizeCaCert(v.caCert).pem;
    if (ca) body.caCert = ca;
  }
  const credential = credentialOf(v, opts.editing);
  if (credential) body.credential = credential;
  return body;
}

// A stored location as form values (editing). Credentials never come back: a stored one is kept
// unless the user picks another option.
export function fromLocation(l: StorageLocation): LocationFormValues {
  const provider = (['aws', 'azure', 'gcp', 'filesystem'].includes(l.provider) ? l.provider : 'aws') as Provider;
  const v: LocationFormValues = {
    ...DEFAULT_VALUES,
    name: l.name,
    provider,
    // A filesystem location's prefix is a directory under its path: the form shows one Path.
    bucket: provider === 'filesystem' && l.prefix ? `${l.bucket.replace(/\/+$/, '')}/${l.prefix}` : l.bucket,
    prefix: provider === 'filesystem' ? '' : l.prefix,
    caCert: l.caCert,
    accessMode: l.accessMode,
    backupSyncPeriod: formatGoDuration(l.backupSyncPeriodSeconds),
    validationFrequency: formatGoDuration(l.validationFrequencySeconds),
    isDefault: l.default,
    credentialMode: l.credential.mode === 'none' ? 'none' : 'keep',
    extraConfig: [],
  };
  if (l.credential.mode === 'secret') {
    v.secretName = l.credential.secretName;
    v.secretKey = l.credential.secretKey;
    v.secretCluster = l.credential.cluster;
    v.secretNamespace = l.credential.namespace;
  }
  const own = new Set<string>(PROVIDER_KEYS[provider]);
  const record = v as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(l.config ?? {})) {
    if (own.has(key)) record[key] = FLAG_KEYS.has(key) ? value === 'true' : value;
    else v.extraConfig!.push({ key, value });
  }
  return v;
}

// Saves the form: POST (or PUT), then POST /{name}/default when this location should take the
// default from another one. Answers the saved location.
export async function saveLocation(
  v: LocationFormValues,
  opts: { editing: StorageLocation | null; otherDefault: string | null },
): Promise<StorageLocation> {
  const takeOver = v.isDefault && !!opts.otherDefault;
  const body = toLocationBody(v, { editing: !!opts.editing, makeDefault: v.isDefault && !takeOver });
  let saved = opts.editing ? await updateLocation(opts.editing.name, body) : await createLocation(body);
  if (takeOver) saved = await setDefaultLocation(saved.name);
  return saved;
}

// --- server problems ------------------------------------------------------------------------

export const LOCATION_FIELDS: FieldMap = {
  name: 'name',
  provider: 'provider',
  url: 'bucket',
  bucket: 'bucket',
  prefix: 'prefix',
  'config.region': 'region',
  'config.s3Url': 's3Url',
  'config.s3ForcePathStyle': 's3ForcePathStyle',
  'config.insecureSkipTLSVerify': 'insecureSkipTLSVerify',
  'config.storageAccount': 'storageAccount',
  'config.resourceGroup': 'resourceGroup',
  'config.subscriptionId': 'subscriptionId',
  caCert: 'caCert',
  credential: 'credentialMode',
  'credential.mode': 'credentialMode',
  'credential.data': 'credentialData',
  'credential.secretName': 'secretName',
  'credential.secretKey': 'secretKey',
  'credential.cluster': 'secretCluster',
  'credential.namespace': 'secretNamespace',
  accessMode: 'accessMode',
  backupSyncPeriodSeconds: 'backupSyncPeriod',
  validationFrequencySeconds: 'validationFrequency',
  default: 'isDefault',
};

// The storage layer reports Velero's field paths inside the message of "provider"
// ("spec.objectStorage.bucket: a filesystem location needs an absolute path"): move such
// problems to the field they name.
export function relocateProblems(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.fields.length === 0) return error;
  const fields = error.fields.map((f) => {
    const m = /^spec\.(objectStorage\.(bucket|prefix|caCert)|config\.([A-Za-z0-9]+)|accessMode):\s*(.*)$/s.exec(f.message);
    if (!m) return f;
    const field = m[2] ?? (m[3] ? `config.${m[3]}` : 'accessMode');
    return { field, message: m[4] };
  });
  return new ApiError(error.status, error.code, error.message, fields);
}
