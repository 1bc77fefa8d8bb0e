import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router-dom';
import BackupAndSchedulePage from './BackupAndSchedulePage';
import ScheduleDetailPage from '../schedules/ScheduleDetailPage';
import { button, renderSignedIn, signedInServer, type Call } from './create/testServer';

vi.setConfig({ testTimeout: 60_000 });
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const page = (items: unknown[]) => ({ status: 200, body: { items, total: items.length, limit: 20, offset: 0 } });
const backup = (name: string, phase: string) => ({
  name, location: 'demo-backups', cluster: 'demo', phase, schedule: name.startsWith('nightly') ? 'nightly' : '', createdBy: 'admin',
  labels: {}, spec: { includedNamespaces: ['shop'] }, createdAt: '2026-11-25T03:01:51Z', startedAt: '2026-11-25T03:01:51Z',
  completedAt: '2026-11-25T03:02:51Z', expiresAt: '2099-12-25T03:01:51Z', progress: { totalItems: 28, itemsBackedUp: 28 },
  errors: 0, warnings: 1, sizeBytes: 16359, synced: false, failureReason: '',
});
const schedule = (paused: boolean) => ({
  name: 'nightly', cluster: 'demo', location: '', schedule: '0 2 * * *', description: 'Every day at 02:00 UTC', paused,
  skipNext: false, ttl: '72h0m0s', template: { includedNamespaces: ['shop'] }, environments: null,
  nextRunAt: paused ? null : '2099-11-26T02:00:00Z', lastBackup: null, lastBackupAt: null, lastSkippedAt: null,
  createdBy: 'admin', createdAt: '2026-11-25T03:01:51Z', updatedAt: '2026-11-25T03:01:51Z',
});

function server(extra: (c: Call) => { status: number; body: unknown } | undefined = () => undefined) {
  return signedInServer((c) => {
    const answer = extra(c);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === '/schedules') return page([schedule(false)]);
    return undefined;
  });
}

function at(path: string) {
  return renderSignedIn(
    path,
    <>
      <Route path="/data-protection-management/backup-and-schedule/:view" element={<BackupAndSchedulePage />} />
      <Route path="/data-protection-management/backup-and-schedule/schedules/detail/:name" element={<ScheduleDetailPage />} />
    </>,
  );
}

describe('Backups list', () => {
  it('lists backups and shows why the server refuses a delete', async () => {
    const s = server((c) => {
      if (c.method === 'GET' && c.path === '/backups') return page([backup('shop-1', 'Completed'), backup('shop-2', 'InProgress')]);
      if (c.method === 'DELETE' && c.path === '/backups/shop-2')
        return { status: 409, body: { error: { code: 'Conflict', message: 'backup "shop-2" is InProgress; delete it once it has finished' } } };
      return undefined;
    });
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    at('/data-protection-management/backup-and-schedule/backups');
    expect(await screen.findByText('shop-1')).toBeTruthy();
    const row = screen.getByText('shop-2').closest('tr')!;
    expect(within(row).getByText('Creating')).toBeTruthy();
    expect(within(screen.getByText('shop-1').closest('tr')!).getByText('Completed')).toBeTruthy();
    await user.click(within(row).getByLabelText('Delete backup shop-2'));
    const confirm = await waitFor(() => {
      const d = [...document.querySelectorAll('.ant-modal')].find((m) => m.textContent?.includes('Delete backup shop-2?'));
      if (!d) throw new Error('no confirm');
      return d as HTMLElement;
    });
    await user.click(button(confirm, 'Delete'));
    await waitFor(() => expect(s.sent('DELETE', '/backups/shop-2')).toHaveLength(1));
    expect(await screen.findByText(/delete it once it has finished/)).toBeTruthy();
    // The list asked the server with its default sort and page.
    const list = s.sent('GET', '/backups')[0];
    expect(list.query.get('sort')).toBe('-createdAt');
    expect(list.query.get('limit')).toBe('20');
  });
});

describe('Schedule detail', () => {
  it('pauses the schedule and lists its backups', async () => {
    let paused = false;
    const s = server((c) => {
      if (c.method === 'GET' && c.path === '/schedules/nightly') return { status: 200, body: schedule(paused) };
      if (c.method === 'POST' && c.path === '/schedules/nightly/pause') {
        paused = true;
        return { status: 200, body: schedule(true) };
      }
      if (c.method === 'GET' && c.path === '/backups') return page([backup('nightly-20261125020000', 'Completed')]);
      return undefined;
    });
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const { container } = at('/data-protection-management/backup-and-schedule/schedules/detail/nightly');
    expect(await screen.findByText('nightly-20261125020000')).toBeTruthy();
    expect(s.sent('GET', '/backups')[0].query.get('schedule')).toBe('nightly');
    await user.click(button(container, 'Pause'));
    await waitFor(() => expect(s.sent('POST', '/schedules/nightly/pause')).toHaveLength(1));
    await waitFor(() => expect(button(container, 'Resume')).toBeTruthy());
  });
});
