// Vitest: both catalogues loaded before any test (the app fetches English only when someone reads it).
import { loadCatalogue } from './i18n/messages';

await loadCatalogue('en');
