import { describe, expect, it } from 'vitest';
import {
  backupFieldMap,
  fromSpec,
  initialSpecValues,
  parseSelector,
  scheduleFieldMap,
  toSpecRequest,
  labelsProblem,
  type BackupSpecValues,
} from './backupFormModel';
import { formFieldFor } from '../../../components/formErrors';
import { scheduleBody, scheduleValues } from './ScheduleFormModal';
import { fromScratchBody } from './FromScratchModal';
import type { Schedule } from '../../../api/schedules';

const v = (over: Partial<BackupSpecValues>): BackupSpecValues => ({ ...initialSpecValues, ...over });

describe('toSpecRequest: namespaces', () => {
  it('All Namespaces sends no includedNamespaces and no environments', () => {
    const r = toSpecRequest(v({ namespaceMode: 'all', includedNamespaces: ['stale'] }));
    expect(r.spec.includedNamespaces).toBeUndefined();
    expect(r.environments).toBeUndefined();
  });
  it('production / non-production environments go to `environments`', () => {
    expect(toSpecRequest(v({ namespaceMode: 'production' })).environments).toBe('production');
    const r = toSpecRequest(v({ namespaceMode: 'non-production', excludedNamespaces: ['kube-system'] }));
    expect(r.environments).toBe('non-production');
    expect(r.spec.includedNamespaces).toBeUndefined();
    expect(r.spec.excludedNamespaces).toEqual(['kube-system']);
  });
  it('Specific Namespaces sends the names and globs', () => {
    const r = toSpecRequest(v({ namespaceMode: 'specific', includedNamespaces: ['shop', ' team-* '] }));
    expect(r.spec.includedNamespaces).toEqual(['shop', 'team-*']);
    expect(r.environments).toBeUndefined();
  });
});

describe('toSpecRequest: resources', () => {
  it('maps Include Cluster Resources Auto / Include all / Exclude all to unset / true / false', () => {
    expect('includeClusterResources' in toSpecRequest(v({ includeClusterResources: 'auto' })).spec).toBe(false);
    expect(toSpecRequest(v({ includeClusterResources: 'include' })).spec.includeClusterResources).toBe(true);
    expect(toSpecRequest(v({ includeClusterResources: 'exclude' })).spec.includeClusterResources).toBe(false);
  });
  it('sends global filters, or the scoped ones without includeClusterResources', () => {
    const global = toSpecRequest(
      v({ resourceMode: 'specific', resourceScope: 'global', includedResources: ['deployments'], excludedResources: ['secrets'] }),
    );
    expect(global.spec).toMatchObject({ includedResources: ['deployments'], excludedResources: ['secrets'] });
    const scoped = toSpecRequest(
      v({
        resourceMode: 'specific',
        resourceScope: 'scoped',
        includeClusterResources: 'include',
        includedResources: ['ignored'],
        includedClusterScopedResources: ['storageclasses'],
        excludedNamespaceScopedResources: ['events'],
      }),
    );
    expect(scoped.spec.includedClusterScopedResources).toEqual(['storageclasses']);
    expect(scoped.spec.excludedNamespaceScopedResources).toEqual(['events']);
    expect(scoped.spec.includedResources).toBeUndefined();
    expect('includeClusterResources' in scoped.spec).toBe(false);
  });
  it('All Resources drops stale resource lists', () => {
    const r = toSpecRequest(v({ resourceMode: 'all', includedResources: ['pods'] }));
    expect(r.spec.includedResources).toBeUndefined();
  });
});

