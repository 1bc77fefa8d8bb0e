import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClusterModal } from './ClusterModal';

const fill = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const KUBECONFIG = 'apiVersion: v1\nclusters:\n- name: k\n  cluster: {server: "https://k:6443"}\ncontexts:\n- name: k\n  context: {cluster: k}\ncurrent-context: k\n';

describe('Add Cluster', () => {
  it('requires the kubeconfig unless In-cluster is on', async () => {
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
      new Response(JSON.stringify({ ...JSON.parse(init.body as string), health: 'Healthy', namespaces: [] }), { status: 201 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onSaved = vi.fn();
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    render(<ClusterModal open editing={null} onClose={() => {}} onSaved={onSaved} />);
    fill(screen.getByLabelText(/^Name/), 'local');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Paste the kubeconfig (YAML) or upload its file')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();

    await user.click(screen.getByRole('switch', { name: /^In-cluster/ }));
    expect(screen.queryByLabelText('Kubeconfig')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/clusters');
    expect(JSON.parse(init.body as string)).toEqual({ name: 'local', inCluster: true });
  });

  it('sends the kubeconfig and shows the server\'s problem beside it', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(
        JSON.stringify({ error: { code: 'Invalid', message: 'invalid', fields: [{ field: 'kubeconfig', message: 'is not a usable kubeconfig: no user' }] } }),
        { status: 422 },
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup({ pointerEventsCheck: 0, delay: null });
    render(<ClusterModal open editing={null} onClose={() => {}} onSaved={() => {}} />);
    fill(screen.getByLabelText(/^Name/), 'prod');
    fill(screen.getByLabelText('Kubeconfig'), KUBECONFIG);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ name: 'prod', kubeconfig: KUBECONFIG });
    const item = screen.getByLabelText('Kubeconfig').closest('.ant-form-item') as HTMLElement;
    expect(await within(item).findByText('is not a usable kubeconfig: no user')).toBeTruthy();
  });
});
