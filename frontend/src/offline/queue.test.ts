import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkInRequest, isCheckInEntry, undoRequest, type CheckInBody } from '../rhythm/data';
import { winRequest } from '../wins/data';
import {
  backoffMs,
  createSender,
  dismiss,
  enqueue,
  listEntries,
  listRefusals,
  MAX_RETENTION_MS,
  openQueue,
  QUEUE_VERSION,
  replay,
  takeBack,
  type QueueDb,
  type QueueRequest,
  type SendResult,
  type Sender,
} from './queue';
import type { V1Entry } from './v1';

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

const checkIn = (behaviour_id: number) => checkInRequest(body(behaviour_id));

/** Any write of any kind: the queue knows nothing about what it carries. */
function write(kind: string, client_id: string, extra: Partial<QueueRequest<{ label: string }>> = {}): QueueRequest<{ label: string }> {
  return { kind, client_id, method: 'POST', path: `/${kind}`, body: { client_id }, meta: { label: client_id }, ...extra };
}

/** A fake server: answers from a script, records what it was sent. */
function fakeServer(answer: (method: string, path: string, body: unknown) => SendResult | Promise<SendResult>) {
  const calls: { method: string; path: string; body: unknown; locale?: string }[] = [];
  const send: Sender = async (method, path, sent, locale) => {
    calls.push({ method, path, body: sent, locale });
    return answer(method, path, sent);
  };
  return { calls, send };
}

let nextId = 100;
const created = (_m: string, _p: string, sent: unknown): SendResult => ({
  status: 201,
  body: { id: nextId++, client_id: (sent as CheckInBody | undefined)?.client_id },
});

const refusedWith = (message: string, field?: string): SendResult => ({
  status: 422,
  body: { error: { code: 'validation_failed', message: 'Sommige velden zijn niet goed ingevuld.', ...(field ? { fields: { [field]: [message] } } : { message }) } },
});

