import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { restoresApi } from '../../api/restores';
import NewRestoreModal from './NewRestoreModal';

vi.mock('../../api/infrastructure', () => ({
  listAll: vi.fn(async () => [
    { name: 'shop-1', cluster: 'demo', phase: 'Completed', createdAt: '2026-11-25T03:01:51Z', spec: { includedNamespaces: ['shop'] } },
  ]),
  clustersApi: { all: vi.fn(async () => [{ name: 'demo', health: 'Healthy' }, { name: 'dr', health: 'Healthy' }]) },
}));
vi.mock('../../api/backups', () => ({
  backupsApi: { contents: vi.fn(async () => ({ counts: {}, resources: { 'apps/v1/Deployment': ['shop/payments'], 'v1/Namespace': ['shop'] } })) },
}));
vi.mock('../../api/restores', () => ({
  restoresApi: { schedules: vi.fn(async () => []), preview: vi.fn(), create: vi.fn() },
}));

const preview = vi.mocked(restoresApi.preview);
const create = vi.mocked(restoresApi.create);

function renderModal(onCreated = vi.fn()) {
  render(
    <AntApp>
      <MemoryRouter initialEntries={['/backup']}>
        <Routes>
          <Route path="/backup" element={<NewRestoreModal open backup="shop-1" onClose={() => {}} onCreated={onCreated} />} />
          <Route path="/data-protection-management/restores/:name" element={<div>restore detail page</div>} />
        </Routes>
      </MemoryRouter>
    </AntApp>,
  );
  return onCreated;
}

// The target cluster follows the backup's cluster once the lists have loaded.
const clusterReady = () =>
  waitFor(() => expect(screen.getByLabelText('Target Cluster').closest('.ant-select')!.textContent).toContain('demo'), { timeout: 5000 });

async function addMapping(source: string, target: string) {
  fireEvent.click(button('Add Mapping'));
  fireEvent.change(await screen.findByLabelText('Source Namespace 1'), { target: { value: source } });
  fireEvent.change(screen.getByLabelText('Target Namespace 1'), { target: { value: target } });
}

// getByRole is slow on antd's DOM; buttons are found by their text.
const button = (text: string) => screen.getByText(text, { selector: 'button span' }).closest('button')!;

beforeEach(() => {
  preview.mockReset();
  create.mockReset();
});
afterEach(cleanup);

describe('NewRestoreModal', () => {
  it('previews and restores the backup with the mapping, then opens the restore', async () => {
    preview.mockResolvedValue({
      phase: 'Completed',
      summary: { create: 1 },
      items: [{ action: 'create', apiVersion: 'apps/v1', groupResource: 'deployments.apps', kind: 'Deployment', namespace: 'shop-restored', name: 'payments' }],
    });
    create.mockResolvedValue({ name: 'restore-1' } as never);
    const onCreated = renderModal();
    await clusterReady();
    await addMapping('shop', 'shop-restored');
    fireEvent.click(button('Preview'));

    const expected = {
      backup: 'shop-1',
      cluster: 'demo',
      spec: { namespaceMapping: { shop: 'shop-restored' }, existingResourcePolicy: 'none', itemOperationTimeout: '4h' },
    };
    await waitFor(() => expect(preview).toHaveBeenCalledWith(expected));
    const plan = await screen.findByTestId('restore-preview');
    expect(within(plan).getByText('payments')).toBeTruthy();

    fireEvent.click(button('Restore'));
    await waitFor(() => expect(create).toHaveBeenCalledWith(expected));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith('restore-1'));
    expect(await screen.findByText('restore detail page')).toBeTruthy();
  });

  it('checks the mapping rows before asking the server', async () => {
    renderModal();
    await clusterReady();
    await addMapping('shop', 'Shop_Restored');
    fireEvent.click(button('Preview'));
    const problem = await screen.findByText(/"Shop_Restored" is not a valid namespace name/, undefined, { timeout: 4000 });
    expect(problem.closest('.ant-form-item')!.querySelector('input')!.getAttribute('aria-label')).toBe('Target Namespace 1');
    expect(preview).not.toHaveBeenCalled();
  });

  it("puts the server's 422 problems next to their fields", async () => {
    preview.mockRejectedValue(
      new ApiError(422, 'Invalid', '2 problems in the request', [
        { field: 'spec.namespaceMapping["shop"]', message: 'maps to "x", as "db" does' },
        { field: 'spec', message: 'spec.itemOperationTimeout: time: unknown unit "x" in duration "4x"' },
        { field: 'spec.hooks', message: 'not supported here' },
      ]),
    );
    renderModal();
    await clusterReady();
    await addMapping('shop', 'shop-restored');
    fireEvent.click(button('Preview'));

    const mappingError = await screen.findByText('maps to "x", as "db" does', undefined, { timeout: 4000 });
    expect(mappingError.closest('.ant-form-item')!.querySelector('input')!.getAttribute('aria-label')).toBe('Target Namespace 1');
    const timeoutError = screen.getByText('time: unknown unit "x" in duration "4x"');
    expect(within(timeoutError.closest('.ant-form-item') as HTMLElement).getByLabelText(/Item Operation Timeout/)).toBeTruthy();
    // A problem no field shows goes above the form.
    expect(screen.getByRole('alert').textContent).toContain('spec.hooks: not supported here');
  });

  it('restores into another cluster chosen in Target Cluster', async () => {
    preview.mockResolvedValue({ phase: 'Completed', summary: {}, items: [] });
    renderModal();
    await clusterReady();
    fireEvent.mouseDown(screen.getByLabelText('Target Cluster'));
    const options = await screen.findAllByText('dr');
    fireEvent.click(options[options.length - 1]);
    fireEvent.click(button('Preview'));
    await waitFor(() => expect(preview).toHaveBeenCalledWith(expect.objectContaining({ cluster: 'dr', backup: 'shop-1' })));
  });
});
