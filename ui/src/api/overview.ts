// GET /overview: the Overview page's figures (src/server/app/api_overview.cpp).
import { api } from './client';

export type RateSort = 'rate-desc' | 'rate-asc' | 'name-asc' | 'name-desc';

export interface ClusterSuccessRate {
  cluster: string;
  completed: number; // backups Completed
  finished: number; // backups that ended: Completed, PartiallyFailed, Failed, FailedValidation
  rate: number; // completed / finished, 0..1 (0 when nothing finished)
}

export interface Overview {
  cluster: string | null; // the filter, null = every cluster
  backups: number;
  restores: number;
  schedules: number;
  pausedSchedules: number;
  clustersWithSchedules: number;
  unavailableLocations: number; // storage locations, whatever the cluster filter
  backupStatus: Record<string, number>; // Velero phase -> count
  restoreStatus: Record<string, number>;
  successRateByCluster: ClusterSuccessRate[]; // in the order asked for
}

export const overviewApi = {
  get: (cluster: string | undefined, sort: RateSort) => api.get<Overview>('/overview', { cluster, sort }),
};
