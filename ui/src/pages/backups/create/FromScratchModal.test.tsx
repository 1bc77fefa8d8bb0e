import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import FromScratchModal from './FromScratchModal';
import FromScheduleModal from './FromScheduleModal';
import { button, fakeServer, formItemOf, invalid, openDialog, pick, renderTree } from './testServer';

// Generous: antd forms are slow in jsdom on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// Typing character by character re-renders this large form per key; set the value at once.
const fill = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

const backupAnswer = (name: string) => ({ status: 201, body: { name, phase: 'New' } });

async function openForm() {
  const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
  render(renderTree(<FromScratchModal open onClose={() => {}} />));
  const dialog = await openDialog();
  // The single cluster and the default location are pre-selected once loaded.
  await waitFor(() => expect(within(dialog).getByTitle('demo-backups (default)')).toBeTruthy());
  await waitFor(() => expect(within(formItemOf(screen.getByLabelText('Select Cluster to Backup'))).getByTitle('demo')).toBeTruthy());
  return { user, dialog };
}

const submit = (user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) =>
  user.click(button(dialog, 'Create Backup'));

describe('Create Backup — From Scratch', () => {
  it('requires a valid name and checks durations, sending nothing', async () => {
    const server = fakeServer();
    const { user, dialog } = await openForm();
    await submit(user, dialog);
    expect(await within(formItemOf(screen.getByLabelText('Backup Name'))).findByText('Enter a backup name')).toBeTruthy();

    fill(screen.getByLabelText('Backup Name'), 'Bad_Name');
    const ttl = screen.getByLabelText('Backup TTL');
    fill(ttl, '30 days');
    await submit(user, dialog);
    expect(await within(formItemOf(screen.getByLabelText('Backup Name'))).findByText(/Use lowercase letters/)).toBeTruthy();
    expect(await within(formItemOf(ttl)).findByText(/"30 days" is not a duration/)).toBeTruthy();
    expect(server.sent('POST', '/backups')).toHaveLength(0);
  });

  it('needs at least one namespace for Specific Namespaces, and a snapshot location for Take Snapshot', async () => {
    const server = fakeServer();
    const { user, dialog } = await openForm();
    fill(screen.getByLabelText('Backup Name'), 'shop-now');
    await user.click(screen.getByLabelText('Specific Namespaces'));
    await user.click(screen.getByLabelText('Take Snapshot'));
    await submit(user, dialog);
    expect(await within(formItemOf(await screen.findByLabelText('Included Namespaces'))).findByText('Pick at least one namespace to back up')).toBeTruthy();
    expect(
      await within(formItemOf(await screen.findByLabelText('Volume Snapshot Location'))).findByText('Select a volume snapshot location to take snapshots'),
    ).toBeTruthy();
    expect(server.sent('POST', '/backups')).toHaveLength(0);
  });

  it('sends the backup and opens its detail page', async () => {
    const server = fakeServer((c) => (c.method === 'POST' && c.path === '/backups' ? backupAnswer('shop-now') : undefined));
    const { user, dialog } = await openForm();
    fill(screen.getByLabelText('Backup Name'), 'shop-now');
    await user.click(button(dialog, 'Add Label'));
    fill(screen.getByLabelText('Label key 1'), 'team');
    fill(screen.getByLabelText('Label value 1'), 'payments');
    await user.click(screen.getByLabelText('Specific Namespaces'));
    await pick(user, await screen.findByLabelText('Included Namespaces'), 'shop');
    await user.click(screen.getByLabelText('Exclude all'));
    const ttl = screen.getByLabelText('Backup TTL');
    fill(ttl, '168h');
    await user.click(screen.getByLabelText('Take Snapshot'));
    await pick(user, await screen.findByLabelText('Volume Snapshot Location'), 'aws-snaps (aws)');
    fill(screen.getByLabelText('CSI Snapshot Timeout'), '15m');
    await submit(user, dialog);

    await waitFor(() => expect(server.sent('POST', '/backups')).toHaveLength(1));
    expect(server.sent('POST', '/backups')[0].body).toEqual({
      name: 'shop-now',
      cluster: 'demo',
      location: 'demo-backups',
      labels: { team: 'payments' },
      spec: {
        includedNamespaces: ['shop'],
        includeClusterResources: false,
        ttl: '168h',
        snapshotVolumes: true,
        volumeSnapshotLocations: ['aws-snaps'],
        csiSnapshotTimeout: '15m',
        itemOperationTimeout: '4h',
      },
    });
    await waitFor(() =>
      expect(screen.getByTestId('location').textContent).toBe('/data-protection-management/backup-and-schedule/backups/detail/shop-now'),
    );
  });

  it('sends environments for All Production Environments and Include all as true', async () => {
    const server = fakeServer((c) => (c.method === 'POST' && c.path === '/backups' ? backupAnswer('prod') : undefined));
    const { user, dialog } = await openForm();
    fill(screen.getByLabelText('Backup Name'), 'prod');
    await user.click(screen.getByLabelText('All Production Environments'));
    await user.click(screen.getByLabelText('Include all'));
    await submit(user, dialog);
    await waitFor(() => expect(server.sent('POST', '/backups')).toHaveLength(1));
    const body = server.sent('POST', '/backups')[0].body as { environments: string; spec: Record<string, unknown> };
    expect(body.environments).toBe('production');
    expect(body.spec.includedNamespaces).toBeUndefined();
    expect(body.spec.includeClusterResources).toBe(true);
  });

  it("shows the server's 422 next to the fields", async () => {
    fakeServer((c) =>
      c.method === 'POST' && c.path === '/backups'
        ? invalid([
            { field: 'spec.ttl', message: 'ttl is too long for this location' },
            { field: 'name', message: 'a backup named "taken" already exists' },
            { field: 'spec.hooks', message: 'hooks are not allowed' },
          ])
        : undefined,
    );
    const { user, dialog } = await openForm();
    fill(screen.getByLabelText('Backup Name'), 'taken');
    await submit(user, dialog);
    expect(await within(formItemOf(screen.getByLabelText('Backup TTL'))).findByText('ttl is too long for this location')).toBeTruthy();
    expect(within(formItemOf(screen.getByLabelText('Backup Name'))).getByText('a backup named "taken" already exists')).toBeTruthy();
    // A problem no field shows appears above the form.
    expect(within(dialog).getByText(/spec.hooks: hooks are not allowed/)).toBeTruthy();
  });
});

