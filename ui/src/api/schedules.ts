// Schedules: the records of GET /api/v1/schedules, what can be done to one, and the server's cron
// parser (GET /api/v1/cron) that forms use to describe an expression as it is typed.
import { api, seg, type Page, type Query } from './client';
import { listAll } from './infrastructure';
import type { BackupSpec } from './backups';

export interface Schedule {
  name: string;
  cluster: string;
  location: string; // "" = the default location at each run
  schedule: string; // the cron expression, as given
  description: string; // the expression in words; "" when the server cannot parse it
  paused: boolean;
  skipNext: boolean; // the next run will be skipped (Skip Upcoming Backup)
  ttl: string; // Go form, "720h0m0s"
  template: BackupSpec; // the Backup spec each run uses
  environments: 'production' | 'non-production' | null;
  nextRunAt: string | null; // null while paused or when it never fires again
  lastBackup: string | null;
  lastBackupAt: string | null;
  lastSkippedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

// The body of POST /schedules and PUT /schedules/{name} (src/server/app/api_schedules.cpp
// `schedule_from`).
export interface ScheduleBody {
  name: string;
  cluster: string;
  schedule: string;
  location?: string;
  paused?: boolean;
  ttl?: string;
  template?: BackupSpec;
  environments?: 'production' | 'non-production';
}

export interface ScheduleDeleted {
  name: string;
  deleting: string[];
  notDeleted: { name: string; reason: string }[];
}

export interface ScheduleTriggered {
  name: string; // the new backup
  phase: string;
  schedule: string;
  location: string;
  cluster: string;
}

export interface CronDescription {
  expression: string;
  valid: boolean;
  description?: string;
  nextRuns?: string[];
  error?: string;
}

export const schedulesApi = {
  list: (query?: Query) => api.get<Page<Schedule>>('/schedules', query),
  all: () => listAll<Schedule>('/schedules'),
  get: (name: string) => api.get<Schedule>(`/schedules/${seg(name)}`),
  create: (body: ScheduleBody) => api.post<Schedule>('/schedules', body),
  update: (name: string, body: ScheduleBody) => api.put<Schedule>(`/schedules/${seg(name)}`, body),
  remove: (name: string, deleteBackups = false) =>
    api.del<ScheduleDeleted>(`/schedules/${seg(name)}`, deleteBackups ? { deleteBackups: true } : undefined),
  pause: (name: string) => api.post<Schedule>(`/schedules/${seg(name)}/pause`),
  unpause: (name: string) => api.post<Schedule>(`/schedules/${seg(name)}/unpause`),
  skip: (name: string) => api.post<Schedule>(`/schedules/${seg(name)}/skip`),
  trigger: (name: string) => api.post<ScheduleTriggered>(`/schedules/${seg(name)}/trigger`),
  cron: (expression: string) => api.get<CronDescription>('/cron', { expression }),
};

// The server's reading of an expression, asked once per distinct text (forms ask as the user
// types and again when the form is submitted). Failed requests are not kept.
const cronCache = new Map<string, Promise<CronDescription>>();

export function describeCron(expression: string): Promise<CronDescription> {
  const key = expression.trim();
  let answer = cronCache.get(key);
  if (!answer) {
    answer = schedulesApi.cron(key);
    cronCache.set(key, answer);
    answer.catch(() => cronCache.delete(key));
  }
  return answer;
}

// For tests: forget what the server said.
export function clearCronCache() {
  cronCache.clear();
}
