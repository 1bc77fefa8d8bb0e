// The status vocabularies of the feature spec §4: Velero phases shown as Devtron's labels.

export type Tone = 'success' | 'processing' | 'error' | 'warning' | 'default';

export interface StatusLabel {
  label: string;
  tone: Tone;
}

const RUNNING = ['New', 'InProgress', 'WaitingForPluginOperations', 'WaitingForPluginOperationsPartiallyFailed',
  'Finalizing', 'FinalizingPartiallyFailed'];

// The end states backups and restores share.
const FINISHED: Record<string, StatusLabel> = {
  Completed: { label: 'Completed', tone: 'success' },
  Failed: { label: 'Failed', tone: 'error' },
  FailedValidation: { label: 'Failed', tone: 'error' },
  PartiallyFailed: { label: 'Partially Failed', tone: 'warning' },
};

const phaseStatus = (phase: string, running: string, labels: Record<string, StatusLabel>): StatusLabel =>
  RUNNING.includes(phase)
    ? { label: running, tone: 'processing' }
    : Object.hasOwn(labels, phase)
      ? { ...labels[phase] }
      : { label: phase || 'Unknown', tone: 'default' };

// §4.1: Creating, Completed, Failed, Partially Failed, Expired (and Deleting while it is removed).
const BACKUP: Record<string, StatusLabel> = {
  ...FINISHED,
  Expired: { label: 'Expired', tone: 'default' },
  Deleting: { label: 'Deleting', tone: 'default' },
};
export const backupStatus = (phase: string): StatusLabel => phaseStatus(phase, 'Creating', BACKUP);

// §4.3: Progressing, Completed, Failed, Partially Failed (DESIGN.md: "Partially Failed" everywhere).
export const restoreStatus = (phase: string): StatusLabel => phaseStatus(phase, 'Progressing', FINISHED);

// §4.2: New (no backup yet), Active, Paused, Failed Validation.
export function scheduleStatus(s: { paused: boolean; lastBackup?: string | null; description?: string }): StatusLabel {
  if (s.paused) return { label: 'Paused', tone: 'warning' };
  if (s.description === '') return { label: 'Failed Validation', tone: 'error' };
  if (!s.lastBackup) return { label: 'New', tone: 'default' };
  return { label: 'Active', tone: 'success' };
}

// §4.4: Available / Unavailable (and Unknown before the first validation).
export function locationStatus(phase: string): StatusLabel {
  if (phase === 'Available') return { label: 'Available', tone: 'success' };
  if (phase === 'Unavailable') return { label: 'Unavailable', tone: 'error' };
  return { label: phase || 'Not validated yet', tone: 'default' };
}

export const isRunningPhase = (phase: string) => RUNNING.includes(phase);
