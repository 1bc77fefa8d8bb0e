import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, queryString, seg, session } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
});

describe('REST client', () => {
  it('builds query strings without empty values', () => {
    expect(queryString({ search: '', sort: '-createdAt', limit: 20, status: undefined })).toBe('?sort=-createdAt&limit=20');
    expect(queryString({})).toBe('');
    expect(seg('a/b c')).toBe('a%2Fb%20c');
  });

  it('sends the session token and JSON, and reads JSON', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ name: 'b1' }), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    session.save('tok-123', false);
    const answer = await api.post<{ name: string }>('/backups', { cluster: 'demo' });
    expect(answer.name).toBe('b1');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/backups');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-123');
    expect(init.body).toBe('{"cluster":"demo"}');
  });

  it('turns error answers into ApiError with the field problems', async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ error: { code: 'Invalid', message: 'invalid request', fields: [{ field: 'spec.ttl', message: 'bad' }] } }), { status: 422 }),
    );
    const error = (await api.post('/backups', {}).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.fields).toEqual([{ field: 'spec.ttl', message: 'bad' }]);
  });

  it('signs out when a signed-in call answers 401', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"error":{"code":"Unauthorized","message":"sign in"}}', { status: 401 }));
    const onUnauthorized = vi.fn();
    session.onUnauthorized(onUnauthorized);
    session.save('expired', true);
    await expect(api.get('/backups')).rejects.toThrow('sign in');
    expect(onUnauthorized).toHaveBeenCalledOnce();
    session.onUnauthorized(null);
  });

  it('says plainly when the server does not answer', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/backups')).rejects.toThrow(/did not answer/);
  });
});