describe('Create Backup — From Schedule', () => {
  it('sends the schedule and the optional name, then opens the backup', async () => {
    const server = fakeServer((c) => {
      if (c.method === 'GET' && c.path === '/schedules')
        return {
          status: 200,
          body: { items: [{ name: 'nightly', cluster: 'demo', location: '', schedule: '0 2 * * *', description: 'Every day at 02:00 UTC', ttl: '720h0m0s' }], total: 1, limit: 1000, offset: 0 },
        };
      if (c.method === 'POST' && c.path === '/backups') return backupAnswer('nightly-manual');
      return undefined;
    });
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    render(renderTree(<FromScheduleModal open onClose={() => {}} />));
    const dialog = await openDialog();
    await user.click(button(dialog, 'Create Backup'));
    expect(await screen.findByText('Select the schedule whose settings the backup uses')).toBeTruthy();
    await pick(user, screen.getByLabelText('Schedule'), 'nightly');
    fill(screen.getByLabelText('Backup Name'), 'nightly-manual');
    await user.click(button(dialog, 'Create Backup'));
    await waitFor(() => expect(server.sent('POST', '/backups')).toHaveLength(1));
    expect(server.sent('POST', '/backups')[0].body).toEqual({ schedule: 'nightly', name: 'nightly-manual' });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toMatch(/backups\/detail\/nightly-manual$/));
  });
});
