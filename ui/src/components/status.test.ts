import { describe, expect, it } from 'vitest';
import { backupStatus, locationStatus, restoreStatus, scheduleStatus } from './status';

describe('status vocabularies (spec §4)', () => {
  it('maps backup phases to Devtron labels', () => {
    for (const p of ['New', 'InProgress', 'WaitingForPluginOperations', 'Finalizing']) expect(backupStatus(p).label).toBe('Creating');
    expect(backupStatus('Completed')).toEqual({ label: 'Completed', tone: 'success' });
    expect(backupStatus('FailedValidation').label).toBe('Failed');
    expect(backupStatus('PartiallyFailed').label).toBe('Partially Failed');
    expect(backupStatus('Expired').label).toBe('Expired');
  });
  it('maps restore phases, with Partially Failed as DESIGN.md decides', () => {
    expect(restoreStatus('InProgress').label).toBe('Progressing');
    expect(restoreStatus('PartiallyFailed').label).toBe('Partially Failed');
    expect(restoreStatus('Failed').tone).toBe('error');
  });
  it('derives schedule status from paused, validity and its first backup', () => {
    expect(scheduleStatus({ paused: true, lastBackup: 'x', description: 'Every day' }).label).toBe('Paused');
    expect(scheduleStatus({ paused: false, lastBackup: null, description: 'Every day' }).label).toBe('New');
    expect(scheduleStatus({ paused: false, lastBackup: 'nightly-1', description: 'Every day' }).label).toBe('Active');
    expect(scheduleStatus({ paused: false, lastBackup: null, description: '' }).label).toBe('Failed Validation');
  });
  it('shows location availability', () => {
    expect(locationStatus('Available').tone).toBe('success');
    expect(locationStatus('Unavailable').label).toBe('Unavailable');
    expect(locationStatus('').label).toBe('Not validated yet');
  });
});
