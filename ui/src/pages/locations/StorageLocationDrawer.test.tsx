import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StorageLocation } from '../../api/infrastructure';
import { StorageLocationDrawer } from './StorageLocationDrawer';

// Typing character by character is slow with antd in jsdom: set the whole value at once.
const fill = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const answer = (body: Partial<StorageLocation>): StorageLocation =>
  ({
    name: 'x',
    provider: 'filesystem',
    bucket: '/srv',
    prefix: '',
    config: {},
    caCert: '',
    credential: { mode: 'none' },
    accessMode: 'ReadWrite',
    backupSyncPeriodSeconds: 60,
    validationFrequencySeconds: 60,
    default: false,
    phase: 'Available',
    message: '',
    lastValidatedAt: null,
    lastSyncedAt: null,
    createdBy: 'admin',
    createdAt: '',
    updatedAt: '',
    ...body,
  }) as StorageLocation;

function open(onSaved = vi.fn()) {
  render(
    <StorageLocationDrawer
      open
      editing={null}
      locations={[answer({ name: 'demo-backups', default: true })]}
      clusters={[]}
      onClose={() => {}}
      onSaved={onSaved}
    />,
  );
  return onSaved;
}

describe('Add Storage Location', () => {
  it('requires a name, a bucket and valid durations before sending anything', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    open();
    fill(screen.getByLabelText('Backup Sync Period'), 'soon');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter a name')).toBeTruthy();
    expect(screen.getByText('Enter the bucket name')).toBeTruthy();
    expect(screen.getByText(/"soon" is not a duration/)).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows provider-specific fields: Azure needs a storage account, filesystem a path', async () => {
    vi.stubGlobal('fetch', vi.fn());
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    open();
    expect(screen.getByLabelText(/^S3 URL/)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Azure Blob' }));
    expect(screen.queryByLabelText(/^S3 URL/)).toBeNull();
    fill(screen.getByLabelText('Backup Storage Location Name'), 'az');
    fill(screen.getByLabelText('Storage Bucket'), 'container');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter the storage account that holds the container')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Filesystem' }));
    expect(screen.queryByLabelText('Storage Account')).toBeNull();
    expect(screen.queryByLabelText('Credential')).toBeNull();
    expect(screen.getByLabelText('Path')).toBeTruthy();
  });

  it('sends a filesystem location and reports the saved one', async () => {
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
      new Response(JSON.stringify(answer({ ...JSON.parse(init.body as string) })), { status: 201 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    const onSaved = open();
    fill(screen.getByLabelText('Backup Storage Location Name'), 'local-disk');
    await user.click(screen.getByRole('radio', { name: 'Filesystem' }));
    fill(screen.getByLabelText('Path'), '/srv/coffer');
    fill(screen.getByLabelText('Validation Frequency'), '10m');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/locations');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({
      name: 'local-disk',
      provider: 'filesystem',
      bucket: '/srv/coffer',
      accessMode: 'ReadWrite',
      backupSyncPeriodSeconds: 60,
      validationFrequencySeconds: 600,
      default: false,
    });
  });

  it('sends an existing-Secret credential and shows the server\'s 422 beside its field', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(
        JSON.stringify({
          error: {
            code: 'Invalid',
            message: 'invalid request',
            fields: [
              { field: 'credential.cluster', message: '"demo" is not a registered cluster; register it first' },
              { field: 'provider', message: 'spec.objectStorage.bucket: bucket "b" is not reachable' },
            ],
          },
        }),
        { status: 422 },
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    render(
      <StorageLocationDrawer
        open
        editing={null}
        locations={[]}
        clusters={[{ name: 'demo' } as never]}
        onClose={() => {}}
        onSaved={() => {}}
      />,
    );
    fill(screen.getByLabelText('Backup Storage Location Name'), 'gcs');
    await user.click(screen.getByRole('radio', { name: 'Google Cloud Storage' }));
    fill(screen.getByLabelText('Storage Bucket'), 'b');
    await user.click(screen.getByRole('radio', { name: 'Use existing Secret' }));
    fill(screen.getByLabelText('Secret Name'), 'cloud-credentials');
    fill(screen.getByLabelText('Secret Key'), 'cloud');
    await user.click(screen.getByLabelText('Cluster'));
    await user.click(await screen.findByTitle('demo'));
    await user.click(screen.getByRole('switch', { name: /^Set as Default/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toMatchObject({
      name: 'gcs',
      provider: 'gcp',
      bucket: 'b',
      credential: { mode: 'secret', secretName: 'cloud-credentials', secretKey: 'cloud', cluster: 'demo', namespace: 'velero' },
      default: true,
    });
    const clusterItem = screen.getByLabelText('Cluster').closest('.ant-form-item') as HTMLElement;
    expect(await within(clusterItem).findByText('"demo" is not a registered cluster; register it first')).toBeTruthy();
    const bucketItem = screen.getByLabelText('Storage Bucket').closest('.ant-form-item') as HTMLElement;
    expect(within(bucketItem).getByText('bucket "b" is not reachable')).toBeTruthy();
  });
});
