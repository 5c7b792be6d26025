// Duels on the Challenges screen: invite one colleague, answer an invitation, see both scores (each against
// their own rhythm) and the winner celebrated. A duel is the two's own business: shown to colleagues only
// while both agree (the server decides; never in a private organisation).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { Duel, DuelList, DuelOptions } from './data';
import { addDays, otherOf, timeLeft } from './data';
import './duels.css';

export function Duels() {
  const i18n = useI18n();
  const { t } = i18n;
  const [list, setList] = useState<DuelList | null>(null);
  const [options, setOptions] = useState<DuelOptions | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [inviting, setInviting] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(() => {
    api.get<DuelList>('/duels').then(
      (answer) => {
        setError(null);
        setList(answer);
      },
      (caught: unknown) => setError(caught),
    );
  }, []);
  useEffect(() => {
    load();
    api.get<DuelOptions>('/duels/options').then(setOptions, (caught: unknown) => setError(caught));
  }, [load]);
  // A duel's notification opens /challenges#duels: once the duels are here, show them (an invitation first).
  const shown = list !== null;
  useEffect(() => {
    if (shown && window.location.hash === '#duels') document.getElementById('duels')?.scrollIntoView({ block: 'start' });
  }, [shown]);

  return (
    <section id="duels" aria-labelledby="duels-title" class="challenge-section duels">
      <h2 class="section-title" id="duels-title">
        {t('duels.title')}
      </h2>
      <p class="muted duels__intro">{t('duels.intro')}</p>
      {done && <Notice kind="success">{done}</Notice>}
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {options?.can_invite && options.people.length > 0 && !inviting && (
        <p class="duels__new">
          <button type="button" class="button button--secondary button--block" onClick={() => setInviting(true)}>
            {t('duels.invite')}
          </button>
        </p>
      )}
      {inviting && options && (
        <DuelForm
          options={options}
          onCancel={() => setInviting(false)}
          onInvited={(name) => {
            setInviting(false);
            setDone(t('duels.invited', { name }));
            load();
          }}
        />
      )}
      {list?.mine.map((duel) => (
        <DuelCard key={duel.id} duel={duel} onChanged={load} />
      ))}
      {list && list.public.length > 0 && (
        <>
          <h3 class="duels__public-title">{t('duels.public')}</h3>
          {list.public.map((duel) => (
            <DuelCard key={duel.id} duel={duel} onChanged={load} />
          ))}
        </>
      )}
    </section>
  );
}

