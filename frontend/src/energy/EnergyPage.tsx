// Energie / Energy: this week's private answer, my own trend, and the energy of my teams as safe aggregates.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { Segmented } from '../components/Segmented';
import { useSubmit } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { useMe } from '../session';
import type { MessageKey } from '../i18n/messages';
import {
  promptWanted,
  setPromptWanted,
  FACTORS,
  LEVELS,
  getCurrent,
  getMine,
  getTeams,
  isoWeek,
  saveAnswer,
  toggled,
  topFactors,
  withdrawAnswer,
  type EnergyAnswer,
  type EnergyCurrent,
  type EnergyGroup,
  type Factor,
  type TeamView,
} from './data';
import './energy.css';

export function EnergyPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('energy.title');
  const [current, setCurrent] = useState<EnergyCurrent | null>(null);
  const [mine, setMine] = useState<EnergyAnswer[]>([]);
  const [teams, setTeams] = useState<TeamView | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    getCurrent().then(setCurrent, setError);
    getMine().then((body) => setMine(body.weeks), () => undefined);
    getTeams().then(setTeams, () => undefined);
  }, []);

  function onAnswered(answer: EnergyAnswer | null) {
    if (!current) return;
    setCurrent({ ...current, answer });
    setMine((weeks) => {
      const others = weeks.filter((w) => w.week_start !== current.week_start);
      return answer ? [...others, answer].sort((a, b) => a.week_start.localeCompare(b.week_start)) : others;
    });
  }

  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('energy.title')}
        </h1>
        <p class="page-head__intro">{t('energy.intro')}</p>
      </div>
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {current && !current.enabled && <Notice kind="info">{t('energy.off')}</Notice>}
      {current?.enabled && <AnswerCard current={current} onAnswered={onAnswered} />}
      {current?.enabled && <PromptSwitch />}
      {mine.length > 0 && <MyTrend weeks={mine} />}
      {teams?.enabled && <TeamsCard view={teams} />}
    </>
  );
}

