import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { detectLocale, formatNumber, hasCatalogue, loadCatalogue, onScreenMessages, rememberLocale, translate, translatePlural, type Locale, type MessageKey, type Params, type PluralKey } from './messages';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Params) => string;
  tn: (key: PluralKey, count: number, params?: Params) => string;
  /** A number written the reader's way ("82,5" in Dutch). */
  n: (value: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ComponentChildren; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? detectLocale());

  const wanted = useRef<Locale | null>(null);
  // Words of a screen outside the first load, asked for before they were here, show once they come.
  const [screensHere, setScreensHere] = useState(0);
  useEffect(() => onScreenMessages(() => setScreensHere((n) => n + 1)), []);

  const setLocale = useCallback((next: Locale) => {
    rememberLocale(next); // so the sign-in screen speaks the same language next time
    wanted.current = next;
    if (hasCatalogue(next)) {
      setLocaleState(next);
      return;
    }
    // English is a chunk of its own (messages.ts): switch once it is here, unless asked otherwise meanwhile.
    loadCatalogue(next).then(
      () => {
        if (wanted.current === next) setLocaleState(next);
      },
      () => undefined, // not reachable: the screen stays in the language it has
    );
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    api.setLanguage(locale);
  }, [locale]);

  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      tn: (key, count, params) => translatePlural(locale, key, count, params),
      n: (value) => formatNumber(value, locale),
    }),
    // screensHere: a new value (and new t) when the screens' Dutch arrives, so every user renders again.
    [locale, setLocale, screensHere],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}

/** Set the document title to "<page> · Ritme" in the current language. */
export function usePageTitle(key: MessageKey): void {
  const { t } = useI18n();
  const title = t('app.title', { page: t(key) });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
