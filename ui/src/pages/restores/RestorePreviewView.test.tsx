import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { RestorePreview } from '../../api/restores';
import { RestorePreviewView, summaryEntries } from './RestorePreviewView';

const preview: RestorePreview = {
  phase: 'Completed',
  validationErrors: [],
  summary: { create: 2, skip: 1, update: 1 },
  items: [
    { action: 'create', apiVersion: 'v1', groupResource: 'services', kind: 'Service', namespace: 'shop-restored', name: 'storefront' },
    { action: 'create', apiVersion: 'v1', groupResource: 'secrets', kind: 'Secret', namespace: 'shop-restored', name: 'api-key' },
    { action: 'skip', apiVersion: 'v1', groupResource: 'pods', kind: 'Pod', namespace: 'shop-restored', name: 'web-0', reason: 'owned by StatefulSet web; the restored controller recreates it' },
    {
      action: 'update',
      apiVersion: 'v1',
      groupResource: 'configmaps',
      kind: 'ConfigMap',
      namespace: 'shop-restored',
      name: 'settings',
      diff: '--- live\n+++ restored\n@@ -1,3 +1,3 @@\n data:\n-  flags: v3\n+  flags: v2\n',
    },
  ],
};

afterEach(cleanup);

describe('summaryEntries', () => {
  it('orders known actions first and fills missing ones with zero', () => {
    expect(summaryEntries({ skip: 3, create: 1, other: 2 })).toEqual([
      ['create', 1],
      ['update', 0],
      ['skip', 3],
      ['fail', 0],
      ['other', 2],
    ]);
  });
});

describe('RestorePreviewView', () => {
  it('shows the counts per action and the plan rows with the mapped namespace', () => {
    render(<RestorePreviewView preview={preview} mapping={{ shop: 'shop-restored' }} />);
    expect(within(screen.getByTestId('preview-count-create')).getByText('2')).toBeTruthy();
    expect(within(screen.getByTestId('preview-count-update')).getByText('1')).toBeTruthy();
    expect(within(screen.getByTestId('preview-count-fail')).getByText('0')).toBeTruthy();
    const table = screen.getByTestId('restore-preview');
    expect(within(table).getByText('storefront')).toBeTruthy();
    expect(within(table).getAllByText('shop →').length).toBe(4);
    expect(within(table).getByText(/restored controller recreates it/)).toBeTruthy();
  });

  it('filters by action', () => {
    render(<RestorePreviewView preview={preview} mapping={{}} />);
    fireEvent.click(screen.getByText('Skip (1)'));
    const table = screen.getByTestId('restore-preview');
    expect(within(table).queryByText('storefront')).toBeNull();
    expect(within(table).getByText('web-0')).toBeTruthy();
  });

  it("expands an update item's diff with added and removed lines coloured", () => {
    const { container } = render(<RestorePreviewView preview={preview} mapping={{}} />);
    expect(screen.queryByRole('region', { name: /Changes to ConfigMap/ })).toBeNull();
    const expanders = container.querySelectorAll('button.ant-table-row-expand-icon:not(.ant-table-row-expand-icon-spaced)');
    expect(expanders.length).toBe(1); // only the update has a diff
    fireEvent.click(expanders[0]);
    const diff = screen.getByRole('region', { name: 'Changes to ConfigMap shop-restored/settings' });
    expect(within(diff).getByText('+  flags: v2', { normalizer: (s) => s }).className).toBe('diff-add');
    expect(within(diff).getByText('-  flags: v3', { normalizer: (s) => s }).className).toBe('diff-del');
    expect(within(diff).getByText('@@ -1,3 +1,3 @@').className).toBe('diff-hunk');
  });

  it('warns when the restore would fail validation', () => {
    render(<RestorePreviewView preview={{ ...preview, phase: 'FailedValidation', validationErrors: ['ConfigMap velero/x not found'] }} mapping={{}} />);
    expect(screen.getByRole('alert').textContent).toMatch(/FailedValidation.*ConfigMap velero\/x not found/);
  });
});