describe('toSpecRequest: selectors, order, volumes, timeouts, labels', () => {
  it('one selector group is labelSelector; several are orLabelSelectors', () => {
    expect(toSpecRequest(v({ labelSelectors: ['app=web'] })).spec.labelSelector).toEqual({ matchLabels: { app: 'web' } });
    const two = toSpecRequest(v({ labelSelectors: ['app=web', 'tier in (db,cache)'] })).spec;
    expect(two.labelSelector).toBeUndefined();
    expect(two.orLabelSelectors).toEqual([
      { matchLabels: { app: 'web' } },
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'cache'] }] },
    ]);
  });
  it('parses kubectl selector terms', () => {
    const { selector, problems } = parseSelector('app=web, env!=dev, tier notin (a, b), managed, !legacy');
    expect(problems).toEqual([]);
    expect(selector).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'tier', operator: 'NotIn', values: ['a', 'b'] },
        { key: 'managed', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(parseSelector('app==').problems).toEqual([]);
    expect(parseSelector('a b c').problems[0]).toMatch(/not a selector term/);
  });
  it('Take Snapshot sends snapshotVolumes, the snapshot location and data movement; Skip sends false', () => {
    const take = toSpecRequest(
      v({ snapshotOption: 'take', volumeSnapshotLocation: 'aws-snaps', snapshotMoveData: true, datamover: 'velero', parallelFilesUpload: 8 }),
    ).spec;
    expect(take).toMatchObject({
      snapshotVolumes: true,
      volumeSnapshotLocations: ['aws-snaps'],
      snapshotMoveData: true,
      datamover: 'velero',
      uploaderConfig: { parallelFilesUpload: 8 },
    });
    const skip = toSpecRequest(v({ snapshotOption: 'skip', volumeSnapshotLocation: 'aws-snaps', snapshotMoveData: true, defaultVolumesToFsBackup: true })).spec;
    expect(skip.snapshotVolumes).toBe(false);
    expect(skip.volumeSnapshotLocations).toBeUndefined();
    expect(skip.snapshotMoveData).toBeUndefined();
    expect(skip.defaultVolumesToFsBackup).toBe(true);
  });
  it('sends the TTL, timeouts, ordered resources, resource policy and labels', () => {
    const r = toSpecRequest(
      v({
        ttl: '168h',
        csiSnapshotTimeout: '10m',
        itemOperationTimeout: '2h',
        orderedResources: [{ resource: 'pods', items: 'shop/db-0, shop/web-0' }],
        resourcePolicy: 'skip-big-volumes',
        labels: [{ key: 'team', value: 'payments' }, { key: '', value: '' }],
      }),
    );
    expect(r.spec).toMatchObject({
      ttl: '168h',
      csiSnapshotTimeout: '10m',
      itemOperationTimeout: '2h',
      orderedResources: { pods: 'shop/db-0,shop/web-0' },
      resourcePolicy: { kind: 'configmap', name: 'skip-big-volumes' },
    });
    expect(r.labels).toEqual({ team: 'payments' });
  });
  it('checks labels', () => {
    expect(labelsProblem([{ key: 'team', value: 'a' }, { key: 'team', value: 'b' }])).toMatch(/twice/);
    expect(labelsProblem([{ key: '', value: 'x' }])).toMatch(/key/);
    expect(labelsProblem([{ key: 'ok', value: 'has space' }])).toMatch(/not a valid label value/);
    expect(labelsProblem([{ key: 'ok', value: 'fine' }])).toBeNull();
  });
});

describe('request bodies', () => {
  it('From Scratch: name, cluster, location, environments, labels and spec', () => {
    expect(
      fromScratchBody({
        ...v({ namespaceMode: 'production', location: 'archive', labels: [{ key: 'team', value: 'x' }] }),
        name: ' nightly ',
        cluster: 'demo',
      }),
    ).toEqual({
      name: 'nightly',
      cluster: 'demo',
      location: 'archive',
      environments: 'production',
      labels: { team: 'x' },
      spec: { ttl: '720h', snapshotVolumes: false, itemOperationTimeout: '4h' },
    });
  });
  it('schedule: the TTL is the schedule’s own, labels go to the template metadata', () => {
    expect(
      scheduleBody({
        ...v({ namespaceMode: 'specific', includedNamespaces: ['shop'], ttl: '72h', labels: [{ key: 'team', value: 'x' }], location: '' }),
        name: 'nightly',
        cluster: 'demo',
        schedule: ' 0 2 * * * ',
        paused: true,
      }),
    ).toEqual({
      name: 'nightly',
      cluster: 'demo',
      schedule: '0 2 * * *',
      paused: true,
      ttl: '72h',
      template: {
        includedNamespaces: ['shop'],
        snapshotVolumes: false,
        itemOperationTimeout: '4h',
        metadata: { labels: { team: 'x' } },
      },
    });
  });
  it('a schedule read back into the form sends the same template', () => {
    const template = {
      includedNamespaces: ['shop'],
      excludedResources: ['secrets'],
      includeClusterResources: false,
      labelSelector: { matchLabels: { app: 'web' } },
      snapshotVolumes: true,
      volumeSnapshotLocations: ['aws-snaps'],
      itemOperationTimeout: '4h',
      metadata: { labels: { team: 'x' } },
    };
    const s = {
      name: 'n', cluster: 'demo', location: 'archive', schedule: '@daily', description: 'Every day', paused: false,
      skipNext: false, ttl: '72h0m0s', template, environments: null,
    } as unknown as Schedule;
    const values = scheduleValues(s);
    expect(values.ttl).toBe('72h');
    expect(values.namespaceMode).toBe('specific');
    const body = scheduleBody(values);
    expect(body.template).toEqual(template);
    expect(body.location).toBe('archive');
    expect(fromSpec({}, { environments: 'production' }).namespaceMode).toBe('production');
  });
});

describe('server field paths', () => {
  it('land on the form fields', () => {
    expect(formFieldFor('spec.ttl', backupFieldMap)).toBe('ttl');
    expect(formFieldFor('spec.includedNamespaces[1]', backupFieldMap)).toBe('includedNamespaces');
    expect(formFieldFor('spec.uploaderConfig.parallelFilesUpload', backupFieldMap)).toBe('parallelFilesUpload');
    expect(formFieldFor('location', backupFieldMap)).toBe('location');
    expect(formFieldFor('template.csiSnapshotTimeout', scheduleFieldMap)).toBe('csiSnapshotTimeout');
    expect(formFieldFor('schedule', scheduleFieldMap)).toBe('schedule');
    expect(formFieldFor('template.storageLocation', scheduleFieldMap)).toBe('location');
  });
});
