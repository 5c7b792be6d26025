// "Share what a customer said": the quote (the only required field), then customer, channel,
// department and score on the same screen, and the behaviour it shows and the customer win it belongs to
// under "more". Tap, type, tap.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { SelectField } from '../components/Field';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { useMe } from '../session';
import { CHANNELS, shareVoice, type Channel, type Voice, type WinOption } from './data';
import { WinPicker } from './WinPicker';

const QUOTE_MAX = 1000;

interface Option {
  id: number;
  name: string;
}

export function LogVoiceForm({
  teams,
  customers,
  onDone,
  onCancel,
}: {
  teams: Option[];
  customers: string[];
  onDone: (voice: Voice | null) => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const me = useMe();
  const [quote, setQuote] = useState('');
  const [customer, setCustomer] = useState('');
  const [channel, setChannel] = useState<Channel>('call');
  const [teamId, setTeamId] = useState<string>(() => String(me.teams[0]?.id ?? ''));
  const [score, setScore] = useState('');
  const [behaviourId, setBehaviourId] = useState('');
  const [behaviours, setBehaviours] = useState<Option[] | null>(null);
  const [win, setWin] = useState<WinOption | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useSubmit();
  const quoteId = useId();
  const customerId = useId();
  const quoteRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => quoteRef.current?.focus(), []);
  useEffect(() => {
    if (!more || behaviours !== null) return;
    api.get<{ id: number; name: string }[]>('/behaviours').then(
      (list) => setBehaviours(list.map((b) => ({ id: b.id, name: b.name }))),
      () => setBehaviours([]),
    );
  }, [more, behaviours]);

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!quote.trim()) {
      setProblem(t('validation.required'));
      quoteRef.current?.focus();
      return;
    }
    setProblem(null);
    let stored: Voice | null = null;
    const ok = await submit.run(async () => {
      stored = await shareVoice(
        {
          quote: quote.trim(),
          channel,
          ...(customer.trim() ? { customer: customer.trim() } : {}),
          team_id: teamId ? Number(teamId) : null,
          score: score === '' ? null : Number(score),
          ...(behaviourId ? { behaviour_id: Number(behaviourId) } : {}),
          ...(win ? { win_id: win.id } : {}),
        },
        { locale },
      );
    });
    if (ok) onDone(stored);
  }

  return (
    <section class="card vc-log" aria-labelledby="log-voice-heading">
      <h2 class="card__title" id="log-voice-heading">
        {t('voice.log_title')}
      </h2>
      <form class="form" onSubmit={onSubmit} noValidate>
        {submit.error !== null && <Notice kind="error">{refusalMessage(submit.error, i18n)}</Notice>}
        <div class={`field${problem ? ' field--invalid' : ''}`}>
          <label class="field__label" for={quoteId}>
            {t('voice.quote')}
          </label>
          <textarea
            ref={quoteRef}
            id={quoteId}
            name="quote"
            class="field__input field__textarea"
            required
            maxLength={QUOTE_MAX}
            rows={3}
            value={quote}
            placeholder={t('voice.quote_placeholder')}
            onInput={(event) => setQuote(event.currentTarget.value)}
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby={`${quoteId}-hint${problem ? ` ${quoteId}-error` : ''}`}
          />
          {problem && (
            <p class="field__error" id={`${quoteId}-error`}>
              {problem}
            </p>
          )}
          <p class="field__hint" id={`${quoteId}-hint`}>
            {t('voice.quote_hint')}
          </p>
        </div>
        <div class="field">
          <label class="field__label" for={customerId}>
            {t('voice.customer')}
          </label>
          <input
            id={customerId}
            name="customer"
            class="field__input"
            maxLength={200}
            autocomplete="off"
            list={`${customerId}-list`}
            value={customer}
            onInput={(event) => setCustomer(event.currentTarget.value)}
          />
          <datalist id={`${customerId}-list`}>
            {customers.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
        <div class="vc-log__row">
          <SelectField
            label={t('voice.channel')}
            name="channel"
            value={channel}
            onValue={(value) => setChannel(value as Channel)}
            options={CHANNELS.map((c) => ({ value: c, label: t(`voice.channel.${c}` as MessageKey) }))}
          />
          <SelectField
            label={t('voice.score')}
            name="score"
            value={score}
            onValue={setScore}
            options={[{ value: '', label: t('voice.no_score') }, ...Array.from({ length: 11 }, (_, n) => ({ value: String(10 - n), label: String(10 - n) }))]}
          />
        </div>
        <SelectField
          label={t('voice.department')}
          name="team_id"
          value={teamId}
          onValue={setTeamId}
          options={[{ value: '', label: t('voice.no_department') }, ...teams.map((team) => ({ value: String(team.id), label: team.name }))]}
        />
        {!more ? (
          <button type="button" class="link-button" onClick={() => setMore(true)} aria-expanded={false}>
            {t('voice.more_details')}
          </button>
        ) : (
          <>
            <SelectField
              label={t('voice.behaviour')}
              name="behaviour_id"
              value={behaviourId}
              onValue={setBehaviourId}
              hint={t('voice.behaviour_hint')}
              options={[{ value: '', label: t('voice.no_behaviour') }, ...(behaviours ?? []).map((b) => ({ value: String(b.id), label: b.name }))]}
            />
            <WinPicker value={win} onValue={setWin} />
          </>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={submit.busy}>
            {submit.busy ? t('voice.sharing') : t('voice.share')}
          </button>
          <button type="button" class="button button--ghost" onClick={onCancel}>
            {t('voice.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
