// The first reads of an app start, asked for before the app renders (issue 20): index.html preloads
// /api/v1/me and /api/v1/today (`<link rel="preload" as="fetch">`), and startBootReads() takes those
// answers at once with the very same request, so they never linger in the page. The API client hands
// a boot answer to the first GET of that path, and only while it can still be true: within a few
// seconds and before any write (a sign-in, an accepted invite), else it asks again.
const PATHS = ['/me', '/today'];
const FRESH_MS = 10_000;

const started = new Map<string, { answer: Promise<Response>; at: number }>();

export function startBootReads(): void {
  if (typeof fetch === 'undefined') return;
  for (const path of PATHS) {
    // Read whole at once: an answer nobody takes (an admin screen opened directly) must not hold
    // its body, and with it the connection, open.
    const answer = fetch(`/api/v1${path}`, { credentials: 'same-origin' }).then(
      async (response) =>
        new Response([204, 205, 304].includes(response.status) ? null : await response.arrayBuffer(), {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
    );
    answer.catch(() => undefined); // offline: the first GET asks again and reports it
    started.set(path, { answer, at: Date.now() });
  }
}

/** The boot answer for a GET of `path`, once, while still fresh; undefined otherwise. */
export function takeBootRead(path: string): Promise<Response> | undefined {
  const boot = started.get(path);
  started.delete(path);
  return boot && Date.now() - boot.at < FRESH_MS ? boot.answer : undefined;
}

/** A write may change what the boot reads said (who is signed in): forget them. */
export function dropBootReads(): void {
  started.clear();
}
