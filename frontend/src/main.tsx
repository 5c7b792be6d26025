// The entry point: render the app, replay the offline queue, install the service worker.
import { render } from 'preact';
import { App } from './app';
import { startOfflineSync } from './offline/sync';
import { registerServiceWorker } from './worker/register';
import './styles.css';

render(<App />, document.getElementById('app')!);
registerServiceWorker();
// Check-ins kept offline go out now, and whenever the connection comes back.
startOfflineSync();
