import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import OverviewPage from './OverviewPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rates = [
  { cluster: 'alpha', completed: 1, finished: 4, rate: 0.25 },
  { cluster: 'beta', completed: 2, finished: 3, rate: 2 / 3 },
];

function serve() {
  const overviewUrls: string[] = [];
  const fetchMock = vi.fn(async (url: string) => {
    const u = new URL(url, 'http://x');
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (u.pathname === '/api/v1/overview') {
      overviewUrls.push(u.search);
      const sort = u.searchParams.get('sort');
      const list = sort === 'name-desc' ? [...rates].reverse() : rates;
      return json({
        cluster: u.searchParams.get('cluster'),
        backups: 12,
        restores: 3,
        schedules: 4,
        pausedSchedules: 1,
        clustersWithSchedules: 2,
        unavailableLocations: 1,
        backupStatus: { Completed: 9, Failed: 2, FailedValidation: 1 },
        restoreStatus: { Completed: 3 },
        successRateByCluster: list,
      });
    }
    if (u.pathname === '/api/v1/clusters') return json({ items: [{ name: 'alpha' }, { name: 'beta' }], total: 2, limit: 1000, offset: 0 });
    if (u.pathname === '/api/v1/schedules')
      return json({
        items: [
          { name: 'nightly', cluster: 'alpha', paused: true, updatedAt: '2026-01-01T00:00:00Z' },
          { name: 'hourly', cluster: 'beta', paused: false, updatedAt: '2026-01-01T00:00:00Z' },
        ],
        total: 2,
        limit: 1000,
        offset: 0,
      });
    if (u.pathname === '/api/v1/locations')
      return json({ items: [{ name: 'minio', phase: 'Unavailable', message: 'bucket "b" does not exist' }], total: 1, limit: 1000, offset: 0 });
    return new Response('{}', { status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return overviewUrls;
}

describe('Overview', () => {
  it('shows the figures, the status breakdown and the lists behind the counts', async () => {
    serve();
    render(
      <MemoryRouter>
        <OverviewPage />
      </MemoryRouter>,
    );
    expect((await screen.findByTestId('overview-backups')).textContent).toBe('12');
    expect(screen.getByTestId('overview-restores').textContent).toBe('3');
    expect(screen.getByTestId('overview-schedules').textContent).toBe('4');
    expect(screen.getByTestId('overview-paused-schedules').textContent).toBe('1');
    expect(screen.getByTestId('overview-unavailable-locations').textContent).toBe('1');
    const backups = screen.getByTestId('overview-backup-status');
    expect(within(backups).getByRole('img').getAttribute('aria-label')).toBe('Completed: 9, Failed: 3');
    expect(await screen.findByRole('link', { name: 'nightly' })).toHaveProperty('href', expect.stringContaining('/schedules/detail/nightly'));
    expect(screen.getByText('bucket "b" does not exist')).toBeTruthy();
    const rows = within(screen.getByTestId('overview-success-rates')).getAllByRole('listitem');
    expect(rows.map((r) => r.getAttribute('data-cluster'))).toEqual(['alpha', 'beta']);
    expect(rows[1].textContent).toContain('66.7%');
  });

  it('asks the server for the chosen sort and shows its order', async () => {
    const urls = serve();
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    render(
      <MemoryRouter initialEntries={['/o?cluster=alpha']}>
        <OverviewPage />
      </MemoryRouter>,
    );
    await screen.findByTestId('overview-success-rates');
    expect(urls[0]).toBe('?cluster=alpha&sort=rate-desc');
    await user.click(screen.getByLabelText('Sort by'));
    await user.click(await screen.findByTitle('Z to A'));
    await waitFor(() => expect(urls.at(-1)).toBe('?cluster=alpha&sort=name-desc'));
    await waitFor(() => {
      const rows = within(screen.getByTestId('overview-success-rates')).getAllByRole('listitem');
      expect(rows.map((r) => r.getAttribute('data-cluster'))).toEqual(['beta', 'alpha']);
    });
  });
});
