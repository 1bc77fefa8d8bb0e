// Clusters, environments, storage locations and volume snapshot locations.
import { api, seg, type Page, type Query } from './client';

export interface Cluster {
  name: string;
  inCluster: boolean;
  server: string;
  context: string;
  health: string; // "Healthy", "Unreachable", ...
  healthMessage: string;
  healthCheckedAt: string | null;
  namespaces: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Environment {
  name: string;
  cluster: string;
  namespace: string;
  production: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type Credential =
  | { mode: 'none' }
  | { mode: 'sealed' } // stored encrypted; its data is never sent back
  | { mode: 'secret'; secretName: string; secretKey: string; cluster: string; namespace: string };

export interface StorageLocation {
  name: string;
  provider: string; // "aws", "azure", "gcp", "filesystem"
  bucket: string;
  prefix: string;
  config: Record<string, string>;
  caCert: string;
  credential: Credential;
  accessMode: 'ReadWrite' | 'ReadOnly';
  backupSyncPeriodSeconds: number;
  validationFrequencySeconds: number;
  default: boolean;
  phase: string; // Available, Unavailable, "" (not validated yet)
  message: string;
  lastValidatedAt: string | null;
  lastSyncedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface SnapshotLocation {
  name: string;
  provider: string;
  config: Record<string, string>;
  credential: Credential;
  default: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

// Every item of a list (the API pages at most 1000 at a time), for selects.
export async function listAll<T>(path: string, query?: Query): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; ) {
    const page = await api.get<Page<T>>(path, { ...query, limit: 1000, offset });
    items.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return items;
  }
}

export const clustersApi = {
  list: (query?: Query) => api.get<Page<Cluster>>('/clusters', query),
  all: () => listAll<Cluster>('/clusters'),
  get: (name: string) => api.get<Cluster>(`/clusters/${seg(name)}`),
};

export const environmentsApi = {
  list: (query?: Query) => api.get<Page<Environment>>('/environments', query),
  all: (query?: Query) => listAll<Environment>('/environments', query),
};

export const locationsApi = {
  list: (query?: Query) => api.get<Page<StorageLocation>>('/locations', query),
  all: () => listAll<StorageLocation>('/locations'),
  get: (name: string) => api.get<StorageLocation>(`/locations/${seg(name)}`),
};

export const snapshotLocationsApi = {
  list: (query?: Query) => api.get<Page<SnapshotLocation>>('/snapshot-locations', query),
  all: () => listAll<SnapshotLocation>('/snapshot-locations'),
};

// --- writes (clusters & environments page, backup locations page) ---------------------------

// POST/PUT /clusters body: a kubeconfig (YAML text, stored sealed) and an optional context, or
// inCluster: true (never both).
export interface ClusterBody {
  name?: string;
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
}

export interface EnvironmentBody {
  name?: string;
  cluster: string;
  namespace: string;
  production: boolean;
}

// A credential as the API takes it: sealed data is sent once and never comes back.
export type CredentialBody =
  | { mode: 'none' }
  | { mode: 'sealed'; data: string }
  | { mode: 'secret'; secretName: string; secretKey: string; cluster: string; namespace?: string };

// POST/PUT /locations body (Velero's provider/bucket/prefix/config form). On PUT an absent
// `credential` keeps the stored one.
export interface LocationBody {
  name?: string;
  provider: string;
  bucket: string;
  prefix?: string;
  config?: Record<string, string>;
  caCert?: string;
  credential?: CredentialBody;
  accessMode: 'ReadWrite' | 'ReadOnly';
  backupSyncPeriodSeconds: number;
  validationFrequencySeconds: number;
  default: boolean;
}

export interface SnapshotLocationBody {
  name: string;
  provider: string;
  config?: Record<string, string>;
  credential?: CredentialBody;
  default?: boolean;
}

export const createCluster = (body: ClusterBody) => api.post<Cluster>('/clusters', body);
export const updateCluster = (name: string, body: ClusterBody) => api.put<Cluster>(`/clusters/${seg(name)}`, body);
export const checkCluster = (name: string) => api.post<Cluster>(`/clusters/${seg(name)}/check`);
export const deleteCluster = (name: string) => api.del<void>(`/clusters/${seg(name)}`);

export const createEnvironment = (body: EnvironmentBody) => api.post<Environment>('/environments', body);
export const updateEnvironment = (name: string, body: EnvironmentBody) =>
  api.put<Environment>(`/environments/${seg(name)}`, body);
export const deleteEnvironment = (name: string) => api.del<void>(`/environments/${seg(name)}`);

export const createLocation = (body: LocationBody) => api.post<StorageLocation>('/locations', body);
export const updateLocation = (name: string, body: LocationBody) =>
  api.put<StorageLocation>(`/locations/${seg(name)}`, body);
export const validateLocation = (name: string) => api.post<StorageLocation>(`/locations/${seg(name)}/validate`);
export const setDefaultLocation = (name: string) => api.post<StorageLocation>(`/locations/${seg(name)}/default`);
export const deleteLocation = (name: string) => api.del<void>(`/locations/${seg(name)}`);

export const createSnapshotLocation = (body: SnapshotLocationBody) =>
  api.post<SnapshotLocation>('/snapshot-locations', body);
export const deleteSnapshotLocation = (name: string) => api.del<void>(`/snapshot-locations/${seg(name)}`);
