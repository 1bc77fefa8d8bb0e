import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ScheduleFormModal from './ScheduleFormModal';
import { clearCronCache, type Schedule } from '../../../api/schedules';
import { button, fakeServer, formItemOf, invalid, openDialog, pick, renderTree, type Call } from './testServer';

// Generous: antd forms are slow in jsdom on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => clearCronCache());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const fill = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

// The server's cron parser, as far as these tests need it.
function cron(c: Call) {
  if (c.method !== 'GET' || c.path !== '/cron') return undefined;
  const expression = c.query.get('expression') ?? '';
  if (expression === '0 2 * * *')
    return {
      status: 200,
      body: {
        expression,
        valid: true,
        description: 'Every day at 02:00 UTC',
        nextRuns: ['2026-11-26T02:00:00Z', '2026-11-27T02:00:00Z', '2026-11-28T02:00:00Z', '2026-11-29T02:00:00Z'],
      },
    };
  return { status: 200, body: { expression, valid: false, error: `hour field "25": value 25 out of range 0-23` } };
}

const saved = (body: unknown) => ({ status: 201, body: { ...(body as object), skipNext: false, description: 'Every day at 02:00 UTC' } });

async function open(schedule?: Schedule) {
  const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
  const onSaved = vi.fn();
  render(renderTree(<ScheduleFormModal open schedule={schedule} onClose={() => {}} onSaved={onSaved} />));
  const dialog = await openDialog();
  await waitFor(() => expect(within(formItemOf(screen.getByLabelText('Select Cluster to Backup'))).getByTitle('demo')).toBeTruthy());
  return { user, dialog, onSaved };
}

