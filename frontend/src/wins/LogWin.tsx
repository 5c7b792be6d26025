// "Log a win": what happened (the only required field), then optional customer, impact, evidence
// and colleagues to credit. From the Wins tab this is tap, type, tap.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { SelectField, TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';
import { defaultImpact, IMPACT_AREAS, logWin, type ImpactArea, type Win } from './data';
import { loadColleagues, type Colleague } from '../feed/data';
import { refusalMessage } from '../api/errors';

const TEXT_MAX = 1000;

export function LogWinForm({ onDone, onCancel }: { onDone: (win: Win | null) => void; onCancel: () => void }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const me = useMe();
  const [text, setText] = useState('');
  const [customer, setCustomer] = useState('');
  const [impact, setImpact] = useState<ImpactArea>(() => defaultImpact(me.teams.map((team) => team.kind)));
  const [evidence, setEvidence] = useState('');
  const [credited, setCredited] = useState<Colleague[]>([]);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useSubmit();
  const textId = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => textRef.current?.focus(), []);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!text.trim()) {
      setProblem(t('validation.required'));
      textRef.current?.focus();
      return;
    }
    setProblem(null);
    let stored: Win | null = null;
    const ok = await submit.run(async () => {
      stored = await logWin(
        {
          text: text.trim(),
          impact_area: impact,
          ...(customer.trim() ? { customer: customer.trim() } : {}),
          ...(evidence.trim() ? { evidence: evidence.trim() } : {}),
          credited_ids: credited.map((c) => c.id),
        },
        { locale },
      );
    });
    if (ok) onDone(stored);
  }

  return (
    <section class="card rc-log" aria-labelledby="log-win-heading">
      <h2 class="card__title" id="log-win-heading">
        {t('recognition.log_title')}
      </h2>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{refusalMessage(submit.error, i18n)}</Notice>}
        <div class={`field${problem ? ' field--invalid' : ''}`}>
          <label class="field__label" for={textId}>
            {t('recognition.what_happened')}
          </label>
          <textarea
            ref={textRef}
            id={textId}
            name="text"
            class="field__input field__textarea"
            required
            maxLength={TEXT_MAX}
            rows={3}
            value={text}
            placeholder={t('recognition.what_happened_placeholder')}
            onInput={(event) => setText(event.currentTarget.value)}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={`${textId}-count${problem ? ` ${textId}-error` : ''}`}
          />
          {problem && (
            <p class="field__error" id={`${textId}-error`}>
              {problem}
            </p>
          )}
          <p class="field__hint" id={`${textId}-count`}>
            {t('recognition.characters_left', { count: TEXT_MAX - text.length })}
          </p>
        </div>
        <ColleaguePicker selected={credited} onChange={setCredited} />
        {!more ? (
          <button type="button" class="link-button" onClick={() => setMore(true)} aria-expanded={false}>
            {t('recognition.more_details')}
          </button>
        ) : (
          <>
            <TextField label={t('recognition.customer')} name="customer" maxLength={200} value={customer} onValue={setCustomer} />
            <SelectField
              label={t('recognition.impact_area')}
              name="impact_area"
              value={impact}
              onValue={(value) => setImpact(value as ImpactArea)}
              options={IMPACT_AREAS.map((area) => ({ value: area, label: t(`recognition.impact.${area}` as MessageKey) }))}
            />
            <TextField
              label={t('recognition.evidence')}
              name="evidence"
              maxLength={500}
              value={evidence}
              onValue={setEvidence}
              hint={t('recognition.evidence_hint')}
            />
          </>
        )}
        <div class="form__actions rc-log__actions">
          <button type="submit" class="button button--primary" disabled={submit.busy}>
            {submit.busy ? t('recognition.sharing') : t('recognition.share')}
          </button>
          <button type="button" class="button button--ghost" onClick={onCancel}>
            {t('recognition.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function useColleagues(): Colleague[] {
  const [list, setList] = useState<Colleague[]>([]);
  useEffect(() => {
    loadColleagues().then(setList, () => setList([]));
  }, []);
  return list;
}

/**
 * Search colleagues to credit. The hint sits under the field, the suggestions below it (never over
 * it); after choosing or removing someone, focus returns to the search field to add the next one.
 */
function ColleaguePicker({ selected, onChange }: { selected: Colleague[]; onChange: (people: Colleague[]) => void }) {
  const { t } = useI18n();
  const me = useMe();
  const everyone = useColleagues();
  const [query, setQuery] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return [];
    const chosen = new Set(selected.map((s) => s.id));
    return everyone
      .filter((c) => c.id !== me.id && !chosen.has(c.id))
      .filter((c) => c.name.toLowerCase().includes(needle) || c.teams.some((team) => team.name.toLowerCase().includes(needle)))
      .slice(0, 6);
  }, [everyone, query, selected, me.id]);

  function choose(next: Colleague[], said: string) {
    onChange(next);
    setQuery('');
    setAnnouncement(said);
    input.current?.focus();
  }

  return (
    <div class="rc-picker">
      <div class="field">
        <label class="field__label" for={id}>
          {t('recognition.credit')}
        </label>
        <input
          ref={input}
          id={id}
          class="field__input"
          name="colleague_search"
          type="search"
          autocomplete="off"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
          aria-describedby={`${id}-hint`}
          aria-controls={`${id}-matches`}
          aria-expanded={matches.length > 0}
        />
        <p class="field__hint" id={`${id}-hint`}>
          {t('recognition.credit_hint')}
        </p>
      </div>
      <ul class="rc-picker__matches" id={`${id}-matches`} aria-label={t('recognition.credit_matches')} hidden={matches.length === 0}>
        {matches.map((person) => (
          <li key={person.id}>
            <button
              type="button"
              class="rc-picker__match"
              onClick={() => choose([...selected, person], t('recognition.credit_added', { name: person.name }))}
            >
              <span>{person.name}</span>
              <span class="muted">{person.teams.map((team) => team.name).join(', ')}</span>
            </button>
          </li>
        ))}
      </ul>
      <p class="visually-hidden" role="status">
        {announcement}
      </p>
      {selected.length > 0 && (
        <ul class="chips" aria-label={t('recognition.credited')}>
          {selected.map((person) => (
            <li key={person.id} class="chip rc-chip">
              {person.name}
              <button
                type="button"
                class="rc-chip__remove"
                aria-label={t('recognition.uncredit', { name: person.name })}
                onClick={() => choose(selected.filter((p) => p.id !== person.id), t('recognition.credit_removed', { name: person.name }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
