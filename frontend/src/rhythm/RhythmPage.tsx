import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { RhythmIcon } from '../components/icons';
import { errorMessage } from '../api/errors';
import { useFocusFirstProblem, useSubmit, messagesFor } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { onReplayed, submit, useQueued } from '../offline/sync';
import {
  addDays,
  backFillable,
  backFillRequest,
  historyToday,
  isCheckInKind,
  localDate,
  queuedCheckIns,
  streakText,
  type AwayDay,
  type AwayKind,
  type BehaviourHistory,
  type DayState,
  type History,
} from './data';
import { useMe } from '../session';
import { MyOutcomes } from '../outcomes/MyOutcomes';
import './crm-mark.css';

const WEEKS = 12;

function tagOf(locale: string) {
  return locale === 'nl' ? 'nl-NL' : 'en-GB';
}

/** A calendar date (YYYY-MM-DD) as a Date at UTC midnight, so formatting never shifts the day. */
function utcDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function RhythmPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('rhythm.title');
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    api.get<History>(`/rhythm?weeks=${WEEKS}`).then(
      (answer) => {
        setHistory(answer);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  }, []);
  useEffect(load, [load]);
  // A day checked in after all waits in the offline queue like any check-in; once sent, read again.
  const queued = useQueued(isCheckInKind);
  const pending = useMemo(() => queuedCheckIns(queued.entries), [queued.entries]);
  useEffect(() => onReplayed((report) => report.sent > 0 && load()), [load]);
  const today = history ? historyToday(history) : null;
  const fillable = !!today && !!history?.behaviours.some((b) => b.days.some((d) => backFillable(d.state, d.date, today)));

  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('rhythm.title')}
        </h1>
        <p class="page-head__intro">{t('rhythm.intro')}</p>
      </div>
      {error !== null && !history && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {!history && error === null && (
        <div class="skeleton" aria-busy="true">
          <p class="visually-hidden" role="status">
            {t('common.loading')}
          </p>
          <div class="skeleton__block skeleton__block--tall" />
          <div class="skeleton__block skeleton__block--tall" />
        </div>
      )}
      {history && history.behaviours.length === 0 && (
        <section class="empty-state card">
          <div class="empty-state__icon">
            <RhythmIcon size={36} />
          </div>
          <h2 class="empty-state__title">{t('rhythm.empty_title')}</h2>
          <p class="empty-state__body">{t('rhythm.empty_body')}</p>
        </section>
      )}
      {history && history.behaviours.length > 0 && <Legend fillable={fillable} crm={history.behaviours.some((b) => b.days.some((d) => d.crm))} />}
      {history?.behaviours.map((behaviour) => (
        <BehaviourRhythm key={behaviour.id} behaviour={behaviour} today={today} pending={pending} />
      ))}
      <MyOutcomes />
      <AwaySection onChange={load} />
    </>
  );
}

const LEGEND: { state: DayState; key: MessageKey }[] = [
  { state: 'done', key: 'rhythm.legend.done' },
  { state: 'missed', key: 'rhythm.legend.missed' },
  { state: 'away', key: 'rhythm.legend.away' },
  { state: 'rest', key: 'rhythm.legend.rest' },
  { state: 'today', key: 'rhythm.legend.today' },
];

function Legend({ fillable, crm }: { fillable: boolean; crm: boolean }) {
  const { t } = useI18n();
  return (
    <section class="legend" aria-label={t('rhythm.legend')}>
      <ul class="legend__list">
        {LEGEND.map(({ state, key }) => (
          <li key={state} class="legend__item">
            <span class={`heat__cell heat__cell--${state}`} aria-hidden="true" />
            {t(key)}
          </li>
        ))}
        {crm && (
          <li class="legend__item">
            <span class="heat__cell heat__cell--done heat__cell--crm" aria-hidden="true" />
            {t('rhythm.from_crm')}
          </li>
        )}
      </ul>
      {fillable && <p class="legend__hint">{t('rhythm.backfill.hint')}</p>}
    </section>
  );
}

interface DayProps {
  today: string | null;
  /** "behaviour:day" of the check-ins still waiting in the queue. */
  pending: Set<string>;
}

function BehaviourRhythm({ behaviour, today, pending }: { behaviour: BehaviourHistory } & DayProps) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const headingId = `rhythm-${behaviour.id}`;
  return (
    <section class="card rhythm-card" aria-labelledby={headingId} data-behaviour-id={behaviour.id}>
      <h2 class="rhythm-card__title" id={headingId}>
        <span class="rhythm-card__icon" aria-hidden="true">
          {behaviour.icon}
        </span>
        {behaviour.name}
      </h2>
      <dl class="stats">
        <div class="stats__item">
          <dt>{t('rhythm.streak_current')}</dt>
          <dd>
            {behaviour.streak.current > 0 && <span aria-hidden="true">🔥 </span>}
            {streakText(behaviour.streak, i18n)}
          </dd>
        </div>
        <div class="stats__item">
          <dt>{t('rhythm.streak_longest')}</dt>
          <dd>{streakText({ ...behaviour.streak, current: behaviour.streak.longest }, i18n)}</dd>
        </div>
        <div class="stats__item">
          <dt>{t('rhythm.consistency')}</dt>
          <dd>{i18n.n(behaviour.consistency)}%</dd>
        </div>
      </dl>
      <HeatMap behaviour={behaviour} locale={locale} today={today} pending={pending} />
      {behaviour.trend.length > 1 && (
        <div class="trend">
          <span class="trend__label">{t('rhythm.trend')}</span>
          <Sparkline trend={behaviour.trend} />
        </div>
      )}
    </section>
  );
}

