import { describe, expect, it } from 'vitest';
import { snapshotBody } from './snapshotForm';
import { fromLocation, toLocationBody } from './locationForm';
import type { StorageLocation } from '../../api/infrastructure';

describe('volume snapshot location body', () => {
  it('sends the config rows with a key and the chosen credential', () => {
    expect(
      snapshotBody({
        name: ' ebs ',
        provider: 'aws',
        config: [{ key: 'region', value: ' us-east-1 ' }, { key: ' ', value: 'x' }],
        credentialMode: 'secret',
        secretName: 'cloud-credentials',
        secretKey: 'cloud',
        secretCluster: 'demo',
        secretNamespace: '',
      }),
    ).toEqual({
      name: 'ebs',
      provider: 'aws',
      config: { region: 'us-east-1' },
      credential: { mode: 'secret', secretName: 'cloud-credentials', secretKey: 'cloud', cluster: 'demo' },
    });
    expect(snapshotBody({ name: 'g', provider: 'gcp', credentialMode: 'sealed', credentialData: '{}' })).toEqual({
      name: 'g',
      provider: 'gcp',
      credential: { mode: 'sealed', data: '{}' },
    });
  });
});

describe('editing a filesystem location', () => {
  it('shows its prefix as part of the path and sends one path back', () => {
    const l = {
      name: 'disk',
      provider: 'filesystem',
      bucket: '/srv/backups/',
      prefix: 'team-a',
      config: {},
      caCert: '',
      credential: { mode: 'none' },
      accessMode: 'ReadWrite',
      backupSyncPeriodSeconds: 60,
      validationFrequencySeconds: 120,
      default: false,
    } as unknown as StorageLocation;
    const v = fromLocation(l);
    expect(v.bucket).toBe('/srv/backups/team-a');
    const body = toLocationBody(v, { editing: true, makeDefault: false });
    expect(body).toEqual({
      name: 'disk',
      provider: 'filesystem',
      bucket: '/srv/backups/team-a',
      accessMode: 'ReadWrite',
      backupSyncPeriodSeconds: 60,
      validationFrequencySeconds: 120,
      default: false,
      credential: { mode: 'none' },
    });
  });
});
