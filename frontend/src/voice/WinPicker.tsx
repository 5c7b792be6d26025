// The win picker of "Share what a customer said": search the organisation's customer wins by text or
// customer and link the voice to one. Searching needs a connection; the voice itself still queues offline.
import { useEffect, useId, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { searchWins, type WinOption } from './data';
import './voice.css';

const TYPING_PAUSE_MS = 250;

export function WinPicker({ value, onValue }: { value: WinOption | null; onValue: (win: WinOption | null) => void }) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<WinOption[] | null>(null);
  const [failed, setFailed] = useState(false);
  const inputId = useId();

  useEffect(() => {
    if (value) return;
    let stopped = false;
    const timer = window.setTimeout(() => {
      searchWins(query).then(
        (found) => {
          if (stopped) return;
          setOptions(found);
          setFailed(false);
        },
        () => {
          if (!stopped) setFailed(true);
        },
      );
    }, TYPING_PAUSE_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [query, value]);

  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short' }).format(new Date(iso));

  if (value) {
    return (
      <div class="field">
        <p class="field__label">{t('voice.win')}</p>
        <div class="vc-win vc-win--chosen" data-testid="chosen-win">
          <span class="vc-win__text">{value.text}</span>
          <span class="vc-win__meta">{[value.customer, day(value.created_at)].filter(Boolean).join(' · ')}</span>
          <button type="button" class="link-button" onClick={() => onValue(null)}>
            {t('voice.win_remove')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="field">
      <label class="field__label" for={inputId}>
        {t('voice.win')}
      </label>
      <input
        id={inputId}
        type="search"
        name="win_search"
        class="field__input"
        maxLength={200}
        autocomplete="off"
        value={query}
        placeholder={t('voice.win_placeholder')}
        onInput={(event) => setQuery(event.currentTarget.value)}
        aria-describedby={`${inputId}-hint`}
      />
      <p class="field__hint" id={`${inputId}-hint`} role="status">
        {failed
          ? t('voice.win_offline')
          : options === null
            ? t('voice.win_hint')
            : options.length === 0
              ? t('voice.win_none')
              : t('voice.win_hint')}
      </p>
      {options && options.length > 0 && (
        <ul class="vc-win-list" aria-label={t('voice.win_results')}>
          {options.slice(0, 6).map((win) => (
            <li key={win.id}>
              <button type="button" class="vc-win" onClick={() => onValue(win)}>
                <span class="vc-win__text">{win.text}</span>
                <span class="vc-win__meta">
                  {[win.customer, day(win.created_at), win.confirmed ? t('voice.win_confirmed') : null].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
