// Successen / Wins: the celebration feed (wins, badges, streak milestones, team goals) with
// "log a win" one tap away, applause inline, and the badge tools for managers.
import { useLocation } from 'preact-iso';
import { useCallback, useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { AwardForm, canAward, NominationsPanel } from '../badges/AwardForm';
import { Notice } from '../components/Notice';
import { usePagedFeed } from '../components/usePagedFeed';
import { RefusedNotice } from '../components/RefusedNotice';
import { Segmented } from '../components/Segmented';
import { FeedCard } from '../feed/FeedCard';
import { feedPath, type FeedItem, type FeedPage } from '../feed/data';
import { NotificationsCard } from '../feed/Notifications';
import { useI18n, usePageTitle } from '../i18n/context';
import { useQueued } from '../offline/sync';
import { useMe } from '../session';
import { isQueuedWin, isWinsKind } from './data';
import { LogWinForm } from './LogWin';

type Filter = 'all' | 'team' | 'mine';
type Panel = 'none' | 'win' | 'award';

export function WinsPage() {
  const i18n = useI18n();
  const { t, tn } = i18n;
  usePageTitle('wins.title');
  const me = useMe();
  const { query } = useLocation();
  const [filter, setFilter] = useState<Filter>('all');
  const [teamId, setTeamId] = useState<number | null>(me.teams[0]?.id ?? null);
  const [panel, setPanel] = useState<Panel>(query.new === '1' ? 'win' : 'none');
  const [message, setMessage] = useState<string | null>(null);
  const queue = useQueued(isWinsKind);
  const queuedWins = queue.entries.filter(isQueuedWin);

  const path = useCallback(
    (next: string | null) => feedPath({ teamId: filter === 'team' ? teamId : null, mine: filter === 'mine', cursor: next }),
    [filter, teamId],
  );

  const fetchPage = useCallback(
    async (next: string | null) => {
      const page = await api.get<FeedPage>(path(next));
      return { items: page.items, next: page.next_cursor };
    },
    [path],
  );
  // A queued win or applause that went out shows up in the feed.
  const { items, setItems, error, load, loadMore, loadingMore, hasMore } = usePagedFeed(fetchPage, queue.entries.length);

  const replace = (updated: FeedItem) => setItems((current) => current?.map((i) => (i.id === updated.id ? updated : i)) ?? null);
  const remove = (id: number) => setItems((current) => current?.filter((i) => i.id !== id) ?? null);

  const filterOptions: { value: Filter; label: string }[] = [
    { value: 'all', label: t('recognition.filter_all') },
    ...(me.teams.length ? [{ value: 'team' as Filter, label: t('recognition.filter_team') }] : []),
    { value: 'mine', label: t('recognition.filter_mine') },
  ];

  return (
    <>
      <div class="page-head rc-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('wins.title')}
        </h1>
        <p class="page-head__intro">{t('recognition.intro')}</p>
      </div>

      {message && (
        <Notice kind="success" focus>
          {message}
        </Notice>
      )}

      {panel === 'none' && (
        <div class="rc-cta">
          <button type="button" class="button button--primary button--block rc-cta__main" onClick={() => { setMessage(null); setPanel('win'); }}>
            <span aria-hidden="true">🏆</span> {t('recognition.log_button')}
          </button>
          <button type="button" class="button button--secondary button--block" onClick={() => { setMessage(null); setPanel('award'); }}>
            <span aria-hidden="true">🏅</span> {canAward(me.role) ? t('recognition.award_button') : t('recognition.nominate_button')}
          </button>
        </div>
      )}
      {panel === 'win' && (
        <LogWinForm
          onCancel={() => setPanel('none')}
          onDone={(win) => {
            setPanel('none');
            setMessage(win ? t('recognition.logged') : t('recognition.logged_offline'));
            void load();
          }}
        />
      )}
      {panel === 'award' && (
        <AwardForm
          onCancel={() => setPanel('none')}
          onDone={(text) => {
            setPanel('none');
            setMessage(text);
            void load();
          }}
        />
      )}

      <p class="vc-link">
        <a href="/voice">
          <span aria-hidden="true">💬</span> {t('voice.link')}
        </a>
      </p>

      <NotificationsCard />
      {canAward(me.role) && <NominationsPanel onDecided={() => void load()} />}

      {queue.refusals.map((refusal) => (
        <RefusedNotice
          key={refusal.client_id}
          refusal={refusal}
          title={isQueuedWin(refusal) ? t('recognition.refused_win', { name: refusal.meta.text }) : t('recognition.refused_applause')}
          onDismiss={() => queue.dismissRefusal(refusal)}
        />
      ))}
      {queuedWins.length > 0 && <p class="muted rc-queued">{tn('recognition.queued', queuedWins.length)}</p>}

      <div class="rc-filters">
        <Segmented<Filter> legend={t('recognition.filter')} hideLegend value={filter} onChange={setFilter} options={filterOptions} size="small" />
        {filter === 'team' && me.teams.length > 1 && (
          <label class="rc-team-select">
            <span class="visually-hidden">{t('recognition.team')}</span>
            <select class="field__input field__select" value={String(teamId)} onChange={(e) => setTeamId(Number(e.currentTarget.value))}>
              {me.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      {error !== null && <Notice kind="error">{refusalMessage(error, i18n)}</Notice>}
      {items === null && error === null && (
        <div class="skeleton" aria-busy="true">
          <p class="visually-hidden" role="status">
            {t('common.loading')}
          </p>
          <div class="skeleton__block skeleton__block--tall" />
          <div class="skeleton__block skeleton__block--tall" />
        </div>
      )}
      {items !== null && items.length === 0 && (
        <section class="card rc-empty">
          <p class="rc-empty__emoji" aria-hidden="true">
            🎉
          </p>
          <h2 class="card__title">{t('recognition.empty_title')}</h2>
          <p class="muted">{t('recognition.empty_body')}</p>
        </section>
      )}
      {items !== null && items.length > 0 && (
        <ol class="rc-feed" aria-label={t('recognition.feed_label')}>
          {items.map((item) => (
            <li key={item.id}>
              <FeedCard item={item} onChange={replace} onRemoved={remove} />
            </li>
          ))}
        </ol>
      )}
      {hasMore && (
        <button type="button" class="button button--secondary button--block" disabled={loadingMore} onClick={() => void loadMore()}>
          {loadingMore ? t('common.loading') : t('recognition.load_more')}
        </button>
      )}
      {(me.role === 'manager' || me.role === 'admin') && (
        <p class="rc-footer-link">
          <a href="/recognition/coverage">{t('recognition.coverage_link')}</a>
        </p>
      )}
    </>
  );
}
