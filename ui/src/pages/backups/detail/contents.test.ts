import { describe, expect, it } from 'vitest';
import { buildContents, filterContents, groupResourceOf, itemPath, itemYaml, namespacesOf, pluralOf, type BackupContents } from './contents';

// The shape of GET /backups/shop-1/contents (trimmed).
const answer: BackupContents = {
  counts: {
    'deployments.apps': 2,
    endpoints: 2,
    'endpointslices.discovery.k8s.io': 1,
    namespaces: 1,
    persistentvolumes: 1,
    configmaps: 1,
    'networkpolicies.networking.k8s.io': 1,
  },
  resources: {
    'apps/v1/Deployment': ['shop/storefront', 'shop/payments'],
    'v1/Endpoints': ['shop/orders-db', 'guestbook/web'],
    'discovery.k8s.io/v1/EndpointSlice': ['shop/orders-db-ftlml'],
    'v1/Namespace': ['shop'],
    'v1/PersistentVolume': ['pvc-15e4'],
    'v1/ConfigMap': ['shop/settings'],
    'networking.k8s.io/v1/NetworkPolicy': ['shop/deny-all'],
  },
};

describe('group-resources and item paths', () => {
  it('pluralises kinds as Kubernetes does', () => {
    expect(pluralOf('Deployment')).toBe('deployments');
    expect(pluralOf('Ingress')).toBe('ingresses');
    expect(pluralOf('NetworkPolicy')).toBe('networkpolicies');
  });

  it('finds the stored group-resource of a kind', () => {
    expect(groupResourceOf('apps/v1/Deployment', answer.counts)).toBe('deployments.apps');
    expect(groupResourceOf('v1/Endpoints', answer.counts)).toBe('endpoints');
    expect(groupResourceOf('discovery.k8s.io/v1/EndpointSlice', answer.counts)).toBe('endpointslices.discovery.k8s.io');
    expect(groupResourceOf('networking.k8s.io/v1/NetworkPolicy', answer.counts)).toBe('networkpolicies.networking.k8s.io');
    expect(groupResourceOf('v1/Namespace', answer.counts)).toBe('namespaces');
    expect(groupResourceOf('example.com/v1/Widget', {})).toBe('widgets.example.com');
  });

  it('builds the paths the items endpoint takes', () => {
    expect(itemPath('deployments.apps', 'shop', 'payments')).toBe('resources/deployments.apps/namespaces/shop/payments.json');
    expect(itemPath('persistentvolumes', '', 'pvc-1')).toBe('resources/persistentvolumes/cluster/pvc-1.json');
  });
});

describe('buildContents', () => {
  const groups = buildContents(answer);

  it('groups kinds, then namespaces, then items, sorted', () => {
    expect(groups.map((g) => g.kind)).toEqual(['ConfigMap', 'Deployment', 'Endpoints', 'EndpointSlice', 'Namespace', 'NetworkPolicy', 'PersistentVolume']);
    const deployments = groups.find((g) => g.kind === 'Deployment')!;
    expect(deployments.apiVersion).toBe('apps/v1');
    expect(deployments.total).toBe(2);
    expect(deployments.namespaces).toHaveLength(1);
    expect(deployments.namespaces[0].namespace).toBe('shop');
    expect(deployments.namespaces[0].items.map((i) => i.name)).toEqual(['payments', 'storefront']);
    expect(deployments.namespaces[0].items[0].path).toBe('resources/deployments.apps/namespaces/shop/payments.json');
    const endpoints = groups.find((g) => g.kind === 'Endpoints')!;
    expect(endpoints.namespaces.map((n) => n.namespace)).toEqual(['guestbook', 'shop']);
  });

  it('puts cluster-scoped items right under their kind', () => {
    const pvs = groups.find((g) => g.kind === 'PersistentVolume')!;
    expect(pvs.namespaces).toEqual([]);
    expect(pvs.clusterScoped.map((i) => i.path)).toEqual(['resources/persistentvolumes/cluster/pvc-15e4.json']);
  });

  it('filters by kind, namespace or name', () => {
    const hits = filterContents(groups, 'pay');
    expect(hits.map((g) => g.kind)).toEqual(['Deployment']);
    expect(hits[0].total).toBe(1);
    expect(filterContents(groups, 'guestbook').map((g) => g.kind)).toEqual(['Endpoints']);
    expect(filterContents(groups, 'nothing-like-this')).toEqual([]);
  });

  it('lists the namespaces the backup holds', () => {
    expect(namespacesOf(answer)).toEqual(['guestbook', 'shop']);
    expect(namespacesOf(undefined)).toEqual([]);
  });
});

describe('itemYaml', () => {
  const item = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'payments', namespace: 'shop', managedFields: [{ manager: 'kubectl' }] },
    spec: { replicas: 2 },
  };

  it('renders an item as YAML without managedFields', () => {
    const text = itemYaml(item);
    expect(text).toContain('kind: Deployment\n');
    expect(text).toContain('  name: payments\n');
    expect(text).toContain('  replicas: 2\n');
    expect(text).not.toContain('managedFields');
  });

  it('keeps managedFields when asked', () => {
    expect(itemYaml(item, { managedFields: true })).toContain('managedFields:');
  });
});
