// Catalogues and the pure translation functions; the Preact side lives in context.tsx.
import nl from './nl.json';

export type Locale = 'nl' | 'en';
/** Dutch is in two files: nl.json holds the words of the first load (Today, the shell, sign-in errors),
 * nl.screens.json those of every other screen (a namespace lives wholly in one of them). */
export type MessageKey = keyof typeof nl | keyof typeof import('./nl.screens.json');
/** Keys with `.one` / `.other` variants, chosen by Intl.PluralRules. */
export type PluralKey = MessageKey extends infer K
  ? K extends `${infer Base}.other`
    ? Base
    : never
  : never;
export type Params = Record<string, string | number>;

export const LOCALES: readonly Locale[] = ['nl', 'en'];
export const DEFAULT_LOCALE: Locale = 'nl';
// Only Today's Dutch (the default) is in the first load (issue 20: ≤ 60 KB of JavaScript gzip). The
// Dutch of the other screens is a chunk that every lazily loaded screen waits for beside its own code
// (loadScreenMessages, app.tsx's `screen`); English is one chunk, fetched when someone reads English
// (loadCatalogue). The service worker precaches both like every chunk. Until English is there, a key
// reads in Dutch.
// The assignment makes the build fail when en.json misses a key that nl.json has.
type English = typeof import('./en.json');
const _complete: Record<MessageKey, string> = null as unknown as English;
void _complete;
export const catalogues: { nl: Partial<Record<MessageKey, string>>; en?: Record<MessageKey, string> } = { nl: { ...nl } };
const loading = new Map<Locale, Promise<void>>();
let screenMessages: Promise<void> | null = null;
let screenMessagesHere = false;
const screenMessagesListeners = new Set<() => void>();

/** Fetch the Dutch of the screens outside the first load (once); resolves when translate() has it. */
export function loadScreenMessages(): Promise<void> {
  if (!screenMessages) {
    screenMessages = import('./nl.screens.json').then(
      (module) => {
        Object.assign(catalogues.nl, module.default);
        screenMessagesHere = true;
        for (const listener of screenMessagesListeners) listener();
      },
      (error: unknown) => {
        screenMessages = null; // offline before the worker cached it: the next screen tries again
        throw error;
      },
    );
  }
  return screenMessages;
}

/** Called once the screens' Dutch is here: a key asked for before then (a screen outside the pattern)
 * fetches it, and whoever shows words renders again with them. */
export function onScreenMessages(listener: () => void): () => void {
  screenMessagesListeners.add(listener);
  return () => screenMessagesListeners.delete(listener);
}

/** Fetch a language's catalogue (once); resolves when translate() speaks it. */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (catalogues[locale]) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = import('./en.json').then(
      (module) => {
        catalogues.en = module.default;
      },
      (error: unknown) => {
        loading.delete(locale); // offline before the worker cached it: try again next time
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** Whether translate() speaks this language already. */
export function hasCatalogue(locale: Locale): boolean {
  return catalogues[locale] !== undefined;
}

const STORAGE_KEY = 'ritme.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/**
 * A number as the interface language writes it: "82,5" and "12.345" in Dutch, "82.5" and "12,345" in
 * English; at most one decimal, and no separator in four-digit numbers such as years ("2026").
 */
export function formatNumber(value: number, locale: Locale): string {
  // Counts below 10 000 (streaks, days, people) read the same in both languages: their digits. Building
  // the first Intl.NumberFormat costs some 55 ms on a phone 4× slower (issue 20's warm open), and Today
  // shows only such counts. messages.test.ts checks this against Intl for every one of them.
  if (Number.isInteger(value) && value >= 0 && value < 10_000) return String(value);
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1, useGrouping: 'min2' });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  let template = catalogues[locale]?.[key] ?? catalogues.nl[key];
  if (template === undefined) {
    // Only a key of a screen outside the first load that was shown before its Dutch came (every
    // screen in app.tsx waits for it): fetch it now; onScreenMessages renders the words once here.
    if (!screenMessagesHere) void loadScreenMessages().catch(() => undefined);
    template = key;
  }
  if (!params) return template;
  // Every number in a message is written the reader's way, so no screen can forget it.
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    if (!(name in params)) return match;
    const value = params[name];
    return typeof value === 'number' ? formatNumber(value, locale) : value;
  });
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** Build a language's number format and plural rules ahead of need (see components/format.warmDateFormats). */
export function warmNumbers(locale: Locale): void {
  formatNumber(0.5, locale);
  warmPlurals(locale);
}

/** Build a language's plural rules ahead of need: Today's streaks ("5 dagen") use them. */
function warmPlurals(locale: Locale): void {
  if (!pluralRules.has(locale)) pluralRules.set(locale, new Intl.PluralRules(locale));
}

export function translatePlural(locale: Locale, key: PluralKey, count: number, params?: Params): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const form = rules.select(count) === 'one' ? 'one' : 'other';
  return translate(locale, `${key}.${form}` as MessageKey, { count, ...params });
}

/**
 * The language before anyone signed in: what this browser chose last time, else the
 * browser's language — English only when it asks for English, since Ritme is Dutch first.
 */
export function detectLocale(
  storage: Pick<Storage, 'getItem'> | null = safeStorage(),
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language],
): Locale {
  const stored = storage?.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const first = languages.find(Boolean)?.toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : DEFAULT_LOCALE;
}

export function rememberLocale(locale: Locale, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or full storage: the choice then lasts only this visit.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // access can throw when storage is blocked
  }
}