function AnswerCard({ current, onAnswered }: { current: EnergyCurrent; onAnswered: (a: EnergyAnswer | null) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [level, setLevel] = useState<number | null>(current.answer?.level ?? null);
  const [gave, setGave] = useState<Factor[]>(current.answer?.gave ?? []);
  const [cost, setCost] = useState<Factor[]>(current.answer?.cost ?? []);
  const [saved, setSaved] = useState<MessageKey | null>(null);
  const submit = useSubmit();

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (level === null) return;
    let answer: EnergyAnswer | null = null;
    if (await submit.run(async () => (answer = await saveAnswer({ level, gave, cost })))) {
      onAnswered(answer);
      setSaved('energy.saved');
    }
  }

  async function onWithdraw() {
    if (await submit.run(withdrawAnswer)) {
      onAnswered(null);
      setLevel(null);
      setGave([]);
      setCost([]);
      setSaved('energy.withdrawn');
    }
  }

  return (
    <section class="card energy-answer" aria-labelledby="energy-question">
      <h2 class="card__title" id="energy-question">
        {t('energy.question')}
      </h2>
      <p class="muted">{t('energy.week', { week: isoWeek(current.week_start) })}</p>
      {submit.error !== null && <Notice kind="error">{errorMessage(submit.error, i18n)}</Notice>}
      {saved && <Notice kind="success">{t(saved)}</Notice>}
      <form class="form" onSubmit={onSubmit} noValidate>
        <Segmented
          legend={t('energy.level_legend')}
          value={level === null ? '' : String(level)}
          options={LEVELS.map((n) => ({ value: String(n), short: String(n), label: t(`energy.level.${n}` as MessageKey) }))}
          onChange={(value) => {
            setSaved(null);
            setLevel(Number(value));
          }}
        />
        <p class="energy-scale muted" aria-hidden="true">
          <span>{t('energy.level.1')}</span>
          <span>{t('energy.level.5')}</span>
        </p>
        <FactorPicker legend={t('energy.gave_legend')} picked={gave} onChange={(next) => (setSaved(null), setGave(next))} />
        <FactorPicker legend={t('energy.cost_legend')} picked={cost} onChange={(next) => (setSaved(null), setCost(next))} />
        <p class="energy-private">{t('energy.private_note')}</p>
        <div class="form__actions">
          <button class="button" type="submit" disabled={level === null || submit.busy}>
            {t(current.answer ? 'energy.change' : 'energy.save')}
          </button>
          {current.answer && (
            <button class="button button--secondary" type="button" onClick={onWithdraw} disabled={submit.busy}>
              {t('energy.withdraw')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function FactorPicker({ legend, picked, onChange }: { legend: string; picked: Factor[]; onChange: (f: Factor[]) => void }) {
  const { t } = useI18n();
  return (
    <fieldset class="checkbox-group energy-factors">
      <legend class="field__label">{legend}</legend>
      {FACTORS.map((factor) => (
        <label key={factor} class="checkbox">
          <input type="checkbox" checked={picked.includes(factor)} onChange={() => onChange(toggled(picked, factor))} />
          <span>{t(`energy.factor.${factor}` as MessageKey)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function MyTrend({ weeks }: { weeks: EnergyAnswer[] }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="energy-mine">
      <h2 class="card__title" id="energy-mine">
        {t('energy.mine_title')}
      </h2>
      <p class="muted">{t('energy.mine_intro')}</p>
      <ol class="energy-bars">
        {weeks.map((week) => (
          <li key={week.week_start} class="energy-bars__row">
            <span class="energy-bars__label">{t('energy.week_short', { week: isoWeek(week.week_start) })}</span>
            <span class="energy-bars__track" aria-hidden="true">
              <span class="energy-bars__bar" style={{ width: `${week.level * 20}%` }} />
            </span>
            <span class="energy-bars__value">
              {week.level}
              <span class="visually-hidden"> / 5</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function groupName(group: EnergyGroup, t: ReturnType<typeof useI18n>['t']): string {
  if (group.scope === 'organisation') return t('energy.group.organisation');
  if (group.scope === 'department') return t('energy.group.department', { kind: t(`admin.kind_${group.kind}` as MessageKey) });
  return group.name;
}

function TeamsCard({ view }: { view: TeamView }) {
  const { t, locale } = useI18n();
  const number = (value: number) => value.toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: 1 });
  return (
    <section class="card" aria-labelledby="energy-teams">
      <h2 class="card__title" id="energy-teams">
        {t('energy.teams_title')}
      </h2>
      <p class="muted">{t('energy.teams_intro', { k: view.threshold })}</p>
      {view.groups.map((group) => {
        const shown = group.weeks.filter((w) => w.shown);
        const latest = shown[shown.length - 1];
        return (
          <section key={`${group.scope}-${group.key}`} class="energy-group" aria-label={groupName(group, t)}>
            <h3 class="energy-group__name">{groupName(group, t)}</h3>
            {latest ? (
              <>
                <ol class="energy-weeks">
                  {group.weeks.map((week) => (
                    <li key={week.week_start} class={`energy-weeks__week${week.shown ? '' : ' energy-weeks__week--hidden'}`}>
                      <span class="energy-weeks__label">{t('energy.week_short', { week: isoWeek(week.week_start) })}</span>
                      <span class="energy-weeks__value">
                        {week.shown && week.average !== null ? number(week.average) : <span aria-label={t('energy.hidden')}>–</span>}
                      </span>
                    </li>
                  ))}
                </ol>
                <p class="energy-group__latest">
                  {t('energy.latest', { week: isoWeek(latest.week_start), average: number(latest.average ?? 0), n: latest.respondents ?? 0 })}
                </p>
                <Factors label="energy.gave_short" factors={topFactors(latest.gave)} />
                <Factors label="energy.cost_short" factors={topFactors(latest.cost)} />
              </>
            ) : (
              <p class="muted">{t('energy.none_shown', { k: view.threshold })}</p>
            )}
          </section>
        );
      })}
    </section>
  );
}

function Factors({ label, factors }: { label: MessageKey; factors: Factor[] }) {
  const { t } = useI18n();
  if (factors.length === 0) return null;
  return (
    <p class="energy-group__factors">
      <strong>{t(label)}</strong> {factors.map((f) => t(`energy.factor.${f}` as MessageKey)).join(', ')}
    </p>
  );
}

/** Whether Today asks the question each week (this browser); the question itself stays here either way. */
function PromptSwitch() {
  const { t } = useI18n();
  const me = useMe();
  const [wanted, setWanted] = useState(() => promptWanted(me.id));
  return (
    <label class="energy-switch">
      <input
        type="checkbox"
        checked={wanted}
        onChange={(event) => {
          setPromptWanted(me.id, event.currentTarget.checked);
          setWanted(event.currentTarget.checked);
        }}
      />{' '}
      {t('energy.prompt_switch')}
    </label>
  );
}
