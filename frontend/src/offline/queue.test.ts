import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkInEntry, createSender, dismiss, enqueue, enqueueUndo, isoWithOffset, listEntries, localDate, openQueue, replay, type CheckInBody, type QueueDb, type SendResult, type Sender } from './queue';

let db: QueueDb;
let name = 0;

beforeEach(async () => {
  name += 1;
  db = await openQueue(`queue-test-${name}`);
});

afterEach(() => db.close());

function body(behaviour_id: number, client_id = `00000000-0000-4000-8000-00000000000${behaviour_id}`): CheckInBody {
  return { behaviour_id, client_id, occurred_on: '2026-11-22', recorded_at: '2026-11-22T09:00:00.000+01:00' };
}

/** A fake server: answers from a script, records what it was sent. */
function fakeServer(answer: (method: string, path: string, body: unknown) => SendResult | Promise<SendResult>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const send: Sender = async (method, path, sent) => {
    calls.push({ method, path, body: sent });
    return answer(method, path, sent);
  };
  return { calls, send };
}

let nextId = 100;
const created = (_m: string, _p: string, sent: unknown): SendResult => ({
  status: 201,
  body: { id: nextId++, client_id: (sent as CheckInBody | undefined)?.client_id },
});

describe('offline queue', () => {
  it('replays in the order entries were added and empties on 2xx', async () => {
    await enqueue(checkInEntry(body(1)), db);
    await enqueue(checkInEntry(body(2)), db);
    await enqueue(checkInEntry(body(3)), db);
    const server = fakeServer(created);
    const report = await replay({ db, send: server.send });
    expect(server.calls.map((c) => (c.body as CheckInBody).behaviour_id)).toEqual([1, 2, 3]);
    expect(report).toMatchObject({ sent: 3, refused: 0, stopped: false, remaining: 0 });
    expect(await listEntries(db)).toEqual([]);
  });

  it('keeps every entry, in order, when the network fails, and stops at the first', async () => {
    await enqueue(checkInEntry(body(1)), db);
    await enqueue(checkInEntry(body(2)), db);
    const server = fakeServer(() => ({ status: 0, body: null }));
    const report = await replay({ db, send: server.send });
    expect(server.calls).toHaveLength(1);
    expect(report).toMatchObject({ stopped: true, remaining: 2 });
    const left = await listEntries(db);
    expect(left.map((e) => e.behaviour_id)).toEqual([1, 2]);
    expect(left[0].attempts).toBe(1);
    expect(left.every((e) => e.status === 'pending')).toBe(true);
  });

  it('treats 5xx like the network: keep and stop', async () => {
    await enqueue(checkInEntry(body(1)), db);
    const server = fakeServer(() => ({ status: 503, body: null }));
    expect((await replay({ db, send: server.send })).stopped).toBe(true);
    expect((await listEntries(db))[0].status).toBe('pending');
  });

  it('marks a 4xx refused with the server reason, keeps it, and goes on with the rest', async () => {
    await enqueue(checkInEntry(body(1)), db);
    await enqueue(checkInEntry(body(2)), db);
    const server = fakeServer((_m, _p, sent) =>
      (sent as CheckInBody).behaviour_id === 1
        ? {
            status: 422,
            body: {
              error: {
                code: 'validation_failed',
                message: 'Sommige velden zijn niet goed ingevuld.',
                fields: { behaviour_id: ['Dit gedrag is gearchiveerd.'] },
              },
            },
          }
        : created('POST', '/checkins', sent),
    );
    const report = await replay({ db, send: server.send });
    expect(report).toMatchObject({ sent: 1, refused: 1, stopped: false, remaining: 0 });
    const left = await listEntries(db);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ behaviour_id: 1, status: 'refused', code: 'validation_failed', reason: 'Dit gedrag is gearchiveerd.' });

    // A refused entry is not sent again; it goes only when the user dismisses it.
    await replay({ db, send: server.send });
    expect(server.calls).toHaveLength(2);
    await dismiss(left[0].seq!, db);
    expect(await listEntries(db)).toEqual([]);
  });

  it('keeps a 401 pending: the session expired, the check-in is still good', async () => {
    await enqueue(checkInEntry(body(1)), db);
    const server = fakeServer(() => ({ status: 401, body: { error: { code: 'not_authenticated', message: '' } } }));
    expect((await replay({ db, send: server.send })).stopped).toBe(true);
    expect((await listEntries(db))[0].status).toBe('pending');
  });

  it('runs two replays one after the other, sending each entry once', async () => {
    await enqueue(checkInEntry(body(1)), db);
    await enqueue(checkInEntry(body(2)), db);
    const server = fakeServer(async (m, p, sent) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return created(m, p, sent);
    });
    const [a, b] = await Promise.all([replay({ db, send: server.send }), replay({ db, send: server.send })]);
    expect(server.calls).toHaveLength(2);
    expect(a.sent + b.sent).toBe(2);
  });

  it('sends an entry added while a replay runs (no lost wake-up)', async () => {
    await enqueue(checkInEntry(body(1)), db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = fakeServer(async (m, p, sent) => {
      await gate;
      return created(m, p, sent);
    });
    const first = replay({ db, send: server.send });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await enqueue(checkInEntry(body(2)), db);
    const second = replay({ db, send: server.send });
    release();
    await Promise.all([first, second]);
    expect(server.calls.map((c) => (c.body as CheckInBody).behaviour_id)).toEqual([1, 2]);
    expect(await listEntries(db)).toEqual([]);
  });

  it('sends the same client_id on a retry, so the server can recognise the replay', async () => {
    await enqueue(checkInEntry(body(1)), db);
    let fail = true;
    const server = fakeServer((m, p, sent) => (fail ? { status: 0, body: null } : created(m, p, sent)));
    await replay({ db, send: server.send });
    fail = false;
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => (c.body as CheckInBody).client_id)).toEqual([body(1).client_id, body(1).client_id]);
    expect(server.calls[0].body).toEqual(server.calls[1].body);
  });

  it('cancels a check-in that was never sent, without asking the server', async () => {
    await enqueue(checkInEntry(body(1)), db);
    const outcome = await enqueueUndo({ client_id: body(1).client_id, behaviour_id: 1, occurred_on: '2026-11-22' }, { db });
    expect(outcome).toBe('cancelled');
    const server = fakeServer(created);
    await replay({ db, send: server.send });
    expect(server.calls).toEqual([]);
  });

  it('undoes a sent check-in with DELETE of the id the server gave', async () => {
    await enqueue(checkInEntry(body(1)), db);
    const server = fakeServer((m) => (m === 'DELETE' ? { status: 204, body: null } : { status: 201, body: { id: 42 } }));
    await replay({ db, send: server.send });
    expect(
      await enqueueUndo({ client_id: body(1).client_id, behaviour_id: 1, occurred_on: '2026-11-22' }, { db, newId: () => 'u1' }),
    ).toBe('queued');
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /checkins', 'DELETE /checkins/42']);
    expect(await listEntries(db)).toEqual([]);
  });

  it('undoes a check-in whose send was tried but not answered by replaying it first', async () => {
    await enqueue(checkInEntry(body(1)), db);
    let online = false;
    const server = fakeServer((m) => {
      if (!online) return { status: 0, body: null };
      return m === 'DELETE' ? { status: 204, body: null } : { status: 200, body: { id: 7 } };
    });
    await replay({ db, send: server.send }); // attempted: it may have reached the server
    await enqueueUndo({ client_id: body(1).client_id, behaviour_id: 1, occurred_on: '2026-11-22' }, { db });
    online = true;
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /checkins', 'POST /checkins', 'DELETE /checkins/7']);
    expect(await listEntries(db)).toEqual([]);
  });

  it('keeps a refused undo visible (too old to undo)', async () => {
    await enqueueUndo({ client_id: 'x', behaviour_id: 1, occurred_on: '2026-11-20', server_id: 9 }, { db });
    const server = fakeServer(() => ({ status: 422, body: { error: { code: 'too_old_to_undo', message: 'Te oud.' } } }));
    await replay({ db, send: server.send });
    expect(await listEntries(db)).toMatchObject([{ method: 'DELETE', status: 'refused', reason: 'Te oud.' }]);
  });

  it('survives a reopened database (closing the app loses nothing)', async () => {
    await enqueue(checkInEntry(body(1)), db);
    db.close();
    db = await openQueue(`queue-test-${name}`);
    expect((await listEntries(db)).map((e) => e.client_id)).toEqual([body(1).client_id]);
  });
});

