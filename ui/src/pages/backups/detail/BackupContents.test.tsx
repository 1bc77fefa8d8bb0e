import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { backupsApi } from '../../../api/backups';
import { BackupContentsTab } from './BackupContents';

vi.mock('../../../api/backups', () => ({
  backupsApi: {
    contents: vi.fn(async () => ({
      counts: { 'deployments.apps': 1, persistentvolumes: 1 },
      resources: { 'apps/v1/Deployment': ['shop/payments'], 'v1/PersistentVolume': ['pvc-1'] },
    })),
    item: vi.fn(async () => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'payments', namespace: 'shop', managedFields: [{ manager: 'k' }] },
      spec: { replicas: 2 },
    })),
  },
}));

afterEach(cleanup);

describe('BackupContentsTab', () => {
  it('browses kinds, namespaces and items and shows an item as YAML', async () => {
    render(<BackupContentsTab backup="shop-1" />);
    fireEvent.click(await screen.findByText('Deployment'));
    fireEvent.click(await screen.findByText('shop'));
    fireEvent.click(await screen.findByText('payments'));
    await waitFor(() => expect(backupsApi.item).toHaveBeenCalledWith('shop-1', 'resources/deployments.apps/namespaces/shop/payments.json'));
    const yaml = await screen.findByTestId('item-yaml');
    expect(yaml.textContent).toContain('kind: Deployment');
    expect(yaml.textContent).toContain('replicas: 2');
    expect(yaml.textContent).not.toContain('managedFields');
    expect(screen.getByText('Copy')).toBeTruthy();
  });

  it('finds items by search', async () => {
    render(<BackupContentsTab backup="shop-1" />);
    fireEvent.change(await screen.findByLabelText("Search the backup's contents"), { target: { value: 'pvc' } });
    expect(await screen.findByText('pvc-1')).toBeTruthy(); // its branch opened by the search
    expect(screen.queryByText('Deployment')).toBeNull();
  });
});