describe('offline queue', () => {
  it('replays in the order entries were added and empties on 2xx', async () => {
    await enqueue(checkIn(1), { db });
    await enqueue(checkIn(2), { db });
    await enqueue(checkIn(3), { db });
    const server = fakeServer(created);
    const report = await replay({ db, send: server.send });
    expect(server.calls.map((c) => (c.body as CheckInBody).behaviour_id)).toEqual([1, 2, 3]);
    expect(report).toMatchObject({ sent: 3, refused: 0, stopped: false, remaining: 0 });
    expect(await listEntries(db)).toEqual([]);
  });

  it('carries any kind of write with its own method, path, body, language and metadata', async () => {
    await enqueue(checkIn(1), { db });
    await enqueue(winRequest({ client_id: 'w-1', text: 'Bouwgroep Noord tekende' }, 'en'), { db });
    await enqueue(write('reflection.answer', 'r-1', { method: 'PUT', path: '/reflections/current', body: { answer: 'Goed' } }), { db });
    await enqueue(write('applause', 'a-1', { path: '/wins/12/applause', body: undefined }), { db });
    expect((await listEntries(db)).map((e) => e.kind)).toEqual(['checkin', 'win', 'reflection.answer', 'applause']);
    expect((await listEntries(db))[1].meta).toEqual({ text: 'Bouwgroep Noord tekende' });

    const server = fakeServer(created);
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /checkins',
      'POST /wins',
      'PUT /reflections/current',
      'POST /wins/12/applause',
    ]);
    expect(server.calls[1]).toMatchObject({ body: { client_id: 'w-1', text: 'Bouwgroep Noord tekende' }, locale: 'en' });
    expect(server.calls[2].body).toEqual({ answer: 'Goed' });
    expect(server.calls[3].body).toBeUndefined();
  });

  it('keeps every entry, in order, when the network fails, and stops at the first', async () => {
    await enqueue(checkIn(1), { db });
    await enqueue(checkIn(2), { db });
    const server = fakeServer(() => ({ status: 0, body: null }));
    const report = await replay({ db, send: server.send });
    expect(server.calls).toHaveLength(1);
    expect(report).toMatchObject({ stopped: true, remaining: 2 });
    const left = await listEntries(db);
    expect(left.filter(isCheckInEntry).map((e) => e.meta.behaviour_id)).toEqual([1, 2]);
    expect(left[0].attempts).toBe(1);
    expect(left.every((e) => e.retry_at === null)).toBe(true); // offline is nobody's fault: no backoff
  });

  it('retries a 5xx with backoff, keeps it at the front, and lets the rest of the queue go', async () => {
    let clock = Date.parse('2026-11-22T09:00:00Z');
    const now = () => clock;
    await enqueue(checkIn(1), { db });
    await enqueue(checkIn(2), { db });
    let down = true;
    const server = fakeServer((m, p, sent) =>
      down && (sent as CheckInBody).behaviour_id === 1 ? { status: 503, body: null } : created(m, p, sent),
    );

    const first = await replay({ db, send: server.send, now });
    expect(first).toMatchObject({ sent: 1, retrying: 1, stopped: false, remaining: 1, next_retry_at: clock + backoffMs(1) });
    const [waiting] = await listEntries(db);
    expect(waiting).toMatchObject({ client_id: body(1).client_id, failures: 1, retry_at: clock + backoffMs(1) });

    // Before its time it is not tried again…
    clock += backoffMs(1) - 1;
    await replay({ db, send: server.send, now });
    expect(server.calls).toHaveLength(2);

    // …and failing again it waits twice as long.
    clock += 1;
    await replay({ db, send: server.send, now });
    expect(server.calls).toHaveLength(3);
    expect((await listEntries(db))[0]).toMatchObject({ failures: 2, retry_at: clock + backoffMs(2) });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(backoffMs(50)).toBe(15 * 60 * 1000);

    down = false;
    clock += backoffMs(2);
    expect(await replay({ db, send: server.send, now })).toMatchObject({ sent: 1, remaining: 0, next_retry_at: null });
  });

  it('holds back the writes that share a waiting entry’s key, in order', async () => {
    const clock = Date.parse('2026-11-22T09:00:00Z');
    await enqueue(write('applause', 'a-1', { key: 'applause:/wins/1', path: '/wins/1/applause' }), { db });
    await enqueue(write('applause.withdraw', 'a-2', { key: 'applause:/wins/1', path: '/wins/1/applause', method: 'DELETE' }), { db });
    await enqueue(write('win', 'w-1'), { db });
    const server = fakeServer((m, p, sent) => (p === '/wins/1/applause' && m === 'POST' ? { status: 500, body: null } : created(m, p, sent)));
    await replay({ db, send: server.send, now: () => clock });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /wins/1/applause', 'POST /win']);
    expect((await listEntries(db)).map((e) => e.client_id)).toEqual(['a-1', 'a-2']);
  });

  it('gives up a write the server keeps failing on after the retention time, as refused', async () => {
    const queuedAt = new Date('2026-11-01T09:00:00Z');
    await enqueue(checkIn(1), { db, now: queuedAt });
    const server = fakeServer(() => ({ status: 500, body: { error: { code: 'internal_error', message: 'Er ging iets mis.' } } }));
    const report = await replay({ db, send: server.send, now: () => queuedAt.getTime() + MAX_RETENTION_MS + 1 });
    expect(report).toMatchObject({ refused: 1, remaining: 0 });
    expect(await listRefusals(db)).toMatchObject([{ client_id: body(1).client_id, code: 'internal_error', reason: 'Er ging iets mis.' }]);
  });

  it('takes a 4xx off the queue as refused with the server reason, and goes on with the rest', async () => {
    await enqueue(checkInRequest(body(1), { name: 'Demo gegeven' }), { db });
    await enqueue(checkIn(2), { db });
    const server = fakeServer((_m, _p, sent) =>
      (sent as CheckInBody).behaviour_id === 1 ? refusedWith('Dit gedrag is gearchiveerd.', 'behaviour_id') : created('POST', '/checkins', sent),
    );
    const refusals: string[] = [];
    const report = await replay({ db, send: server.send, onRefused: (r) => refusals.push(r.client_id) });
    expect(report).toMatchObject({ sent: 1, refused: 1, stopped: false, remaining: 0 });
    expect(refusals).toEqual([body(1).client_id]);
    expect(await listEntries(db)).toEqual([]);
    const [refused] = await listRefusals(db);
    expect(refused).toMatchObject({
      kind: 'checkin',
      meta: { behaviour_id: 1, behaviour_name: 'Demo gegeven', occurred_on: '2026-11-22' },
      status: 422,
      code: 'validation_failed',
      reason: 'Dit gedrag is gearchiveerd.',
    });

    // A refused write is not sent again; its refusal goes when the user dismisses it.
    await replay({ db, send: server.send });
    expect(server.calls).toHaveLength(2);
    await dismiss(refused.client_id, db);
    expect(await listRefusals(db)).toEqual([]);
  });

  it('keeps a 401 waiting: the session expired, the check-in is still good', async () => {
    await enqueue(checkIn(1), { db });
    const server = fakeServer(() => ({ status: 401, body: { error: { code: 'not_authenticated', message: '' } } }));
    expect((await replay({ db, send: server.send })).stopped).toBe(true);
    expect(await listEntries(db)).toHaveLength(1);
    expect(await listRefusals(db)).toEqual([]);
  });

  it('runs two replays one after the other, sending each entry once', async () => {
    await enqueue(checkIn(1), { db });
    await enqueue(checkIn(2), { db });
    const server = fakeServer(async (m, p, sent) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return created(m, p, sent);
    });
    const [a, b] = await Promise.all([replay({ db, send: server.send }), replay({ db, send: server.send })]);
    expect(server.calls).toHaveLength(2);
    expect(a.sent + b.sent).toBe(2);
  });

  it('sends an entry added while a replay runs (no lost wake-up)', async () => {
    await enqueue(checkIn(1), { db });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = fakeServer(async (m, p, sent) => {
      await gate;
      return created(m, p, sent);
    });
    const first = replay({ db, send: server.send });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await enqueue(checkIn(2), { db });
    const second = replay({ db, send: server.send });
    release();
    await Promise.all([first, second]);
    expect(server.calls.map((c) => (c.body as CheckInBody).behaviour_id)).toEqual([1, 2]);
    expect(await listEntries(db)).toEqual([]);
  });

  it('is idempotent by client_id: queued twice, kept and sent once', async () => {
    const first = await enqueue(write('win', 'same'), { db });
    const second = await enqueue(write('win', 'same', { body: { client_id: 'same', text: 'other' } }), { db });
    expect(second.seq).toBe(first.seq);
    expect(await listEntries(db)).toHaveLength(1);
    const server = fakeServer(created);
    await replay({ db, send: server.send });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].body).toEqual({ client_id: 'same' });
  });

  it('sends the same client_id on a retry, so the server can recognise the replay', async () => {
    await enqueue(checkIn(1), { db });
    let fail = true;
    const server = fakeServer((m, p, sent) => (fail ? { status: 0, body: null } : created(m, p, sent)));
    await replay({ db, send: server.send });
    fail = false;
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => (c.body as CheckInBody).client_id)).toEqual([body(1).client_id, body(1).client_id]);
    expect(server.calls[0].body).toEqual(server.calls[1].body);
  });

  it('cancels a check-in that was never sent, without asking the server', async () => {
    await enqueue(checkIn(1), { db });
    const undo = undoRequest({ behaviour_id: 1, occurred_on: '2026-11-22' });
    expect(await takeBack(body(1).client_id, undo, { db })).toBe('cancelled');
    const server = fakeServer(created);
    await replay({ db, send: server.send });
    expect(server.calls).toEqual([]);
  });

  it('undoes a sent check-in with DELETE of the id the server gave', async () => {
    await enqueue(checkIn(1), { db });
    const server = fakeServer((m) => (m === 'DELETE' ? { status: 204, body: null } : { status: 201, body: { id: 42 } }));
    await replay({ db, send: server.send });
    const undo = undoRequest({ behaviour_id: 1, occurred_on: '2026-11-22' }, { newId: () => 'u1' });
    expect(await takeBack(body(1).client_id, undo, { db })).toBe('queued');
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /checkins', 'DELETE /checkins/42']);
    expect(await listEntries(db)).toEqual([]);
  });

  it('undoes a check-in whose send was tried but not answered by replaying it first', async () => {
    await enqueue(checkIn(1), { db });
    let online = false;
    const server = fakeServer((m) => {
      if (!online) return { status: 0, body: null };
      return m === 'DELETE' ? { status: 204, body: null } : { status: 200, body: { id: 7 } };
    });
    await replay({ db, send: server.send }); // attempted: it may have reached the server
    await takeBack(body(1).client_id, undoRequest({ behaviour_id: 1, occurred_on: '2026-11-22' }), { db });
    online = true;
    await replay({ db, send: server.send });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /checkins', 'POST /checkins', 'DELETE /checkins/7']);
    expect(await listEntries(db)).toEqual([]);
  });

  it('keeps a refused undo visible (too old to undo)', async () => {
    await takeBack('x', undoRequest({ behaviour_id: 1, occurred_on: '2026-11-20', server_id: 9 }), { db });
    const server = fakeServer(() => ({ status: 422, body: { error: { code: 'too_old_to_undo', message: 'Te oud.' } } }));
    await replay({ db, send: server.send });
    expect(await listRefusals(db)).toMatchObject([{ kind: 'checkin.undo', method: 'DELETE', reason: 'Te oud.' }]);
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['DELETE /checkins/9']);
  });

  it('survives a reopened database (closing the app loses nothing)', async () => {
    await enqueue(checkIn(1), { db });
    db.close();
    db = await openQueue(`queue-test-${name}`);
    expect((await listEntries(db)).map((e) => e.client_id)).toEqual([body(1).client_id]);
  });
});

