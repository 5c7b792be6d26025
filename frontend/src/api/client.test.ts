import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from './client';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function errorBody(code: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message: `${code} message`, ...extra } };
}

/** A fake server: a list of handlers answered in order, with every call recorded. */
function fakeFetch(...handlers: Handler[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init });
    const handler = handlers.shift();
    if (!handler) throw new Error(`unexpected request ${init.method} ${url}`);
    return handler(url, init);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const csrf = (token: string): Handler => (url) => {
  expect(url).toBe('/api/v1/auth/csrf');
  return json(200, { csrf_token: token });
};

function header(init: RequestInit, name: string): string | undefined {
  return (init.headers as Record<string, string>)[name];
}

describe('api client', () => {
  it('gets JSON with same-origin credentials and no CSRF token', async () => {
    const server = fakeFetch(() => json(200, { id: 1, name: 'Anna' }));
    const api = createApiClient({ fetch: server.fetch });

    await expect(api.get('/me')).resolves.toEqual({ id: 1, name: 'Anna' });

    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].url).toBe('/api/v1/me');
    expect(server.calls[0].init.method).toBe('GET');
    expect(server.calls[0].init.credentials).toBe('same-origin');
    expect(header(server.calls[0].init, 'X-CSRFToken')).toBeUndefined();
  });

  it('fetches the CSRF token once and sends it on every write', async () => {
    const server = fakeFetch(
      csrf('t1'),
      () => json(200, { name: 'Anna' }),
      () => new Response(null, { status: 204 }),
    );
    const api = createApiClient({ fetch: server.fetch });

    await api.patch('/me', { name: 'Anna' });
    await api.delete('/things/1');

    expect(server.calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/auth/csrf',
      'PATCH /api/v1/me',
      'DELETE /api/v1/things/1',
    ]);
    expect(header(server.calls[1].init, 'X-CSRFToken')).toBe('t1');
    expect(header(server.calls[1].init, 'Content-Type')).toBe('application/json');
    expect(server.calls[1].init.body).toBe(JSON.stringify({ name: 'Anna' }));
    expect(header(server.calls[2].init, 'X-CSRFToken')).toBe('t1');
  });

  it('shares one CSRF request between writes started together', async () => {
    const server = fakeFetch(
      csrf('t1'),
      () => new Response(null, { status: 204 }),
      () => new Response(null, { status: 204 }),
    );
    const api = createApiClient({ fetch: server.fetch });

    await Promise.all([api.post('/a'), api.post('/b')]);

    expect(server.calls.filter((c) => c.url.endsWith('/auth/csrf'))).toHaveLength(1);
  });

  it('refreshes the CSRF token and retries once after csrf_failed', async () => {
    const server = fakeFetch(
      csrf('old'),
      () => json(400, errorBody('csrf_failed')),
      csrf('new'),
      () => json(200, { ok: true }),
    );
    const api = createApiClient({ fetch: server.fetch });

    await expect(api.post('/things', { a: 1 })).resolves.toEqual({ ok: true });

    expect(header(server.calls[1].init, 'X-CSRFToken')).toBe('old');
    expect(header(server.calls[3].init, 'X-CSRFToken')).toBe('new');
  });

  it('gives up after the second csrf_failed', async () => {
    const server = fakeFetch(
      csrf('old'),
      () => json(400, errorBody('csrf_failed')),
      csrf('new'),
      () => json(400, errorBody('csrf_failed')),
    );
    const api = createApiClient({ fetch: server.fetch });

    await expect(api.post('/things')).rejects.toMatchObject({ status: 400, code: 'csrf_failed' });
    expect(server.calls).toHaveLength(4);
  });

  it('fetches a new CSRF token after sign-in and sign-out, because the session changed', async () => {
    const server = fakeFetch(
      csrf('anonymous'),
      () => json(200, { id: 1 }),
      csrf('signed-in'),
      () => new Response(null, { status: 204 }),
      csrf('signed-out'),
      () => new Response(null, { status: 204 }),
    );
    const api = createApiClient({ fetch: server.fetch });

    await api.post('/auth/login', { email: 'rep@demo.test', password: 'x' });
    await api.post('/auth/logout');
    await api.post('/auth/password-reset', { email: 'rep@demo.test' });

    expect(header(server.calls[1].init, 'X-CSRFToken')).toBe('anonymous');
    expect(header(server.calls[3].init, 'X-CSRFToken')).toBe('signed-in');
    expect(header(server.calls[5].init, 'X-CSRFToken')).toBe('signed-out');
  });

  it('throws a typed ApiError with code, message and field errors', async () => {
    const fields = { name: ['Name is required.'] };
    const server = fakeFetch(csrf('t'), () => json(422, errorBody('validation_failed', { fields })));
    const api = createApiClient({ fetch: server.fetch });

    const error = await api.patch('/me', { name: '' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message: 'validation_failed message',
      fields,
      retryAfter: null,
    });
  });

  it('reads retry_after from a rate-limit error', async () => {
    const server = fakeFetch(csrf('t'), () => json(429, errorBody('rate_limited', { retry_after: 300 })));
    const api = createApiClient({ fetch: server.fetch });

    await expect(api.post('/auth/login', {})).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 300 });
  });

  it('turns a non-JSON error page into a generic ApiError', async () => {
    const server = fakeFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }));
    const api = createApiClient({ fetch: server.fetch });

    await expect(api.get('/me')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports an unreachable server as network_error', async () => {
    const api = createApiClient({
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))),
    });

    await expect(api.get('/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('tells listeners when the session is gone, but not on wrong credentials', async () => {
    const server = fakeFetch(
      () => json(401, errorBody('not_authenticated')),
      csrf('t'),
      () => json(401, errorBody('invalid_credentials')),
    );
    const api = createApiClient({ fetch: server.fetch });
    const listener = vi.fn();
    api.onUnauthenticated(listener);

    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 });
    await expect(api.post('/auth/login', {})).rejects.toMatchObject({ code: 'invalid_credentials' });

    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('sends the interface language once it is known', async () => {
    const server = fakeFetch(() => json(200, {}));
    const api = createApiClient({ fetch: server.fetch });
    api.setLanguage('en');

    await api.get('/me');

    expect(header(server.calls[0].init, 'Accept-Language')).toBe('en');
  });
});
