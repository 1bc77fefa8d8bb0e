import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { formFieldFor } from '../../components/formErrors';
import {
  buildRestoreRequest,
  DEFAULT_VALUES,
  formProblems,
  mappingProblems,
  serverFieldMap,
  splitSpecProblems,
  type RestoreFormValues,
} from './restoreForm';

const values = (v: Partial<RestoreFormValues>): RestoreFormValues => ({ ...DEFAULT_VALUES, backup: 'shop-1', cluster: 'demo', ...v });

describe('buildRestoreRequest', () => {
  it('restores a specific backup with Velero defaults left out', () => {
    expect(buildRestoreRequest(values({}))).toEqual({
      backup: 'shop-1',
      cluster: 'demo',
      spec: { existingResourcePolicy: 'none', itemOperationTimeout: '4h' },
    });
  });

  it('restores the latest backup of a schedule', () => {
    const body = buildRestoreRequest(values({ from: 'schedule', schedule: 'nightly', backup: 'shop-1', name: ' copy-1 ' }));
    expect(body.schedule).toBe('nightly');
    expect(body.backup).toBeUndefined();
    expect(body.name).toBe('copy-1');
  });

  it('sends the namespaces and the complete mapping rows', () => {
    const body = buildRestoreRequest(
      values({
        namespaceScope: 'specific',
        includedNamespaces: ['shop', ' team-* ', ''],
        excludedNamespaces: ['kube-system'],
        mapping: [{ source: 'shop', target: 'shop-restored' }, { source: 'x' }, {}],
      }),
    );
    expect(body.spec.includedNamespaces).toEqual(['shop', 'team-*']);
    expect(body.spec.excludedNamespaces).toEqual(['kube-system']);
    expect(body.spec.namespaceMapping).toEqual({ shop: 'shop-restored' });
  });

  it('ignores namespace lists when All Namespaces is chosen', () => {
    const body = buildRestoreRequest(values({ namespaceScope: 'all', includedNamespaces: ['shop'] }));
    expect(body.spec.includedNamespaces).toBeUndefined();
    expect(body.spec.namespaceMapping).toBeUndefined();
  });

  it('maps the settings section', () => {
    const body = buildRestoreRequest(
      values({
        includedResources: ['deployments', 'configmaps'],
        excludedResources: ['secrets'],
        labelSelector: 'app=web, tier=db',
        statusIncludedResources: ['storageclasses.storage.k8s.io'],
        existingResourcePolicy: 'update',
        restorePVs: false,
        preserveNodePorts: true,
        modifyResources: true,
        resourceModifierName: 'dr-modifiers',
        resourceModifierNamespace: 'velero',
      }),
    );
    expect(body.spec).toMatchObject({
      includedResources: ['deployments', 'configmaps'],
      excludedResources: ['secrets'],
      labelSelector: { matchLabels: { app: 'web', tier: 'db' } },
      restoreStatus: { includedResources: ['storageclasses.storage.k8s.io'] },
      existingResourcePolicy: 'update',
      restorePVs: false,
      preserveNodePorts: true,
      resourceModifier: { kind: 'ConfigMap', name: 'dr-modifiers', namespace: 'velero' },
    });
  });

  it('maps Include Cluster Resources: Auto unset, Include all true, Exclude all false', () => {
    expect('includeClusterResources' in buildRestoreRequest(values({ clusterResources: 'auto' })).spec).toBe(false);
    expect(buildRestoreRequest(values({ clusterResources: 'include' })).spec.includeClusterResources).toBe(true);
    expect(buildRestoreRequest(values({ clusterResources: 'exclude' })).spec.includeClusterResources).toBe(false);
  });

  it('maps the timeout and execution controls', () => {
    const body = buildRestoreRequest(values({ itemOperationTimeout: '90m', parallelFilesDownload: 0, writeSparseFiles: true }));
    expect(body.spec.itemOperationTimeout).toBe('90m');
    expect(body.spec.uploaderConfig).toEqual({ parallelFilesDownload: 0, writeSparseFiles: true });
    const none = buildRestoreRequest(values({ itemOperationTimeout: '', parallelFilesDownload: null }));
    expect(none.spec.itemOperationTimeout).toBeUndefined();
    expect(none.spec.uploaderConfig).toBeUndefined();
  });

  it('leaves the modifier out when the switch is off', () => {
    expect(buildRestoreRequest(values({ modifyResources: false, resourceModifierName: 'x' })).spec.resourceModifier).toBeUndefined();
  });
});