describe('upgrading the store from version 1 (check-ins only)', () => {
  const v1 = (entry: Omit<V1Entry, 'attempts' | 'queued_at' | 'status'> & Partial<V1Entry>): V1Entry => ({
    status: 'pending',
    attempts: 0,
    queued_at: '2026-11-22T08:00:00.000Z',
    ...entry,
  });

  async function version1(dbName: string, entries: V1Entry[], sent: { client_id: string; id: number; at: number }[] = []) {
    const old = await openDB(dbName, 1, {
      upgrade(database) {
        const store = database.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
        store.createIndex('client_id', 'client_id');
        database.createObjectStore('sent', { keyPath: 'client_id' });
      },
    });
    for (const entry of entries) await old.add('entries', entry);
    for (const record of sent) await old.put('sent', record);
    old.close();
  }

  it('moves waiting check-ins, undos and wins into the general store, in order, and still sends them', async () => {
    const dbName = `queue-v1-${name}`;
    await version1(
      dbName,
      [
        v1({ client_id: 'c-1', method: 'POST', path: '/checkins', body: body(1, 'c-1'), behaviour_id: 1, behaviour_name: 'Bellen', occurred_on: '2026-11-22', locale: 'nl' }),
        v1({ client_id: 'w-1', method: 'POST', path: '/wins', body: { client_id: 'w-1', text: 'Deal met Bouwgroep' }, behaviour_id: 0, behaviour_name: 'Deal met Bouwgroep', occurred_on: '2026-11-22' }),
        v1({ client_id: 'u-1', method: 'DELETE', path: null, undo_of: 'c-0', body: body(3, 'c-0'), behaviour_id: 3, occurred_on: '2026-11-22', attempts: 1 }),
        v1({ client_id: 'u-2', method: 'DELETE', path: null, undo_of: 'c-sent', behaviour_id: 4, occurred_on: '2026-11-22' }),
        v1({ client_id: 'r-1', method: 'POST', path: '/checkins', body: body(5, 'r-1'), behaviour_id: 5, behaviour_name: 'Demo', occurred_on: '2026-11-21', status: 'refused', code: 'validation_failed', reason: 'Gearchiveerd.' }),
      ],
      [{ client_id: 'c-sent', id: 55, at: Date.now() }],
    );

    db.close();
    db = await openQueue(dbName);
    expect(db.version).toBe(QUEUE_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['refused', 'requests', 'sent']);

    const entries = await listEntries(db);
    expect(entries.map((e) => `${e.kind} ${e.client_id}`)).toEqual(['checkin c-1', 'win w-1', 'checkin.undo u-1', 'checkin.undo u-2']);
    expect(entries[0]).toMatchObject({ meta: { behaviour_id: 1, behaviour_name: 'Bellen', occurred_on: '2026-11-22' }, locale: 'nl' });
    expect(isCheckInEntry(entries[0]) && isCheckInEntry(entries[2]) && !isCheckInEntry(entries[1])).toBe(true);
    expect(entries[1].meta).toEqual({ text: 'Deal met Bouwgroep' });
    expect(entries[2]).toMatchObject({ attempts: 1, of: { client_id: 'c-0' } });
    expect(await listRefusals(db)).toMatchObject([{ client_id: 'r-1', kind: 'checkin', reason: 'Gearchiveerd.', meta: { behaviour_id: 5 } }]);

    const server = fakeServer((m, p, sent) => {
      if (m === 'DELETE') return { status: 204, body: null };
      if ((sent as { client_id?: string }).client_id === 'c-0') return { status: 200, body: { id: 30 } };
      return created(m, p, sent);
    });
    expect(await replay({ db, send: server.send })).toMatchObject({ sent: 4, remaining: 0 });
    expect(server.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /checkins',
      'POST /wins',
      'POST /checkins', // the undone check-in, replayed for its id
      'DELETE /checkins/30',
      'DELETE /checkins/55', // its id was remembered by version 1
    ]);
  });

  it('opens an empty version 1 store as an empty queue', async () => {
    const dbName = `queue-v1-empty-${name}`;
    await version1(dbName, []);
    db.close();
    db = await openQueue(dbName);
    expect(await listEntries(db)).toEqual([]);
    expect(await listRefusals(db)).toEqual([]);
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
