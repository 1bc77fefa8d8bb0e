// Restores: the records of GET /api/v1/restores, the preview of a restore and what can be done to
// one. Field names as the server writes them (src/server/app/record_json.cpp, api_restores.cpp).
import { api, seg, type Page, type Query } from './client';
import { listAll } from './infrastructure';

export interface Restore {
  name: string;
  backup: string;
  cluster: string; // the target cluster
  phase: string; // New, InProgress, Completed, PartiallyFailed, Failed, FailedValidation
  createdBy: string;
  spec: RestoreSpec;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  progress: { totalItems: number; itemsRestored: number };
  errors: number;
  warnings: number;
  failureReason: string;
  status?: Record<string, unknown>; // the detail only: Velero's Restore status
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

// Velero's Restore spec, as the server takes it (src/restore/spec/restore_spec.cpp).
export interface RestoreSpec {
  backupName?: string;
  scheduleName?: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  namespaceMapping?: Record<string, string>;
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
  restorePVs?: boolean;
  preserveNodePorts?: boolean;
  includeClusterResources?: boolean;
  restoreStatus?: { includedResources?: string[]; excludedResources?: string[] };
  existingResourcePolicy?: 'none' | 'update';
  itemOperationTimeout?: string;
  resourceModifier?: { kind: 'ConfigMap'; name: string; namespace?: string };
  uploaderConfig?: { writeSparseFiles?: boolean; parallelFilesDownload?: number };
  includedItems?: string[];
  hooks?: unknown;
}

// POST /restores and /restores/preview: `backup` or `schedule` (its latest Completed backup).
export interface CreateRestore {
  name?: string;
  backup?: string;
  schedule?: string;
  cluster: string;
  spec: RestoreSpec;
}

export type PreviewAction = 'create' | 'update' | 'skip' | 'fail' | string;

export interface PreviewItem {
  action: PreviewAction;
  groupResource: string;
  apiVersion: string;
  kind: string;
  namespace: string; // in the target cluster: after the namespace mapping
  name: string;
  reason?: string;
  diff?: string; // unified diff, live -> restored
}

export interface RestorePreview {
  phase: string;
  validationErrors?: string[];
  summary: Record<string, number>;
  items: PreviewItem[];
}

// The few schedule fields the restore form needs (the schedules API belongs to its own module).
export interface ScheduleRef {
  name: string;
  cluster: string;
  paused: boolean;
  lastBackup: string | null;
  lastBackupAt: string | null;
}

export const restoresApi = {
  list: (query?: Query) => api.get<Page<Restore>>('/restores', query),
  get: (name: string) => api.get<Restore>(`/restores/${seg(name)}`),
  create: (body: CreateRestore) => api.post<Restore>('/restores', body),
  preview: (body: CreateRestore) => api.post<RestorePreview>('/restores/preview', body),
  cancel: (name: string) => api.post<unknown>(`/restores/${seg(name)}/cancel`),
  logs: (name: string) => api.text(`/restores/${seg(name)}/logs`),
  schedules: () => listAll<ScheduleRef>('/schedules'),
};
