// Today for someone without behaviours (staff outside sales, most admins): sharing a customer win
// comes first, then the latest of the celebration feed — never a dead end.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { FeedCard } from '../feed/FeedCard';
import { feedPath, type FeedItem, type FeedPage } from '../feed/data';
import { useI18n } from '../i18n/context';
import { useMe } from '../session';
import { LogWinForm } from './LogWin';

/** How much of the feed Today shows; the rest is one tap away on Successen. */
const LATEST = 5;

export function WinsToday() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const [sharing, setSharing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [items, setItems] = useState<FeedItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api.get<FeedPage>(feedPath({})).then(
      (page) => {
        setItems(page.items.slice(0, LATEST));
        setError(null);
      },
      setError,
    );
  }, []);
  useEffect(load, [load]);

  const replace = (updated: FeedItem) => setItems((current) => current?.map((i) => (i.id === updated.id ? updated : i)) ?? null);
  const remove = (id: number) => setItems((current) => current?.filter((i) => i.id !== id) ?? null);

  return (
    <>
      <section class="card wins-today" aria-labelledby="wins-today-title">
        <h2 class="card__title" id="wins-today-title">
          {t('today.wins_title')}
        </h2>
        <p class="card__intro">{t('today.wins_intro')}</p>
        {me.role === 'rep' && <p class="muted wins-today__rep">{t('today.empty_body')}</p>}
        {message && (
          <Notice kind="success" focus>
            {message}
          </Notice>
        )}
        {!sharing && (
          <button
            type="button"
            class="button button--primary button--block"
            onClick={() => {
              setMessage(null);
              setSharing(true);
            }}
          >
            <span aria-hidden="true">🏆</span> {t('recognition.log_button')}
          </button>
        )}
      </section>
      {sharing && (
        <LogWinForm
          onCancel={() => setSharing(false)}
          onDone={(win) => {
            setSharing(false);
            setMessage(win ? t('recognition.logged') : t('recognition.logged_offline'));
            load();
          }}
        />
      )}

      <section class="today-section" aria-labelledby="wins-today-feed">
        <h2 class="section-title" id="wins-today-feed">
          {t('today.wins_feed')}
        </h2>
        {error !== null && <Notice kind="error">{refusalMessage(error, i18n)}</Notice>}
        {items !== null && items.length === 0 && <p class="muted">{t('recognition.empty_body')}</p>}
        {items !== null && items.length > 0 && (
          <ol class="rc-feed" aria-labelledby="wins-today-feed">
            {items.map((item) => (
              <li key={item.id}>
                <FeedCard item={item} onChange={replace} onRemoved={remove} />
              </li>
            ))}
          </ol>
        )}
        <a href="/wins" class="button button--secondary button--block">
          {t('today.wins_all')}
        </a>
      </section>
    </>
  );
}
