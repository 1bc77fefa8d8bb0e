// Backups: the records of GET /api/v1/backups and what can be done to one.
import { api, seg, type Page, type Query } from './client';

export interface Backup {
  name: string;
  location: string;
  cluster: string;
  phase: string; // New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation, Deleting, Expired
  schedule: string;
  createdBy: string;
  labels: Record<string, string>;
  spec: BackupSpec;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
  progress: { totalItems: number; itemsBackedUp: number };
  errors: number;
  warnings: number;
  sizeBytes: number;
  synced: boolean;
  failureReason: string;
}

// Velero's Backup spec, as the server takes it (fields the UI sets).
export interface BackupSpec {
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  includeClusterResources?: boolean | null;
  labelSelector?: { matchLabels?: Record<string, string> };
  ttl?: string;
  storageLocation?: string;
  volumeSnapshotLocations?: string[];
  snapshotVolumes?: boolean;
  defaultVolumesToFsBackup?: boolean;
  snapshotMoveData?: boolean;
  datamover?: string;
  csiSnapshotTimeout?: string;
  itemOperationTimeout?: string;
  parallelFilesUpload?: number;
  orderedResources?: Record<string, string>;
  [key: string]: unknown;
}

export interface CreateBackup {
  name?: string;
  cluster?: string;
  location?: string;
  environments?: 'production' | 'non-production';
  labels?: Record<string, string>;
  spec?: BackupSpec;
  schedule?: string; // from a schedule's template
}

export const backupsApi = {
  list: (query?: Query) => api.get<Page<Backup>>('/backups', query),
  get: (name: string) => api.get<Backup>(`/backups/${seg(name)}`),
  create: (body: CreateBackup) => api.post<Backup>('/backups', body),
  remove: (name: string) => api.del<unknown>(`/backups/${seg(name)}`),
  cancel: (name: string) => api.post<unknown>(`/backups/${seg(name)}/cancel`),
  logs: (name: string) => api.text(`/backups/${seg(name)}/logs`),
  contents: <T = unknown>(name: string) => api.get<T>(`/backups/${seg(name)}/contents`),
  // `path` is the item's path inside the backup, as /contents lists it (its slashes are kept).
  item: <T = unknown>(name: string, path: string) =>
    api.get<T>(`/backups/${seg(name)}/items/${path.split('/').map(seg).join('/')}`),
  download: (name: string) => api.download(`/backups/${seg(name)}/download`, `${name}.tar.gz`),
};
