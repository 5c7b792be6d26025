// Small pieces the round screens share: the round's facts, a standard in words, the level's fields.
import { useId } from 'preact/hooks';
import { SelectField } from '../components/Field';
import { useI18n } from '../i18n/context';
import type { GoalKind } from '../goals/data';
import type { Round, Standard } from './data';

export function formatDay(iso: string, locale: string): string {
  const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
  return new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso));
}

export function levelText(kind: GoalKind, target: number, t: ReturnType<typeof useI18n>['t'], n: (value: number) => string): string {
  return t(`boards.goal.kind.${kind}`, { target: kind === 'rhythm_share' ? `${n(target)}%` : n(target) });
}

export function RoundFacts({ round }: { round: Round }) {
  const { t, tn, locale } = useI18n();
  return (
    <section class="card thermostat-facts" aria-labelledby="round-facts-title">
      <h2 class="card__title" id="round-facts-title">
        {t(round.period === 'month' ? 'thermostat.round_month' : 'thermostat.round_quarter', { team: round.team_name })}
      </h2>
      <p class={`thermostat-privacy thermostat-privacy--${round.anonymous ? 'anonymous' : 'named'}`} data-testid="round-anonymity">
        {t(round.anonymous ? 'thermostat.anonymous_note' : 'thermostat.named_note')}
      </p>
      <p class="muted">
        {round.answers_open ? t('thermostat.due', { day: formatDay(round.answers_due, locale) }) : t('thermostat.answers_closed')}
        {' · '}
        {tn('thermostat.answered', round.members, { answered: round.answered })}
      </p>
    </section>
  );
}

export function StandardText({ standard }: { standard: Standard }) {
  const { t, n } = useI18n();
  return (
    <div class="thermostat-standard">
      {standard.statement && <p class="thermostat-standard__statement">“{standard.statement}”</p>}
      <p class="thermostat-standard__level">
        {standard.behaviour_name && <strong>{standard.behaviour_name}</strong>}
        {standard.behaviour_name && ' · '}
        {standard.kind && standard.target !== null && levelText(standard.kind, standard.target, t, n)}
      </p>
    </div>
  );
}

export interface StandardDraft {
  behaviour_id: string;
  statement: string;
  kind: GoalKind;
  target: string;
}

export function emptyStandard(behaviours: { id: number }[], from?: Standard | null): StandardDraft {
  return {
    behaviour_id: String(from?.behaviour_id ?? behaviours[0]?.id ?? ''),
    statement: from?.statement ?? '',
    kind: from?.kind ?? 'rhythm_share',
    target: from?.target ? String(from.target) : '90',
  };
}

export function standardBody(draft: StandardDraft) {
  return { behaviour_id: Number(draft.behaviour_id), statement: draft.statement, kind: draft.kind, target: Number(draft.target) };
}

/** Behaviour, words and level of a standard: the level as a team goal has one (a share or a count). */
export function StandardFields({
  value,
  onChange,
  behaviours,
  errors,
}: {
  value: StandardDraft;
  onChange: (value: StandardDraft) => void;
  behaviours: { id: number; name: string }[];
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const statementId = useId();
  const targetId = useId();
  const set = (change: Partial<StandardDraft>) => onChange({ ...value, ...change });
  return (
    <>
      <SelectField
        label={t('thermostat.behaviour')}
        name="behaviour_id"
        value={value.behaviour_id}
        onValue={(behaviour_id) => set({ behaviour_id })}
        options={behaviours.map((b) => ({ value: String(b.id), label: b.name }))}
        error={errors.behaviour_id}
      />
      <div class={`field${errors.statement ? ' field--invalid' : ''}`}>
        <label class="field__label" for={statementId}>
          {t('thermostat.statement')}
        </label>
        <input
          id={statementId}
          name="statement"
          class="field__input"
          maxLength={300}
          placeholder={t('thermostat.statement_example')}
          value={value.statement}
          onInput={(event) => set({ statement: event.currentTarget.value })}
        />
      </div>
      <SelectField
        label={t('boards.goal.kind')}
        name="kind"
        value={value.kind}
        onValue={(kind) => set({ kind: kind as GoalKind })}
        options={[
          { value: 'rhythm_share', label: t('boards.goal.kind_share') },
          { value: 'customer_facing_checkins', label: t('boards.goal.kind_count') },
        ]}
      />
      <div class={`field${errors.target ? ' field--invalid' : ''}`}>
        <label class="field__label" for={targetId}>
          {t(value.kind === 'rhythm_share' ? 'boards.goal.target_share' : 'boards.goal.target_count')}
        </label>
        <input
          id={targetId}
          name="target"
          class="field__input thermostat-target"
          type="number"
          inputMode="numeric"
          min={1}
          max={value.kind === 'rhythm_share' ? 100 : 100000}
          required
          value={value.target}
          onInput={(event) => set({ target: event.currentTarget.value })}
          aria-invalid={errors.target ? 'true' : undefined}
          aria-describedby={errors.target ? `${targetId}-error` : undefined}
        />
        {errors.target && (
          <p class="field__error" id={`${targetId}-error`}>
            {errors.target}
          </p>
        )}
      </div>
    </>
  );
}

export function TextArea({
  label,
  name,
  value,
  onValue,
  error,
  max,
  required,
}: {
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  max: number;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        class="field__input field__textarea"
        rows={3}
        maxLength={max}
        required={required}
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export { SelectField };