function HeatMap({ behaviour, locale, today, pending }: { behaviour: BehaviourHistory; locale: string } & DayProps) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<string | null>(null);
  const [filled, setFilled] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cellRef = useRef<HTMLButtonElement | null>(null);
  const filledRef = useRef<HTMLParagraphElement>(null);
  const format = useMemo(
    () => new Intl.DateTimeFormat(tagOf(locale), { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }),
    [locale],
  );
  const longFormat = useMemo(
    () => new Intl.DateTimeFormat(tagOf(locale), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
    [locale],
  );
  const weekdays = useMemo(() => {
    const names = new Intl.DateTimeFormat(tagOf(locale), { weekday: 'narrow', timeZone: 'UTC' });
    // 2024-01-01 was a Monday.
    return Array.from({ length: 7 }, (_, n) => names.format(utcDate(addDays('2024-01-01', n))));
  }, [locale]);
  const panelId = `backfill-${behaviour.id}`;

  useEffect(() => {
    if (chosen) confirmRef.current?.focus();
  }, [chosen]);
  useEffect(() => {
    if (filled) filledRef.current?.focus();
  }, [filled]);

  function checkIn(day: string) {
    setChosen(null);
    setFilled(day);
    void submit(backFillRequest(behaviour, day, new Date(), locale));
  }

  return (
    <>
      <div class="heat">
        <div class="heat__weekdays" aria-hidden="true">
          {weekdays.map((name, n) => (
            <span key={n}>{n % 2 === 0 ? name : ''}</span>
          ))}
        </div>
        <div class="heat__grid" role="group" aria-label={t('rhythm.calendar_label', { name: behaviour.name })}>
          {behaviour.days.map((day) => {
            const waiting = pending.has(`${behaviour.id}:${day.date}`);
            const state: DayState = waiting ? 'done' : day.state;
            const crm = day.crm && state === 'done' ? ` (${t('integrations.from_crm')})` : '';
            const label = `${format.format(utcDate(day.date)).replace(/\./g, '')}: ${t(`rhythm.state.${state}` as MessageKey)}${crm}${waiting ? ` (${t('today.pending')})` : ''}`;
            if (today && !waiting && backFillable(day.state, day.date, today)) {
              return (
                <button
                  key={day.date}
                  type="button"
                  class={`heat__cell heat__cell--${state} heat__cell--fillable`}
                  aria-label={t('rhythm.backfill.cell', { label })}
                  aria-expanded={chosen === day.date}
                  aria-controls={panelId}
                  data-state={state}
                  data-date={day.date}
                  onClick={(event) => {
                    cellRef.current = event.currentTarget;
                    setChosen(chosen === day.date ? null : day.date);
                  }}
                />
              );
            }
            return (
              <span
                key={day.date}
                class={`heat__cell heat__cell--${state}${waiting ? ' heat__cell--pending' : ''}${crm ? ' heat__cell--crm' : ''}`}
                role="img"
                aria-label={label}
                data-state={state}
                data-date={day.date}
              />
            );
          })}
        </div>
      </div>
      <div id={panelId} class="backfill" hidden={!chosen}>
        {chosen && (
          <>
            <p class="backfill__question">{t('rhythm.backfill.question', { name: behaviour.name, day: longFormat.format(utcDate(chosen)) })}</p>
            <p class="backfill__hint muted">{t('rhythm.backfill.late')}</p>
            <div class="backfill__actions">
              <button
                type="button"
                class="button button--ghost button--small"
                onClick={() => {
                  setChosen(null);
                  cellRef.current?.focus(); // back to the square it was about
                }}
              >
                {t('rhythm.backfill.cancel')}
              </button>
              <button ref={confirmRef} type="button" class="button button--primary button--small" onClick={() => checkIn(chosen)}>
                {t('rhythm.backfill.confirm')}
              </button>
            </div>
          </>
        )}
      </div>
      {filled && !chosen && (
        <p ref={filledRef} class="backfill__done" role="status" tabIndex={-1}>
          {t('rhythm.backfill.done', { day: longFormat.format(utcDate(filled)) })}
        </p>
      )}
    </>
  );
}