function DuelForm({ options, onCancel, onInvited }: { options: DuelOptions; onCancel: () => void; onInvited: (name: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [opponent, setOpponent] = useState(String(options.people[0]?.id ?? ''));
  const [startsOn, setStartsOn] = useState(addDays(options.today, 1));
  const [endsOn, setEndsOn] = useState(addDays(options.today, 7));
  const [share, setShare] = useState(false);
  const submit = useSubmit();
  const errors = fieldErrors(submit.error);
  const name = options.people.find((p) => String(p.id) === opponent)?.name ?? '';
  return (
    <form
      class="card challenge-form"
      aria-labelledby="duel-form-title"
      onSubmit={async (event) => {
        event.preventDefault();
        const body = { opponent_id: Number(opponent), starts_on: startsOn, ends_on: endsOn, share };
        if (await submit.run(() => api.post('/duels', body))) onInvited(name);
      }}
    >
      <h3 class="section-title" id="duel-form-title">
        {t('duels.invite')}
      </h3>
      <SelectField
        label={t('duels.colleague')}
        value={opponent}
        onValue={setOpponent}
        options={options.people.map((p) => ({ value: String(p.id), label: p.name }))}
        error={errors.opponent_id}
      />
      <div class="challenge-form__dates">
        <TextField label={t('challenges.starts_on')} type="date" value={startsOn} onValue={setStartsOn} required min={options.today} error={errors.starts_on} />
        <TextField
          label={t('challenges.ends_on')}
          type="date"
          value={endsOn}
          onValue={setEndsOn}
          required
          min={startsOn}
          hint={t('challenges.length_hint')}
          error={errors.ends_on}
        />
      </div>
      <label class="challenge-check">
        <input type="checkbox" checked={share} onChange={(event) => setShare(event.currentTarget.checked)} />
        <span>{t('duels.share')}</span>
      </label>
      <p class="field__hint">{t('duels.share_hint')}</p>
      {submit.error !== null && Object.keys(errors).length === 0 && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      <div class="challenge-actions">
        <button type="submit" class="button button--primary" disabled={submit.busy || !opponent}>
          {t('duels.send')}
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          {t('challenges.form_cancel')}
        </button>
      </div>
    </form>
  );
}

function pct(value: number | null, n: (value: number) => string): string {
  return value === null ? '–' : `${n(value)}%`;
}

export function DuelCard({ duel, onChanged }: { duel: Duel; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, tn, n, locale } = i18n;
  const [share, setShare] = useState(false);
  const submit = useSubmit();
  const other = otherOf(duel);
  const titleId = `duel-${duel.id}`;
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short' });
  let status = t(`duels.status.${duel.status}`);
  if (duel.status === 'running' && duel.seconds_left !== null) {
    const left = timeLeft(duel.seconds_left);
    status = `${status} · ${tn(`challenges.left_${left.unit}`, left.count)}`;
  }
  const act = async (path: string, body?: unknown) => {
    if (await submit.run(() => (path.endsWith('/share') ? api.put(path, body) : api.post(path, body)))) onChanged();
  };
  const title = duel.role === null ? t('duels.versus', { a: duel.challenger.name, b: duel.opponent.name }) : t('duels.you_versus', { name: other.name });
  const winner = duel.scores.find((s) => s.user_id === duel.winner_id);
  const iWon = duel.role !== null && winner !== undefined && winner.user_id !== other.id;
  return (
    <article class={`card challenge-card duel-card duel-card--${duel.status}`} aria-labelledby={titleId} data-duel-id={duel.id}>
      <header class="challenge-card__head">
        <span class="challenge-card__emoji" aria-hidden="true">
          ⚔️
        </span>
        <div>
          <h3 class="challenge-card__title" id={titleId}>
            {title}
          </h3>
          <p class="challenge-card__kind">{duel.role === null ? t('duels.shared_by_both') : duel.public ? t('duels.visible') : t('duels.private')}</p>
        </div>
      </header>
      <p class="challenge-card__meta">
        <span class={`challenge-status challenge-status--${duel.status}`} data-testid="duel-status">
          {status}
        </span>{' '}
        · {t('challenges.period', { from: day(duel.starts_on), to: day(duel.ends_on) })}
      </p>
      {duel.status === 'closed' && (
        <p class="challenge-celebrated duel-card__result" data-testid="duel-result">
          <span aria-hidden="true">🎉 </span>
          {winner ? (iWon ? t('duels.you_won') : t('duels.won', { name: winner.name })) : t('duels.even')}
        </p>
      )}
      {duel.scores.length > 0 && (
        <ol class="challenge-standing" aria-label={t('duels.scores')}>
          {duel.scores.map((score) => {
            const ahead = score.user_id === (duel.winner_id ?? duel.leader_id);
            return (
              <li key={score.user_id} class={`challenge-standing__row${ahead ? ' challenge-standing__row--mine' : ''}`} data-testid="duel-score">
                <span class="challenge-standing__rank" aria-hidden="true">
                  {ahead ? '★' : ''}
                </span>
                <span class="challenge-standing__name">
                  {score.name} · <span class="muted">{tn('challenges.checkins', score.done)}</span>
                </span>
                <span class="challenge-standing__score">{pct(score.consistency, n)}</span>
              </li>
            );
          })}
        </ol>
      )}
      {duel.status === 'invited' && duel.role === 'opponent' && (
        <div class="duel-card__answer">
          <p>{t('duels.asks_you', { name: other.name })}</p>
          <label class="challenge-check">
            <input type="checkbox" checked={share} onChange={(event) => setShare(event.currentTarget.checked)} />
            <span>{t('duels.share')}</span>
          </label>
          <div class="challenge-actions">
            <button type="button" class="button button--primary" disabled={submit.busy} onClick={() => act(`/duels/${duel.id}/answer`, { accept: true, share })}>
              {t('duels.accept')}
            </button>
            <button type="button" class="button button--secondary" disabled={submit.busy} onClick={() => act(`/duels/${duel.id}/answer`, { accept: false })}>
              {t('duels.decline')}
            </button>
          </div>
        </div>
      )}
      {duel.status === 'invited' && duel.role === 'challenger' && <p class="muted">{t('duels.waiting', { name: other.name })}</p>}
      {(duel.status === 'invited' || duel.status === 'upcoming') && duel.role === 'challenger' && (
        <div class="challenge-actions">
          <button type="button" class="button button--secondary button--small" disabled={submit.busy} onClick={() => act(`/duels/${duel.id}/withdraw`)}>
            {t('duels.withdraw')}
          </button>
        </div>
      )}
      {duel.role !== null && ['upcoming', 'running', 'closed'].includes(duel.status) && (
        <label class="challenge-check">
          <input type="checkbox" checked={duel.my_share === true} disabled={submit.busy} onChange={(event) => act(`/duels/${duel.id}/share`, { share: event.currentTarget.checked })} />
          <span>{t('duels.share')}</span>
        </label>
      )}
      {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
    </article>
  );
}
