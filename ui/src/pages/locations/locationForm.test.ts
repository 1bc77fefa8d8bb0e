import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { StorageLocation } from '../../api/infrastructure';
import {
  DEFAULT_VALUES,
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
  toLocationBody,
  type LocationFormValues,
} from './locationForm';

afterEach(() => vi.unstubAllGlobals());

const values = (v: Partial<LocationFormValues>): LocationFormValues => ({ ...DEFAULT_VALUES, ...v });

const stored: StorageLocation = {
  name: 'primary',
  provider: 'aws',
  bucket: 'backups',
  prefix: 'eu',
  config: { region: 'eu-west-1', s3ForcePathStyle: 'true', profile: 'ops' },
  caCert: '',
  credential: { mode: 'sealed' },
  accessMode: 'ReadOnly',
  backupSyncPeriodSeconds: 300,
  validationFrequencySeconds: 5400,
  default: true,
  phase: 'Available',
  message: '',
  lastValidatedAt: null,
  lastSyncedAt: null,
  createdBy: 'admin',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('storage location checks', () => {
  it('names are RFC 1123 labels', () => {
    expect(objectNameProblem('')).toMatch(/Enter a name/);
    expect(objectNameProblem('Prod')).toMatch(/lowercase/);
    expect(objectNameProblem('a.b')).toMatch(/lowercase/);
    expect(objectNameProblem('x'.repeat(64))).toMatch(/at most 63/);
    expect(objectNameProblem('s3-backup-primary')).toBeNull();
  });

  it('a filesystem location needs an absolute path; a bucket has no "/"', () => {
    expect(bucketProblem('filesystem', '')).toMatch(/directory/);
    expect(bucketProblem('filesystem', 'relative/dir')).toMatch(/absolute/);
    expect(bucketProblem('filesystem', '/srv/backups')).toBeNull();
    expect(bucketProblem('aws', '')).toMatch(/bucket name/);
    expect(bucketProblem('azure', ' ')).toMatch(/container/);
    expect(bucketProblem('aws', 'bucket/sub')).toMatch(/Prefix/);
    expect(bucketProblem('aws', 'bucket')).toBeNull();
  });

  it('periods are Go durations of whole seconds, at most 7 days', () => {
    expect(periodProblem('')).toMatch(/Enter a duration/);
    expect(periodProblem('5 minutes')).toMatch(/not a duration/);
    expect(periodProblem('1500ms')).toMatch(/whole seconds/);
    expect(periodProblem('169h')).toMatch(/168h/);
    expect(periodProblem('1h30m')).toBeNull();
    expect(periodProblem('0')).toBeNull();
  });

  it('checks the S3 URL, the CA bundle, credential data and extra keys', () => {
    expect(s3UrlProblem('minio:9000')).not.toBeNull();
    expect(s3UrlProblem('ftp://minio')).toMatch(/http/);
    expect(s3UrlProblem('https://minio.local:9000')).toBeNull();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(normalizeCaCert(pem)).toEqual({ pem, problem: null });
    expect(normalizeCaCert(btoa(pem))).toEqual({ pem, problem: null });
    expect(normalizeCaCert('hello').problem).toMatch(/PEM/);
    expect(credentialDataProblem('aws', '')).toMatch(/credential data/);
    expect(credentialDataProblem('gcp', 'not json')).toMatch(/JSON/);
    expect(credentialDataProblem('gcp', '{"type":"service_account"}')).toBeNull();
    expect(extraConfigProblem([{ key: 'region', value: 'x' }], 'aws')).toMatch(/own field/);
    expect(extraConfigProblem([{ key: 'profile', value: 'a' }, { key: 'profile', value: 'b' }], 'aws')).toMatch(/twice/);
    expect(extraConfigProblem([{ key: '', value: 'v' }], 'aws')).toMatch(/needs a key/);
    expect(extraConfigProblem([{ key: '', value: '' }, { key: 'profile', value: 'ops' }], 'aws')).toBeNull();
  });
});

describe('storage location body', () => {
  it('filesystem: provider filesystem, the path as bucket, no config or credential', () => {
    const body = toLocationBody(
      values({ name: 'local', provider: 'filesystem', bucket: ' /srv/backups ', region: 'ignored', credentialMode: 'sealed', credentialData: 'x' }),
      { editing: false, makeDefault: false },
    );
    expect(body).toEqual({
      name: 'local',
      provider: 'filesystem',
      bucket: '/srv/backups',
      accessMode: 'ReadWrite',
      backupSyncPeriodSeconds: 60,
      validationFrequencySeconds: 60,
      default: false,
    });
  });

  it('S3 with sealed credential data and the provider keys as config', () => {
    const body = toLocationBody(
      values({
        name: 's3-primary',
        provider: 'aws',
        bucket: 'velero',
        prefix: '/cluster-1/backups/',
        region: 'minio',
        s3Url: 'http://127.0.0.1:9000',
        s3ForcePathStyle: true,
        insecureSkipTLSVerify: false,
        storageAccount: 'azure-only',
        extraConfig: [{ key: 'profile', value: ' ops ' }, { key: '', value: '' }],
        credentialMode: 'sealed',
        credentialData: '[default]\naws_access_key_id=AK\naws_secret_access_key=SK\n',
        accessMode: 'ReadOnly',
        backupSyncPeriod: '5m',
        validationFrequency: '1h30m',
      }),
      { editing: false, makeDefault: true },
    );
    expect(body).toEqual({
      name: 's3-primary',
      provider: 'aws',
      bucket: 'velero',
      prefix: 'cluster-1/backups',
      config: { region: 'minio', s3Url: 'http://127.0.0.1:9000', s3ForcePathStyle: 'true', profile: 'ops' },
      credential: { mode: 'sealed', data: '[default]\naws_access_key_id=AK\naws_secret_access_key=SK\n' },
      accessMode: 'ReadOnly',
      backupSyncPeriodSeconds: 300,
      validationFrequencySeconds: 5400,
      default: true,
    });
  });

  it('an existing Secret credential names the Secret, its key, cluster and namespace', () => {
    const body = toLocationBody(
      values({
        name: 'gcs',
        provider: 'gcp',
        bucket: 'b',
        credentialMode: 'secret',
        secretName: 'cloud-credentials',
        secretKey: 'cloud',
        secretCluster: 'demo',
        secretNamespace: 'velero',
      }),
      { editing: false, makeDefault: false },
    );
    expect(body.credential).toEqual({ mode: 'secret', secretName: 'cloud-credentials', secretKey: 'cloud', cluster: 'demo', namespace: 'velero' });
    expect(body.config).toBeUndefined();
  });

  it('editing keeps the stored credential unless another is chosen', () => {
    const v = fromLocation(stored);
    expect(v.credentialMode).toBe('keep');
    expect(v.region).toBe('eu-west-1');
    expect(v.s3ForcePathStyle).toBe(true);
    expect(v.extraConfig).toEqual([{ key: 'profile', value: 'ops' }]);
    expect(v.backupSyncPeriod).toBe('5m');
    expect(v.validationFrequency).toBe('1h30m');
    const body = toLocationBody(v, { editing: true, makeDefault: true });
    expect('credential' in body).toBe(false);
    expect(body.config).toEqual({ region: 'eu-west-1', s3ForcePathStyle: 'true', profile: 'ops' });
    // "None" while editing clears it.
    expect(toLocationBody({ ...v, credentialMode: 'none' }, { editing: true, makeDefault: true }).credential).toEqual({ mode: 'none' });
  });
});

describe('saving a location', () => {
  it('takes the default over from another location with POST /default', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method!, body: init.body ? JSON.parse(init.body as string) : undefined });
      return new Response(JSON.stringify({ ...stored, name: 'local', default: url.endsWith('/default') }), { status: 200 });
    });
    const saved = await saveLocation(values({ name: 'local', provider: 'filesystem', bucket: '/srv', isDefault: true }), {
      editing: null,
      otherDefault: 'primary',
    });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/v1/locations', 'POST /api/v1/locations/local/default']);
    expect((calls[0].body as { default: boolean }).default).toBe(false);
    expect(saved.default).toBe(true);
  });

  it('sends default: true itself when no other location is the default', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(stored), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await saveLocation(fromLocation(stored), { editing: stored, otherDefault: null });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/locations/primary');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body as string).default).toBe(true);
  });

  it('moves problems the storage layer reports under "provider" to the field they name', () => {
    const e = relocateProblems(
      new ApiError(422, 'Invalid', 'invalid', [
        { field: 'provider', message: 'spec.objectStorage.bucket: a filesystem location needs an absolute path' },
        { field: 'provider', message: 'spec.config.region: must be a string (quote it)' },
        { field: 'name', message: 'exists' },
      ]),
    ) as ApiError;
    expect(e.fields).toEqual([
      { field: 'bucket', message: 'a filesystem location needs an absolute path' },
      { field: 'config.region', message: 'must be a string (quote it)' },
      { field: 'name', message: 'exists' },
    ]);
  });
});
