// The REST client: JSON in and out of /api/v1 with the session's bearer token. Every failure is
// an ApiError carrying the server's code, message and per-field problems, so forms can show a
// message next to the field it concerns.

import { saveFile } from '../lib/saveFile';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldProblem[];
  constructor(status: number, code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

const TOKEN_KEY = 'coffer.session';

let unauthorizedHandler: (() => void) | null = null;

export const session = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY);
  },
  save(token: string, remember: boolean) {
    (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
  },
  // Called when the server answers 401 to a signed-in call (the session expired or was revoked).
  onUnauthorized(handler: (() => void) | null) {
    unauthorizedHandler = handler;
  },
};

export function queryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

// One path segment: names are escaped so "a/b" or "x?y" cannot change the route.
export const seg = (name: string) => encodeURIComponent(name);

async function errorOf(response: Response): Promise<ApiError> {
  let code = `HTTP${response.status}`;
  let message = response.statusText || `the server answered ${response.status}`;
  let fields: FieldProblem[] = [];
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      fields = Array.isArray(body.error.fields) ? body.error.fields : [];
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ApiError(response.status, code, message, fields);
}

async function send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'Unreachable', `The Coffer server did not answer (${(e as Error).message}). Is it running?`);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && token && unauthorizedHandler) unauthorizedHandler();
    throw error;
  }
  return response;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => json<T>('GET', path + queryString(query)),
  post: <T>(path: string, body?: unknown) => json<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, body),
  del: <T>(path: string, query?: Query) => json<T>('DELETE', path + queryString(query)),
  text: async (path: string) => (await send('GET', path, undefined, 'text/plain, */*')).text(),
  // A file download through the signed-in session: fetched as a blob, saved under `filename`.
  download: async (path: string, filename: string) => {
    saveFile(await (await send('GET', path, undefined, '*/*')).blob(), filename);
  },
};