describe('createSender', () => {
  it('fetches a CSRF token first, sends it, and refreshes it once when stale', async () => {
    const seen: { url: string; token?: string }[] = [];
    let tokens = 0;
    // eslint-disable-next-line @typescript-eslint/require-await -- a stand-in for fetch is async like fetch
    const fakeFetch = (async (url: string, init?: RequestInit) => {
      const token = (init?.headers as Record<string, string> | undefined)?.['X-CSRFToken'];
      seen.push({ url, token });
      if (url.endsWith('/auth/csrf')) return new Response(JSON.stringify({ csrf_token: `t${++tokens}` }));
      if (token === 't1') return new Response(JSON.stringify({ error: { code: 'csrf_failed', message: '' } }), { status: 400 });
      return new Response(JSON.stringify({ id: 1 }), { status: 201 });
    }) as typeof fetch;
    const send = createSender({ fetch: fakeFetch });
    const result = await send('POST', '/checkins', body(1), 'nl');
    expect(result.status).toBe(201);
    expect(seen.map((s) => `${s.url} ${s.token ?? ''}`.trim())).toEqual([
      '/api/v1/auth/csrf',
      '/api/v1/checkins t1',
      '/api/v1/auth/csrf',
      '/api/v1/checkins t2',
    ]);
  });

  it('reports an unreachable server as status 0', async () => {
    const send = createSender({ fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) });
    expect(await send('POST', '/checkins', body(1))).toEqual({ status: 0, body: null });
  });
});

describe('dates', () => {
  it('writes the device instant with its offset', () => {
    expect(isoWithOffset(new Date('2026-11-22T09:30:00Z'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  });

  it('finds the local date in the user time zone', () => {
    expect(localDate(new Date('2026-11-22T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-11-23');
    expect(localDate(new Date('2026-11-22T23:30:00Z'), 'America/New_York')).toBe('2026-11-22');
  });
});
