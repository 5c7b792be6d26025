// The entry point: render the app, replay the offline queue, install the service worker.
import { render } from 'preact';
import type { Me } from './accounts/data';
import { startBootReads } from './api/boot';
import { keptFromLastOpen } from './api/kept';
import { App } from './app';
import { warmDateFormats } from './components/format';
import { detectLocale, loadCatalogue, warmNumbers } from './i18n/messages';
import { queueMayHoldWrites } from './offline/queue';
import { primeQueued, startOfflineSync } from './offline/sync';
import { registerServiceWorker } from './worker/register';
import './styles.css';

// Take index.html's preloaded /me and /today before anything else can ask (api/boot.ts).
startBootReads();
// Opened before on this device: the first render is the signed-in Today from what was kept
// (api/kept.ts), not a splash. It waits for the offline queue (IndexedDB) only when that may hold
// writes to lay over the day, and then at most QUEUE_WAIT_MS.
const QUEUE_WAIT_MS = 300;
const queueRead = primeQueued();
const queueKnown = queueMayHoldWrites()
  ? Promise.race([queueRead, new Promise((resolve) => setTimeout(resolve, QUEUE_WAIT_MS))])
  : undefined;
// Dutch is in the bundle; someone who reads English waits for that catalogue (a small chunk) first.
const locale = detectLocale();
// Today's first render needs no Intl date format while the heading the last open kept still holds
// (rhythm/heading.ts): the first one a page builds costs 50–100 ms on a phone 4× slower. Build the
// formats, and a number format for fractions, in the first idle moment after the render.
const kept = keptFromLastOpen<Me>('/me');
const warmFormats = () => {
  warmNumbers(locale);
  warmDateFormats(locale === 'nl' ? 'nl-NL' : 'en-GB', kept?.time_zone);
};
if (typeof requestIdleCallback === 'undefined') setTimeout(warmFormats, 0);
else requestIdleCallback(warmFormats, { timeout: 2000 });
void Promise.all([loadCatalogue(locale).catch(() => undefined), queueKnown]).then(() =>
  render(<App />, document.getElementById('app')!),
);
registerServiceWorker();
// Check-ins kept offline go out now, and whenever the connection comes back.
startOfflineSync();
