// One win on the feed or a profile: who, what, for which customer, credits, confirmation,
// applause, and the author's and manager's actions (confirm, hide, delete).
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { Avatar, PersonLink } from '../components/Person';
import { relativeTime } from '../components/format';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';
import { ApplauseBar } from './Applause';
import type { Win } from './data';

export function WinCard({ win, onChange, onRemoved }: { win: Win; onChange: (win: Win) => void; onRemoved?: (id: number) => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(run: () => Promise<Win | void>, removed = false) {
    setBusy(true);
    setError(null);
    try {
      const updated = await run();
      if (removed) onRemoved?.(win.id);
      else if (updated) onChange(updated);
    } catch (caught) {
      setError(refusalMessage(caught, i18n));
    } finally {
      setBusy(false);
    }
  }

  const own = win.author.id === me.id;
  return (
    <article class={`card rc-card rc-card--win${win.hidden ? ' rc-card--hidden' : ''}`} data-win={win.id}>
      <header class="rc-card__head">
        <Avatar name={win.author.name} />
        <div class="rc-card__who">
          <p class="rc-card__title">
            <PersonLink person={win.author} /> {t('recognition.logged_a_win')}
          </p>
          <p class="rc-card__meta">
            <time dateTime={win.created_at}>{relativeTime(win.created_at, locale)}</time> ·{' '}
            {t(`recognition.impact.${win.impact_area}` as MessageKey)}
          </p>
          {win.confirmed && <span class="rc-pill rc-pill--confirmed">✓ {t('recognition.confirmed')}</span>}
        </div>
      </header>
      <p class="rc-card__text">{win.text}</p>
      {(win.customer || win.evidence) && (
        <dl class="rc-facts">
          {win.customer && (
            <div>
              <dt>{t('recognition.customer')}</dt>
              <dd>{win.customer}</dd>
            </div>
          )}
          {win.evidence && (
            <div>
              <dt>{t('recognition.evidence')}</dt>
              <dd>{win.evidence}</dd>
            </div>
          )}
        </dl>
      )}
      {win.credited.length > 0 && (
        <p class="rc-card__credits">
          {t('recognition.with')}{' '}
          {win.credited.map((person, index) => (
            <span key={person.id}>
              {index > 0 && ', '}
              <PersonLink person={person} />
            </span>
          ))}
        </p>
      )}
      {win.confirmed && win.confirmed_by && (
        <p class="rc-card__note">{t('recognition.confirmed_by', { name: win.confirmed_by.name })}</p>
      )}
      {win.hidden && (
        <p class="rc-card__note">
          {win.hidden_by ? t('recognition.hidden_by', { name: win.hidden_by.name }) : t('recognition.hidden')}
        </p>
      )}
      {!win.hidden && <ApplauseBar target={win} path={`/wins/${win.id}`} own={own} onChange={onChange} />}
      {(win.can_confirm || win.can_hide || win.can_edit) && (
        <div class="rc-actions">
          {win.can_confirm && !win.hidden && (
            <button type="button" class="button button--secondary button--small" disabled={busy}
              onClick={() => act(() => api.post<Win>(`/wins/${win.id}/confirm`))}>
              {t('recognition.confirm')}
            </button>
          )}
          {win.can_hide && (
            <button type="button" class="button button--ghost button--small" disabled={busy}
              onClick={() => act(() => (win.hidden ? api.delete<Win>(`/wins/${win.id}/hide`) : api.post<Win>(`/wins/${win.id}/hide`)))}>
              {win.hidden ? t('recognition.unhide') : t('recognition.hide')}
            </button>
          )}
          {win.can_edit && (
            <button type="button" class="button button--ghost button--small" disabled={busy}
              onClick={() => {
                if (window.confirm(t('recognition.delete_confirm'))) void act(() => api.delete(`/wins/${win.id}`), true);
              }}>
              {t('recognition.delete')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