export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 3): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? (width - pad * 2) / (values.length - 1) : 0;
  return values
    .map((value, n) => {
      const x = pad + n * step;
      const y = pad + (1 - Math.min(100, Math.max(0, value)) / 100) * (height - pad * 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

function Sparkline({ trend }: { trend: BehaviourHistory['trend'] }) {
  const { t } = useI18n();
  const width = 160;
  const height = 40;
  const values = trend.map((p) => p.consistency);
  const points = sparklinePoints(values, width, height);
  const last = points.split(' ').pop()!.split(',');
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={t('rhythm.trend_label', { first: values[0], last: values[values.length - 1], weeks: values.length })}
    >
      <line x1="3" x2={width - 3} y1={height - 3} y2={height - 3} class="sparkline__base" />
      <polyline points={points} class="sparkline__line" />
      <circle cx={last[0]} cy={last[1]} r="3.5" class="sparkline__dot" />
    </svg>
  );
}

type AwayField = 'start' | 'end' | 'kind';

function AwaySection({ onChange }: { onChange: () => void }) {
  const i18n = useI18n();
  const { t, tn, locale } = i18n;
  const me = useMe();
  const today = localDate(new Date(), me.time_zone);
  const [start, setStart] = useState(today);
  const [end, setEnd] = useState('');
  const [kind, setKind] = useState<'' | AwayKind>('');
  const [upcoming, setUpcoming] = useState<AwayDay[] | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [localProblem, setLocalProblem] = useState<string | undefined>();
  const [failures, setFailures] = useState(0);
  const submit = useSubmit();
  const removal = useSubmit();
  const formRef = useFocusFirstProblem(failures);

  const loadUpcoming = useCallback(() => {
    api.get<AwayDay[]>(`/away-days?since=${today}&until=${addDays(today, 366)}`).then(setUpcoming, () => setUpcoming([]));
  }, [today]);
  useEffect(loadUpcoming, [loadUpcoming]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    setSaved(null);
    const problem = !start ? t('validation.required') : end && end < start ? t('away.end_before_start') : undefined;
    setLocalProblem(problem);
    if (problem) {
      setFailures((n) => n + 1);
      return;
    }
    let made = 0;
    const ok = await submit.run(async () => {
      const days = await api.post<AwayDay[]>('/away-days', { start, ...(end ? { end } : {}), kind: kind || null });
      made = days.length;
    });
    if (ok) {
      setSaved(made);
      setEnd('');
      loadUpcoming();
      onChange();
    } else {
      setFailures((n) => n + 1);
    }
  }

  async function remove(day: AwayDay) {
    if (await removal.run(() => api.delete(`/away-days/${day.id}`))) {
      setUpcoming((current) => current?.filter((d) => d.id !== day.id) ?? null);
      onChange();
    }
  }

  const messages = messagesFor<AwayField>(['start', 'end', 'kind'], {}, submit.error, t);
  const dayFormat = new Intl.DateTimeFormat(tagOf(locale), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

  return (
    <section class="card" aria-labelledby="away-heading">
      <h2 class="card__title" id="away-heading">
        {t('away.title')}
      </h2>
      <p class="card__intro">{t('away.intro')}</p>
      <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
        {saved !== null && <Notice kind="success">{tn('away.saved', saved)}</Notice>}
        <div class="form__row">
          <TextField
            label={t('away.start')}
            type="date"
            name="start"
            required
            value={start}
            onValue={setStart}
            error={messages.start ?? (localProblem && !start ? localProblem : undefined)}
          />
          <TextField
            label={t('away.end')}
            type="date"
            name="end"
            min={start}
            value={end}
            onValue={setEnd}
            hint={t('away.end_hint')}
            error={messages.end ?? (localProblem && start ? localProblem : undefined)}
          />
        </div>
        <SelectField
          label={t('away.kind')}
          name="kind"
          value={kind}
          onValue={(value) => setKind(value as '' | AwayKind)}
          options={[
            { value: '', label: t('away.kind.none') },
            { value: 'leave', label: t('away.kind.leave') },
            { value: 'sick', label: t('away.kind.sick') },
            { value: 'holiday', label: t('away.kind.holiday') },
          ]}
          hint={t('away.kind_hint')}
          error={messages.kind}
        />
        <button type="submit" class="button button--primary" disabled={submit.busy}>
          {submit.busy ? t('away.saving') : t('away.submit')}
        </button>
      </form>

      <h3 class="subheading">{t('away.upcoming')}</h3>
      {removal.error !== null && <Notice kind="error">{errorMessage(removal.error, i18n)}</Notice>}
      {upcoming && upcoming.length === 0 && <p class="muted">{t('away.none')}</p>}
      {upcoming && upcoming.length > 0 && (
        <ul class="away-list">
          {upcoming.map((day) => {
            const label = dayFormat.format(utcDate(day.day));
            return (
              <li key={day.id} class="away-list__item">
                <span>
                  <span class="away-list__day">{label}</span>
                  {day.kind && <span class="chip away-list__kind">{t(`away.kind.${day.kind}` as MessageKey)}</span>}
                </span>
                <button
                  type="button"
                  class="button button--small button--ghost-dark"
                  aria-label={t('away.remove_label', { day: label })}
                  disabled={removal.busy}
                  onClick={() => remove(day)}
                >
                  {t('away.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
