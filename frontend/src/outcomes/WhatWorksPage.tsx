// Wat werkt / What works: per behaviour, the team's high- and low-rhythm weeks compared on each
// outcome, with the 95 % interval and the number of weeks, and the plain statement that this is
// correlation in the team's own history. Team level only; managers enter the weekly figures.
import { useCallback, useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n, usePageTitle } from '../i18n/context';
import { useMe } from '../session';
import { ValuesImport } from './ValuesImport';
import type { MessageKey } from '../i18n/messages';
import { ComparisonText } from './ComparisonText';
import { byBehaviour, COMBINE, createMeasure, lastMonday, loadMeasures, loadMembers, loadWhatWorks, recordPersonValue, recordValue, updateMeasure, WINDOWS, type Combine, type Measure, type TeamMember, type WhatWorks } from './data';

interface TeamOption {
  id: number;
  name: string;
}

export function WhatWorksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  usePageTitle('whatworks.title');
  const me = useMe();
  const [teams, setTeams] = useState<TeamOption[]>(me.teams.map((team) => ({ id: team.id, name: team.name })));
  const [teamId, setTeamId] = useState<number | null>(me.teams[0]?.id ?? null);
  const [weeks, setWeeks] = useState<number>(26);
  const [data, setData] = useState<WhatWorks | null>(null);
  const [error, setError] = useState<unknown>(null);
  const teamSelect = useId();
  const weeksSelect = useId();

  useEffect(() => {
    if (me.role !== 'admin') return;
    api.get<TeamOption[]>('/teams').then(
      (list) => {
        setTeams(list.map((team) => ({ id: team.id, name: team.name })));
        setTeamId((current) => current ?? list[0]?.id ?? null);
      },
      () => undefined,
    );
  }, [me.role]);

  const load = useCallback(async () => {
    if (teamId === null) return;
    try {
      setData(await loadWhatWorks(teamId, weeks));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [teamId, weeks]);

  useEffect(() => {
    setData(null);
    void load();
  }, [load]);

  const mayEnter = me.role === 'admin' || (me.role === 'manager' && me.teams.some((team) => team.id === teamId));

  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title" tabIndex={-1}>
          {t('whatworks.title')}
        </h1>
        <p class="page-head__intro">{t('whatworks.intro')}</p>
      </div>
      {teamId === null ? (
        <Notice kind="info">{t('whatworks.no_team')}</Notice>
      ) : (
        <>
          <div class="vc-filters">
            <div class="field">
              <label class="field__label" for={teamSelect}>
                {t('whatworks.team')}
              </label>
              <select id={teamSelect} class="field__input field__select" value={String(teamId)} onChange={(e) => setTeamId(Number(e.currentTarget.value))}>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label class="field__label" for={weeksSelect}>
                {t('whatworks.window')}
              </label>
              <select id={weeksSelect} class="field__input field__select" value={String(weeks)} onChange={(e) => setWeeks(Number(e.currentTarget.value))}>
                {WINDOWS.map((n) => (
                  <option key={n} value={n}>
                    {t('whatworks.weeks', { count: n })}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {data && <Notice kind="info">{data.caveat}</Notice>}
          {error !== null && <Notice kind="error">{refusalMessage(error, i18n)}</Notice>}
          {data && data.rows.length === 0 && <p class="muted">{t('whatworks.empty')}</p>}
          {data &&
            byBehaviour(data.rows).map((group) => (
              <section class="card ww-card" key={group.id} aria-labelledby={`ww-${group.id}`}>
                <h2 class="card__title" id={`ww-${group.id}`}>
                  {group.name}
                </h2>
                <dl class="ww-list">
                  {group.rows.map((row) => (
                    <div class="ww-row" key={`${row.outcome_kind}-${row.outcome_id ?? 0}`}>
                      <dt>{row.outcome_name}</dt>
                      <dd>
                        <ComparisonText c={row.comparison} minWeeks={data.min_weeks} minPerGroup={data.min_per_group} />
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          {mayEnter && <EnterFigure teamId={teamId} onSaved={() => void load()} isAdmin={me.role === 'admin'} />}
          {mayEnter && <ValuesImport onImported={() => void load()} />}
        </>
      )}
    </>
  );
}

/** A week's figure for the team, or for one of its members. A member's figure is theirs: the form says it was
 * saved and for whom, then empties; nothing here reads a person's figure back (the team's total updates). */
function EnterFigure({ teamId, onSaved, isAdmin }: { teamId: number; onSaved: () => void; isAdmin: boolean }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const [measures, setMeasures] = useState<Measure[]>([]);
  const [members, setMembers] = useState<TeamMember[]>([]);
  const [measureId, setMeasureId] = useState('');
  const [forWhom, setForWhom] = useState('team');
  const [week, setWeek] = useState(() => lastMonday(new Date()));
  const [value, setValue] = useState('');
  const [newName, setNewName] = useState('');
  const [newCombine, setNewCombine] = useState<Combine>('sum');
  const [saved, setSaved] = useState<string | null>(null);
  const submit = useSubmit();
  const weekId = useId();

  useEffect(() => {
    loadMeasures().then((list) => {
      setMeasures(list);
      setMeasureId((current) => current || String(list[0]?.id ?? ''));
    }, () => undefined);
  }, []);
  useEffect(() => {
    setForWhom('team');
    loadMembers(teamId).then((list) => setMembers(list.filter((m) => !m.manages && m.active)), () => setMembers([]));
  }, [teamId]);

  const measure = measures.find((m) => String(m.id) === measureId);
  const combineOptions = COMBINE.map((c) => ({ value: c, label: t(`whatworks.combine.${c}` as MessageKey) }));

  async function changeCombine(next: string) {
    if (!measure) return;
    await submit.run(async () => {
      const changed = await updateMeasure(measure.id, { combine: next as Combine });
      setMeasures((list) => list.map((m) => (m.id === changed.id ? changed : m)));
      onSaved();
    });
  }

  async function onSubmit(event: Event) {
    event.preventDefault();
    setSaved(null);
    const person = members.find((m) => String(m.id) === forWhom);
    const ok = await submit.run(async () => {
      let id = Number(measureId);
      if (!id && newName.trim()) {
        const made = await createMeasure({ name_nl: newName.trim(), combine: newCombine });
        setMeasures((list) => [...list, made]);
        setMeasureId(String(made.id));
        id = made.id;
      }
      const figure = Number(value.replace(',', '.'));
      if (person) await recordPersonValue({ measure_id: id, user_id: person.id, week_start: week, value: figure });
      else await recordValue({ measure_id: id, team_id: teamId, week_start: week, value: figure });
    });
    if (ok) {
      setSaved(person ? t('whatworks.saved_person', { name: person.name }) : t('whatworks.saved'));
      if (person) setValue('');
      onSaved();
    }
  }

  return (
    <section class="card ww-enter" aria-labelledby="ww-enter-heading">
      <h2 class="card__title" id="ww-enter-heading">
        {t('whatworks.enter_title')}
      </h2>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{refusalMessage(submit.error, i18n)}</Notice>}
        {saved && <Notice kind="success">{saved}</Notice>}
        {measures.length > 0 && (
          <SelectField
            label={t('whatworks.measure')}
            name="measure_id"
            value={measureId}
            onValue={setMeasureId}
            options={measures.map((m) => ({ value: String(m.id), label: locale === 'en' ? m.name_en : m.name_nl }))}
          />
        )}
        {measure && isAdmin && (
          <SelectField label={t('whatworks.combine')} name="combine" value={measure.combine} onValue={(next) => void changeCombine(next)} options={combineOptions} hint={t('whatworks.combine_hint')} />
        )}
        {measures.length === 0 && isAdmin && (
          <>
            <TextField label={t('whatworks.new_measure')} name="name_nl" value={newName} onValue={setNewName} maxLength={120} />
            <SelectField label={t('whatworks.combine')} name="combine" value={newCombine} onValue={(next) => setNewCombine(next as Combine)} options={combineOptions} hint={t('whatworks.combine_hint')} />
          </>
        )}
        {measures.length === 0 && !isAdmin && <p class="muted">{t('whatworks.no_measures')}</p>}
        {members.length > 0 && (
          <SelectField
            label={t('whatworks.for')}
            name="for"
            value={forWhom}
            onValue={setForWhom}
            options={[{ value: 'team', label: t('whatworks.for_team') }, ...members.map((m) => ({ value: String(m.id), label: m.name }))]}
            hint={t('whatworks.for_hint')}
          />
        )}
        <div class="vc-log__row">
          <div class="field">
            <label class="field__label" for={weekId}>
              {t('whatworks.week_of')}
            </label>
            <input id={weekId} name="week_start" type="date" class="field__input" value={week} onInput={(e) => setWeek(e.currentTarget.value)} />
          </div>
          <TextField label={t('whatworks.value')} name="value" inputMode="decimal" value={value} onValue={setValue} />
        </div>
        <button type="submit" class="button button--secondary" disabled={submit.busy}>
          {t('whatworks.save')}
        </button>
      </form>
    </section>
  );
}