describe('mappingProblems', () => {
  it('accepts complete, distinct rows', () => {
    expect(mappingProblems([{ source: 'shop', target: 'shop-restored' }, { source: 'db', target: 'db-2' }])).toEqual([]);
  });

  it('reports incomplete rows', () => {
    const p = mappingProblems([{ source: 'shop' }, { target: 'x' }, {}]);
    expect(p).toContainEqual({ index: 0, field: 'target', message: 'Enter the target namespace' });
    expect(p).toContainEqual({ index: 1, field: 'source', message: 'Enter the source namespace' });
    expect(p.find((x) => x.index === 2)?.message).toMatch(/remove this row/);
  });

  it('reports duplicate sources and targets', () => {
    const p = mappingProblems([
      { source: 'shop', target: 'a' },
      { source: 'shop', target: 'b' },
      { source: 'db', target: 'a' },
    ]);
    expect(p).toContainEqual({ index: 1, field: 'source', message: '"shop" is already mapped in row 1' });
    expect(p.find((x) => x.index === 2 && x.field === 'target')?.message).toMatch(/Row 1 already restores into "a"/);
  });

  it('requires DNS-1123 labels', () => {
    const p = mappingProblems([{ source: 'shop', target: 'Shop_Restored' }]);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ index: 0, field: 'target' });
    expect(p[0].message).toMatch(/not a valid namespace name/);
    expect(mappingProblems([{ source: 'shop', target: 'a'.repeat(64) }])[0].message).toMatch(/at most 63/);
  });
});

describe('formProblems', () => {
  it('checks the name, the source, the cluster, namespaces, selector and timeout', () => {
    const p = formProblems(
      values({
        name: 'Bad_Name',
        backup: undefined,
        cluster: undefined,
        namespaceScope: 'specific',
        labelSelector: 'app',
        itemOperationTimeout: '4 hours',
        modifyResources: true,
      }),
    );
    expect(Object.keys(p).sort()).toEqual(
      ['backup', 'cluster', 'includedNamespaces', 'itemOperationTimeout', 'labelSelector', 'name', 'resourceModifierName'].sort(),
    );
    expect(formProblems(values({}))).toEqual({});
  });
});

describe('server errors', () => {
  it('maps server field paths to form fields, mapping problems to their row', () => {
    const v = values({ mapping: [{ source: 'db', target: 'x' }, { source: 'shop', target: 'Bad' }] });
    const map = serverFieldMap(v);
    expect(formFieldFor('spec.namespaceMapping["shop"]', map)).toEqual(['mapping', 1, 'target']);
    expect(formFieldFor('spec.includedNamespaces[0]', map)).toBe('includedNamespaces');
    expect(formFieldFor('spec.itemOperationTimeout', map)).toBe('itemOperationTimeout');
    expect(formFieldFor('cluster', map)).toBe('cluster');
    expect(formFieldFor('backup', serverFieldMap(values({ from: 'schedule' })))).toBe('schedule');
  });

  it('splits the spec reader problems into fields', () => {
    const e = new ApiError(422, 'Invalid', '2 problems', [
      { field: 'cluster', message: 'not registered' },
      {
        field: 'spec',
        message:
          'spec.bogus: unknown field "bogus"; did you mean "hooks"?; spec.itemOperationTimeout: time: unknown unit "x" in duration "4x"',
      },
    ]);
    const split = splitSpecProblems(e) as ApiError;
    expect(split.fields).toEqual([
      { field: 'cluster', message: 'not registered' },
      { field: 'spec.bogus', message: 'unknown field "bogus"; did you mean "hooks"?' },
      { field: 'spec.itemOperationTimeout', message: 'time: unknown unit "x" in duration "4x"' },
    ]);
  });
});
