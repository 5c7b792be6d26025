// De stem van de klant / Customer voice: what customers said, for every department. Anyone shares
// a quote in half a minute (also offline); the feed filters by department, customer and score;
// managers pin the quotes that moved a team and import NPS survey results.
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { RefusedNotice } from '../components/RefusedNotice';
import { usePagedFeed } from '../components/usePagedFeed';
import { useI18n, usePageTitle } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useQueued } from '../offline/sync';
import { useMe } from '../session';
import {
  deleteVoice,
  isQueuedVoice,
  isVoiceKind,
  loadCustomers,
  loadVoices,
  mayImport,
  scoreBand,
  SCORE_FILTERS,
  setPinned,
  type ScoreFilter,
  type Voice,
  type VoiceFilters,
} from './data';
import { LogVoiceForm } from './LogVoice';
import { NpsImport } from './NpsImport';

interface TeamOption {
  id: number;
  name: string;
}

export function VoicePage() {
  const i18n = useI18n();
  const { t, tn } = i18n;
  usePageTitle('voice.title');
  const me = useMe();
  const [teams, setTeams] = useState<TeamOption[]>(me.teams.map((team) => ({ id: team.id, name: team.name })));
  const [customers, setCustomers] = useState<string[]>([]);
  const [filters, setFilters] = useState<VoiceFilters>({ teamId: null, customer: '', score: null });
  const [customerInput, setCustomerInput] = useState('');
  const [logging, setLogging] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const queue = useQueued(isVoiceKind);
  const queued = queue.entries.filter(isQueuedVoice);
  const teamFilterId = useId();
  const scoreFilterId = useId();
  const customerFilterId = useId();

  useEffect(() => {
    api.get<TeamOption[]>('/teams').then(
      (list) => setTeams(list.map((team) => ({ id: team.id, name: team.name }))),
      () => undefined,
    );
    loadCustomers().then(setCustomers, () => undefined);
  }, []);

  // The customer filter follows typing after a short pause, not every key.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((current) => (current.customer === customerInput ? current : { ...current, customer: customerInput })), 300);
    return () => clearTimeout(timer);
  }, [customerInput]);

  const fetchPage = useCallback(
    async (offset: number | null) => {
      const page = await loadVoices(filters, offset ?? undefined);
      return { items: page.items, next: page.next_offset };
    },
    [filters],
  );
  // A queued voice that went out shows up in the feed.
  const { items, error, setError, load, loadMore, loadingMore, hasMore } = usePagedFeed<Voice, number>(fetchPage, queue.entries.length);

  async function act(work: () => Promise<unknown>) {
    try {
      await work();
      await load();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <>
      <div class="page-head vc-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('voice.title')}
        </h1>
        <p class="page-head__intro">{t('voice.intro')}</p>
      </div>
      {(me.teams.length > 0 || me.role === 'admin') && (
        <p class="vc-link">
          <a href="/what-works">{t('whatworks.link')}</a>
        </p>
      )}

      {message && (
        <Notice kind="success" focus>
          {message}
        </Notice>
      )}

      {!logging ? (
        <button
          type="button"
          class="button button--primary button--block vc-cta"
          onClick={() => {
            setMessage(null);
            setLogging(true);
          }}
        >
          <span aria-hidden="true">💬</span> {t('voice.log_button')}
        </button>
      ) : (
        <LogVoiceForm
          teams={teams}
          customers={customers}
          onCancel={() => setLogging(false)}
          onDone={(voice) => {
            setLogging(false);
            setMessage(voice ? t('voice.logged') : t('voice.logged_offline'));
            void load();
            loadCustomers().then(setCustomers, () => undefined);
          }}
        />
      )}

      {queue.refusals.map((refusal) => (
        <RefusedNotice
          key={refusal.client_id}
          refusal={refusal}
          title={t('voice.refused', { quote: isQueuedVoice(refusal) ? refusal.meta.quote : '' })}
          onDismiss={() => queue.dismissRefusal(refusal)}
        />
      ))}
      {queued.length > 0 && (
        <p class="muted vc-queued" role="status">
          {tn('voice.queued', queued.length)}
        </p>
      )}

      <fieldset class="vc-filters">
        <legend class="visually-hidden">{t('voice.filters')}</legend>
        <div class="field">
          <label class="field__label" for={teamFilterId}>
            {t('voice.filter_department')}
          </label>
          <select
            id={teamFilterId}
            name="filter_team"
            class="field__input field__select"
            value={filters.teamId === null ? '' : String(filters.teamId)}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setFilters((current) => ({ ...current, teamId: value ? Number(value) : null }));
            }}
          >
            <option value="">{t('voice.all_departments')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={scoreFilterId}>
            {t('voice.filter_score')}
          </label>
          <select
            id={scoreFilterId}
            name="filter_score"
            class="field__input field__select"
            value={filters.score ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setFilters((current) => ({ ...current, score: value ? (value as ScoreFilter) : null }));
            }}
          >
            <option value="">{t('voice.all_scores')}</option>
            {SCORE_FILTERS.map((band) => (
              <option key={band} value={band}>
                {t(`voice.band.${band}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="field vc-filters__customer">
          <label class="field__label" for={customerFilterId}>
            {t('voice.filter_customer')}
          </label>
          <input
            id={customerFilterId}
            name="filter_customer"
            type="search"
            class="field__input"
            autocomplete="off"
            list={`${customerFilterId}-list`}
            value={customerInput}
            onInput={(e) => setCustomerInput(e.currentTarget.value)}
          />
          <datalist id={`${customerFilterId}-list`}>
            {customers.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
      </fieldset>

      {error !== null && <Notice kind="error">{refusalMessage(error, i18n)}</Notice>}
      {items === null && error === null && (
        <div class="skeleton" aria-busy="true">
          <p class="visually-hidden" role="status">
            {t('common.loading')}
          </p>
          <div class="skeleton__block skeleton__block--tall" />
        </div>
      )}
      {items !== null && items.length === 0 && (
        <section class="card vc-empty">
          <h2 class="card__title">{t('voice.empty_title')}</h2>
          <p class="muted">{t('voice.empty_body')}</p>
        </section>
      )}
      {items !== null && items.length > 0 && (
        <ol class="vc-feed" aria-label={t('voice.feed_label')}>
          {items.map((voice) => (
            <li key={voice.id}>
              <VoiceCard
                voice={voice}
                onPin={(pinned) => void act(() => setPinned(voice, pinned))}
                onDelete={() => {
                  if (window.confirm(t('voice.delete_confirm'))) void act(() => deleteVoice(voice));
                }}
              />
            </li>
          ))}
        </ol>
      )}
      {hasMore && (
        <button type="button" class="button button--secondary button--block" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('voice.load_more')}
        </button>
      )}

      {mayImport(me.role) && <NpsImport teams={teams} onImported={() => void load()} />}
    </>
  );
}

function VoiceCard({ voice, onPin, onDelete }: { voice: Voice; onPin: (pinned: boolean) => void; onDelete: () => void }) {
  const { t, locale } = useI18n();
  const band = scoreBand(voice.score);
  const day = new Date(`${voice.said_on}T12:00:00`).toLocaleDateString(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'short',
  });
  return (
    <article class={`card vc-card${voice.pinned ? ' vc-card--pinned' : ''}`} aria-label={t('voice.card_label', { customer: voice.customer ?? t('voice.a_customer') })}>
      {voice.pinned && (
        <p class="vc-card__pin">
          <span aria-hidden="true">📌</span> {voice.pinned_by ? t('voice.pinned_by', { name: voice.pinned_by.name }) : t('voice.pinned')}
        </p>
      )}
      <blockquote class="vc-card__quote">“{voice.quote}”</blockquote>
      <p class="vc-card__who">
        <strong>{voice.customer ?? t('voice.a_customer')}</strong>
        {voice.score !== null && (
          <span class={`vc-score vc-score--${band}`}>
            <span class="visually-hidden">{t('voice.score')}: </span>
            {voice.score}
            <span class="visually-hidden"> ({t(`voice.band.${band}` as MessageKey)})</span>
          </span>
        )}
      </p>
      <p class="muted vc-card__meta">
        {[
          t(`voice.channel.${voice.channel}` as MessageKey),
          voice.team?.name,
          day,
          voice.source === 'import' ? t('voice.imported') : voice.author ? t('voice.shared_by', { name: voice.author.name }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {voice.behaviour_name && <p class="chip vc-card__behaviour">{voice.behaviour_name}</p>}
      {(voice.can_pin || voice.can_delete) && (
        <div class="vc-card__actions">
          {voice.can_pin && (
            <button type="button" class="button button--ghost button--small" onClick={() => onPin(!voice.pinned)}>
              {voice.pinned ? t('voice.unpin') : t('voice.pin')}
            </button>
          )}
          {voice.can_delete && (
            <button type="button" class="button button--ghost button--small" onClick={onDelete}>
              {t('voice.delete')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
