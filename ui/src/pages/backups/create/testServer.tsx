// Test helpers for the create/edit modals: a fake /api/v1 behind `fetch` that records what the
// forms send, and the providers the modals need.
import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { render } from '@testing-library/react';
import { AuthProvider } from '../../../auth/AuthContext';
import { vi } from 'vitest';
import { waitFor } from '@testing-library/react';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

type Answer = { status: number; body: unknown };
export type Handler = (call: Call) => Answer | undefined;

const page = (items: unknown[]) => ({ items, total: items.length, limit: 1000, offset: 0 });

export const demoCluster = {
  name: 'demo',
  inCluster: false,
  server: 'https://127.0.0.1:6443',
  context: '',
  health: 'Healthy',
  healthMessage: '',
  healthCheckedAt: null,
  namespaces: ['default', 'guestbook', 'shop'],
  createdBy: 'admin',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

export const demoLocation = { name: 'demo-backups', provider: 'filesystem', default: true, accessMode: 'ReadWrite', phase: 'Available' };
export const otherLocation = { name: 'archive', provider: 'aws', default: false, accessMode: 'ReadWrite', phase: 'Available' };
export const demoVsl = { name: 'aws-snaps', provider: 'aws', default: false, config: {}, credential: { mode: 'none' } };

// Answers the lists the forms load; `handler` answers everything else (and may override).
export function fakeServer(handler: Handler = () => undefined) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v1/, ''),
      query: url.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    let answer = handler(call);
    if (!answer && call.method === 'GET') {
      if (call.path === '/clusters') answer = { status: 200, body: page([demoCluster]) };
      else if (call.path === '/locations') answer = { status: 200, body: page([demoLocation, otherLocation]) };
      else if (call.path === '/snapshot-locations') answer = { status: 200, body: page([demoVsl]) };
    }
    answer ??= { status: 404, body: { error: { code: 'NotFound', message: `no route ${call.method} ${call.path}` } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    sent: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

export const invalid = (fields: { field: string; message: string }[]): Answer => ({
  status: 422,
  body: { error: { code: 'Invalid', message: 'the request is not valid', fields } },
});

function WhereAmI() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname}</div>;
}

export function renderTree(children: ReactNode) {
  // No click waves or motion: in jsdom they cost seconds of getComputedStyle per click.
  return (
    <ConfigProvider wave={{ disabled: true }} theme={{ token: { motion: false } }}>
      <AntApp>
        <MemoryRouter initialEntries={['/start']}>
          <Routes>
            <Route path="*" element={<>{children}<WhereAmI /></>} />
          </Routes>
        </MemoryRouter>
      </AntApp>
    </ConfigProvider>
  );
}

// The antd form item (label, control, messages) a labelled control sits in.
export function formItemOf(control: HTMLElement): HTMLElement {
  const item = control.closest('.ant-form-item');
  if (!item) throw new Error('not inside a form item');
  return item as HTMLElement;
}

// Picks `option` in the antd Select `control` (from the dropdown that is open).
export async function pick(user: { click: (e: Element) => Promise<void> }, control: HTMLElement, option: string) {
  await user.click(control);
  const item = await waitFor(() => {
    const found = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].find(
      (o) => o.getAttribute('title') === option,
    );
    if (!found) throw new Error(`no option "${option}" in an open dropdown`);
    return found;
  });
  await user.click(item);
}

// A button by its text. (getByRole computes accessible names with getComputedStyle, which costs
// seconds in a form this size under jsdom.)
export function button(container: HTMLElement, text: string | RegExp): HTMLButtonElement {
  const spans = [...container.querySelectorAll('button span')].filter((s) =>
    typeof text === 'string' ? s.textContent === text : text.test(s.textContent ?? ''),
  );
  const b = spans.map((s) => s.closest('button')).find(Boolean);
  if (!b) throw new Error(`no button "${String(text)}"`);
  return b as HTMLButtonElement;
}

export async function openDialog(): Promise<HTMLElement> {
  return waitFor(() => {
    const d = document.querySelector('.ant-modal') as HTMLElement | null;
    if (!d) throw new Error('no dialog yet');
    return d;
  });
}

// A fake server for a signed-in super-admin: the session is stored and /me answers "admin".
export function signedInServer(handler: Handler = () => undefined) {
  sessionStorage.setItem('coffer.session', 'token');
  return fakeServer((c) => (c.path === '/me' ? { status: 200, body: { username: 'admin', role: 'super-admin' } } : handler(c)));
}

// Renders the app's pages (`routes`: <Route> elements) at `path`, signed in through AuthProvider.
export function renderSignedIn(path: string, routes: ReactNode) {
  return render(
    <ConfigProvider wave={{ disabled: true }} theme={{ token: { motion: false } }}>
      <AntApp>
        <MemoryRouter initialEntries={[path]}>
          <AuthProvider>
            <Routes>{routes}</Routes>
          </AuthProvider>
        </MemoryRouter>
      </AntApp>
    </ConfigProvider>,
  );
}
