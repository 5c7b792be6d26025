// The app's API client: a small fetch wrapper for Ritme's JSON API under /api/v1.
//
// Why not bare fetch: every write needs the session's CSRF token, a stale token must be
// refreshed once, and every failure should reach the UI as one typed ApiError whose `code`
// the screens translate (see errors.ts).

import type { Locale } from '../i18n/messages';
import { dropBootReads, takeBootRead } from './boot';

export type FieldErrors = Record<string, string[]>;

/** A failed request. `status` 0 with code `network_error` means the server was not reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** Seconds until a rate-limited request may be tried again, when the server says so. */
  readonly retryAfter: number | null;
  /** The whole answer, for endpoints whose errors carry more than the error (an import report). */
  readonly body: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldErrors = {},
    retryAfter: number | null = null,
    body: unknown = null,
  ) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const UNSAFE: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Requests after which the server has started, ended or rotated the session; Flask-WTF
// ties the CSRF token to the session, so the cached token is stale afterwards.
const SESSION_CHANGING = [
  /^\/auth\/login$/,
  /^\/auth\/passkey$/,
  /^\/auth\/logout(-everywhere)?$/,
  /^\/auth\/invites\/[^/]+\/accept$/,
  /^\/me\/password$/,
];

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
}

export type UnauthenticatedListener = () => void;

export function createApiClient(options: ApiClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '/api/v1';
  // Resolve fetch at call time so tests (and polyfills) can replace the global.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let csrfToken: Promise<string> | null = null;
  let language: Locale | null = null;
  const unauthenticatedListeners = new Set<UnauthenticatedListener>();

  function fetchCsrfToken(): Promise<string> {
    if (!csrfToken) {
      csrfToken = send<{ csrf_token: string }>('GET', '/auth/csrf').then(
        (body) => body.csrf_token,
        (error: unknown) => {
          csrfToken = null; // do not cache a failure; the next write tries again
          throw error;
        },
      );
    }
    return csrfToken;
  }

  async function send<T>(method: Method, path: string, body?: unknown, csrf?: string): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    // A form (a file upload) sets its own multipart Content-Type with the boundary.
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-CSRFToken'] = csrf;
    if (language) headers['Accept-Language'] = language;

    let response: Response;
    try {
      const boot = options.fetch === undefined && method === 'GET' && body === undefined ? takeBootRead(path) : undefined;
      if (method !== 'GET') dropBootReads();
      response = boot
        ? await boot.catch(() => doFetch(baseUrl + path, { method, headers, credentials: 'same-origin' }))
        : await doFetch(baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : form ? (body) : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    throw await toApiError(response);
  }

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    if (!UNSAFE.has(method)) return notifyOn401(send<T>(method, path, body));

    let result: Promise<T> = fetchCsrfToken().then((token) => send<T>(method, path, body, token));
    result = result.catch(async (error: unknown) => {
      // The token expired or the session changed under us: fetch a new one and retry once.
      if (error instanceof ApiError && error.status === 400 && error.code === 'csrf_failed') {
        csrfToken = null;
        const token = await fetchCsrfToken();
        return send<T>(method, path, body, token);
      }
      throw error;
    });
    const value = await notifyOn401(result);
    if (SESSION_CHANGING.some((pattern) => pattern.test(path))) csrfToken = null;
    return value;
  }

  /** Tell listeners when the server says the session is gone, so the app can show sign-in. */
  async function notifyOn401<T>(result: Promise<T>): Promise<T> {
    try {
      return await result;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && error.code === 'not_authenticated') {
        unauthenticatedListeners.forEach((listener) => listener());
      }
      throw error;
    }
  }

  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T = void>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    put: <T = void>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
    /** POST multipart/form-data (file uploads), with the same CSRF handling. */
    upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    delete: <T = void>(path: string) => request<T>('DELETE', path),
    /** Send the UI language so the server can word field errors and e-mails to match. */
    setLanguage(locale: Locale) {
      language = locale;
    },
    /** Forget the CSRF token, e.g. after the session was changed outside this client. */
    resetCsrfToken() {
      csrfToken = null;
    },
    onUnauthenticated(listener: UnauthenticatedListener): () => void {
      unauthenticatedListeners.add(listener);
      return () => unauthenticatedListeners.delete(listener);
    },
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy error page, say); fall through to a generic error.
  }
  const error = (payload as { error?: Record<string, unknown> } | null)?.error;
  if (error && typeof error.code === 'string') {
    const retryAfter =
      typeof error.retry_after === 'number' ? error.retry_after : headerSeconds(response.headers.get('Retry-After'));
    return new ApiError(
      response.status,
      error.code,
      typeof error.message === 'string' ? error.message : '',
      isFieldErrors(error.fields) ? error.fields : {},
      retryAfter,
      payload,
    );
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText, {}, headerSeconds(response.headers.get('Retry-After')));
}

function headerSeconds(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : null;
}

function isFieldErrors(value: unknown): value is FieldErrors {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((messages) => Array.isArray(messages) && messages.every((m) => typeof m === 'string'))
  );
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's one client. */
export const api = createApiClient();
