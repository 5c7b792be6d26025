// The entry point: render the app, replay the offline queue, install the service worker.
import { render } from 'preact';
import { startBootReads } from './api/boot';
import { App } from './app';
import { warmDateFormats } from './components/format';
import { detectLocale, loadCatalogue, warmNumbers } from './i18n/messages';
import { startOfflineSync } from './offline/sync';
import { registerServiceWorker } from './worker/register';
import './styles.css';

// Take index.html's preloaded /me and /today before anything else can ask (api/boot.ts).
startBootReads();
// Dutch is in the bundle; someone who reads English waits for that catalogue (a small chunk) first.
const locale = detectLocale();
void loadCatalogue(locale)
  .catch(() => undefined)
  .then(() => render(<App />, document.getElementById('app')!));
// The first format of a language costs tens of milliseconds on a phone 4× slower (issue 20): build the
// number and date formats Today needs in the first idle moment, should the phone have one while it
// waits for who is signed in and for Today. Never before the render, which would only move the cost.
const warm = () => {
  warmNumbers(locale);
  warmDateFormats(locale === 'nl' ? 'nl-NL' : 'en-GB');
};
if (typeof requestIdleCallback === 'undefined') setTimeout(warm, 0);
else requestIdleCallback(warm, { timeout: 2000 });
registerServiceWorker();
// Check-ins kept offline go out now, and whenever the connection comes back.
startOfflineSync();
