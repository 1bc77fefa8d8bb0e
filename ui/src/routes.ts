// The UI's addresses (feature spec §1.3, with names where Devtron has numeric ids).
const base = '/data-protection-management';

export const paths = {
  login: '/login',
  overview: `${base}/overview`,
  backups: `${base}/backup-and-schedule/backups`,
  schedules: `${base}/backup-and-schedule/schedules`,
  backupDetail: (name: string) => `${base}/backup-and-schedule/backups/detail/${encodeURIComponent(name)}`,
  scheduleDetail: (name: string) => `${base}/backup-and-schedule/schedules/detail/${encodeURIComponent(name)}`,
  restores: `${base}/restores`,
  restoreDetail: (name: string) => `${base}/restores/${encodeURIComponent(name)}`,
  locations: (type: 'volume-snapshot' | 'storage' = 'volume-snapshot') => `${base}/backup-locations/${type}`,
  clusters: '/clusters-and-environments',
};
