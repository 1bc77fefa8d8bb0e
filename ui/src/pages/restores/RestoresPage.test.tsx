import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router-dom';
import RestoresPage from './RestoresPage';
import { pick, renderSignedIn, signedInServer } from '../backups/create/testServer';

vi.setConfig({ testTimeout: 60_000 });
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const page = (items: unknown[]) => ({ status: 200, body: { items, total: items.length, limit: 20, offset: 0 } });
const restore = (name: string, createdBy: string) => ({
  name, backup: 'shop-1', cluster: 'dr', phase: 'Completed', createdBy, spec: { namespaceMapping: { shop: 'shop-dr' } },
  createdAt: '2026-11-25T03:01:51Z', startedAt: '2026-11-25T03:01:51Z', completedAt: '2026-11-25T03:02:00Z',
  progress: { totalItems: 10, itemsRestored: 10 }, errors: 0, warnings: 0, failureReason: '',
});

describe('Restores list', () => {
  it('filters by who created the restore, from the users and the rows', async () => {
    const server = signedInServer((c) => {
      if (c.path === '/users') return page([{ username: 'admin' }, { username: 'alice' }]);
      if (c.path === '/restores')
        return page(c.query.get('createdBy') === 'alice' ? [restore('by-alice', 'alice')] : [restore('by-alice', 'alice'), restore('by-token', 'ci-bot')]);
      if (c.path === '/backups/shop-1') return { status: 200, body: { name: 'shop-1', cluster: 'demo', schedule: '' } };
      return undefined;
    });
    renderSignedIn('/restores', <Route path="/restores" element={<RestoresPage />} />);
    await screen.findByText('by-token');
    const user = userEvent.setup();
    // "ci-bot" is not a user here (an API token's owner elsewhere): it comes from the rows.
    await pick(user, screen.getByLabelText('Filter by created by'), 'ci-bot');
    await waitFor(() => expect(server.calls.some((c) => c.path === '/restores' && c.query.get('createdBy') === 'ci-bot')).toBe(true));
    await pick(user, screen.getByLabelText('Filter by created by'), 'alice');
    await waitFor(() =>
      expect(server.calls.some((c) => c.path === '/restores' && c.query.get('createdBy') === 'ci-bot,alice')).toBe(true),
    );
  });
});