describe('Create Backup Schedule', () => {
  it('describes the cron expression as it is typed, and shows the parser error for an invalid one', async () => {
    const server = fakeServer(cron);
    const { user, dialog } = await open();
    const field = screen.getByLabelText('Backup Schedule (Cron Expression)');
    fill(field, '0 2 * * *');
    expect(await screen.findByText('Every day at 02:00 UTC')).toBeTruthy();
    expect(screen.getByTestId('cron-description').textContent).toMatch(/Next runs:/);
    // Debounced: one request for the expression, whoever asked (field and rule).
    expect(server.sent('GET', '/cron').filter((c) => c.query.get('expression') === '0 2 * * *')).toHaveLength(1);

    fill(field, '0 25 * * *');
    expect(await within(formItemOf(field)).findByText('hour field "25": value 25 out of range 0-23')).toBeTruthy();
    expect(screen.queryByText('Every day at 02:00 UTC')).toBeNull();

    fill(screen.getByLabelText('Schedule Name'), 'nightly');
    await user.click(button(dialog, 'Create Schedule'));
    await new Promise((r) => setTimeout(r, 400));
    expect(server.sent('POST', '/schedules')).toHaveLength(0);
  });

  it('requires a name and an expression, and refuses bad names and durations', async () => {
    const server = fakeServer(cron);
    const { user, dialog } = await open();
    await user.click(button(dialog, 'Create Schedule'));
    expect(await within(formItemOf(screen.getByLabelText('Schedule Name'))).findByText('Enter a schedule name')).toBeTruthy();
    expect(await within(formItemOf(screen.getByLabelText('Backup Schedule (Cron Expression)'))).findByText(/Enter a cron expression/)).toBeTruthy();
    fill(screen.getByLabelText('Schedule Name'), 'Nightly!');
    fill(screen.getByLabelText('Item Operation Timeout'), '4 hours');
    await user.click(button(dialog, 'Create Schedule'));
    expect(await within(formItemOf(screen.getByLabelText('Schedule Name'))).findByText(/Use lowercase letters/)).toBeTruthy();
    expect(await within(formItemOf(screen.getByLabelText('Item Operation Timeout'))).findByText(/"4 hours" is not a duration/)).toBeTruthy();
    expect(server.sent('POST', '/schedules')).toHaveLength(0);
  });

  it('sends the schedule (preset, paused, namespaces, TTL) and skips its next run when asked', async () => {
    const server = fakeServer((c) => {
      if (c.method === 'POST' && c.path === '/schedules') return saved(c.body);
      if (c.method === 'POST' && c.path === '/schedules/nightly/skip') return { status: 200, body: { name: 'nightly', skipNext: true } };
      return cron(c);
    });
    const { user, dialog, onSaved } = await open();
    fill(screen.getByLabelText('Schedule Name'), 'nightly');
    await user.click(button(dialog, 'Daily at 02:00'));
    expect(await screen.findByText('Every day at 02:00 UTC')).toBeTruthy();
    await user.click(screen.getByLabelText('Pause Schedule'));
    await user.click(screen.getByLabelText('Skip Upcoming Backup'));
    await user.click(screen.getByLabelText('Specific Namespaces'));
    await pick(user, await screen.findByLabelText('Included Namespaces'), 'guestbook');
    fill(screen.getByLabelText('Backup TTL'), '72h');
    await user.click(button(dialog, 'Create Schedule'));

    await waitFor(() => expect(server.sent('POST', '/schedules')).toHaveLength(1));
    expect(server.sent('POST', '/schedules')[0].body).toEqual({
      name: 'nightly',
      cluster: 'demo',
      schedule: '0 2 * * *',
      paused: true,
      ttl: '72h',
      location: 'demo-backups',
      template: { includedNamespaces: ['guestbook'], snapshotVolumes: false, itemOperationTimeout: '4h' },
    });
    await waitFor(() => expect(server.sent('POST', '/schedules/nightly/skip')).toHaveLength(1));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
  });

  it("puts the server's 422 on the cron, namespaces and TTL fields", async () => {
    fakeServer((c) =>
      c.method === 'POST' && c.path === '/schedules'
        ? invalid([
            { field: 'schedule', message: 'never fires (day 30 of February does not exist)' },
            { field: 'template.includedNamespaces[0]', message: 'invalid glob "a{b"' },
            { field: 'ttl', message: '"0s" is less than 1s; give a duration such as 720h' },
          ])
        : cron(c),
    );
    const { user, dialog } = await open();
    fill(screen.getByLabelText('Schedule Name'), 'nightly');
    fill(screen.getByLabelText('Backup Schedule (Cron Expression)'), '0 2 * * *');
    await user.click(screen.getByLabelText('Specific Namespaces'));
    await pick(user, await screen.findByLabelText('Included Namespaces'), 'shop');
    await user.click(button(dialog, 'Create Schedule'));
    expect(
      await within(formItemOf(screen.getByLabelText('Backup Schedule (Cron Expression)'))).findByText('never fires (day 30 of February does not exist)'),
    ).toBeTruthy();
    expect(within(formItemOf(screen.getByLabelText('Included Namespaces'))).getByText('invalid glob "a{b"')).toBeTruthy();
    expect(within(formItemOf(screen.getByLabelText('Backup TTL'))).getByText(/less than 1s/)).toBeTruthy();
  });
});

describe('Edit Backup Schedule', () => {
  it('shows the schedule and sends PUT with the name fixed', async () => {
    const schedule = {
      name: 'nightly',
      cluster: 'demo',
      location: '',
      schedule: '0 2 * * *',
      description: 'Every day at 02:00 UTC',
      paused: false,
      skipNext: false,
      ttl: '720h0m0s',
      template: { excludedNamespaces: ['kube-system'], includeClusterResources: true },
      environments: 'production',
    } as unknown as Schedule;
    const server = fakeServer((c) => (c.method === 'PUT' && c.path === '/schedules/nightly' ? saved(c.body) : cron(c)));
    const { user, dialog } = await open(schedule);
    expect((screen.getByLabelText('Schedule Name') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('All Production Environments') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Include all') as HTMLInputElement).checked).toBe(true);
    await user.click(screen.getByLabelText('Auto'));
    await user.click(button(dialog, 'Save Changes'));
    await waitFor(() => expect(server.sent('PUT', '/schedules/nightly')).toHaveLength(1));
    expect(server.sent('PUT', '/schedules/nightly')[0].body).toEqual({
      name: 'nightly',
      cluster: 'demo',
      schedule: '0 2 * * *',
      paused: false,
      ttl: '720h',
      environments: 'production',
      template: { excludedNamespaces: ['kube-system'], snapshotVolumes: false, itemOperationTimeout: '4h' },
    });
  });
});
