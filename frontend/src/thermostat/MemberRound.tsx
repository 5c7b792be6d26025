// A member's part of a round: the three questions and a proposed standard, then the drafted standard
// to recognise ("ik herken me hierin") or not, with why.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { Notice } from '../components/Notice';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import { REASON_MAX, TEXT_MAX, type Round } from './data';
import { emptyStandard, StandardFields, StandardText, standardBody, TextArea } from './parts';

interface Props {
  round: Round;
  behaviours: { id: number; name: string }[];
  onChange: (round: Round) => void;
}

export function MemberRound({ round, behaviours, onChange }: Props) {
  const { t } = useI18n();
  return (
    <>
      {round.stage === 'confirming' && round.draft && <Confirm round={round} onChange={onChange} />}
      {round.answers_open &&
        (round.stage === 'confirming' && round.my_answer ? (
          // The draft is what matters now: one's own answers stay changeable, one tap away.
          <details class="card thermostat-details">
            <summary>{t('thermostat.answer.change')}</summary>
            <AnswerForm round={round} behaviours={behaviours} onChange={onChange} />
          </details>
        ) : (
          <AnswerForm round={round} behaviours={behaviours} onChange={onChange} />
        ))}
    </>
  );
}

function AnswerForm({ round, behaviours, onChange }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = round.my_answer;
  const [now, setNow] = useState(mine?.now ?? '');
  const [ahead, setAhead] = useState(mine?.ahead ?? '');
  const [holding, setHolding] = useState(mine?.holding ?? '');
  const [standard, setStandard] = useState(() => emptyStandard(behaviours, mine));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const body = { now, ahead, holding, ...standardBody(standard) };
    const ok = await run(async () => onChange(await api.put<Round>(`/thermostat/rounds/${round.id}/answer`, body)));
    setSaved(ok);
  };

  return (
    <form class="card thermostat-form" onSubmit={submit} aria-labelledby="answer-title" noValidate>
      <h2 class="card__title" id="answer-title">
        {t(mine ? 'thermostat.answer.title_again' : 'thermostat.answer.title')}
      </h2>
      <TextArea label={t('thermostat.q.now')} name="now" value={now} onValue={setNow} error={errors.now} max={TEXT_MAX} required />
      <TextArea label={t('thermostat.q.ahead')} name="ahead" value={ahead} onValue={setAhead} error={errors.ahead} max={TEXT_MAX} required />
      <TextArea label={t('thermostat.q.holding')} name="holding" value={holding} onValue={setHolding} error={errors.holding} max={TEXT_MAX} required />
      <fieldset class="thermostat-fieldset">
        <legend class="field__label">{t('thermostat.answer.propose')}</legend>
        <StandardFields value={standard} onChange={setStandard} behaviours={behaviours} errors={errors} />
      </fieldset>
      {error !== null && Object.keys(errors).length === 0 && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {saved && <Notice kind="success">{t(round.anonymous ? 'thermostat.answer.saved_anonymous' : 'thermostat.answer.saved')}</Notice>}
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {t('thermostat.answer.submit')}
      </button>
    </form>
  );
}

function Confirm({ round, onChange }: { round: Round; onChange: (round: Round) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const mine = round.my_confirmation;
  const [disagreeing, setDisagreeing] = useState(mine ? !mine.agrees : false);
  const [reason, setReason] = useState(mine?.reason ?? '');
  const { busy, error, run } = useSubmit();
  const errors = fieldErrors(error);
  const send = (agrees: boolean) =>
    run(async () => onChange(await api.put<Round>(`/thermostat/rounds/${round.id}/confirmation`, { agrees, reason: agrees ? '' : reason })));

  return (
    <section class="card thermostat-confirm" aria-labelledby="confirm-title">
      <h2 class="card__title" id="confirm-title">
        {t('thermostat.confirm.title')}
      </h2>
      {round.draft && <StandardText standard={round.draft} />}
      {mine && (
        <p class="thermostat-mine" role="status">
          {t(mine.agrees ? 'thermostat.confirm.you_agree' : 'thermostat.confirm.you_disagree')}
        </p>
      )}
      <div class="thermostat-actions">
        <button type="button" class="button button--primary" disabled={busy} onClick={() => send(true)}>
          {t('thermostat.confirm.agree')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} aria-expanded={disagreeing} onClick={() => setDisagreeing(true)}>
          {t('thermostat.confirm.disagree')}
        </button>
      </div>
      {disagreeing && (
        <form
          class="thermostat-why"
          onSubmit={(event) => {
            event.preventDefault();
            void send(false);
          }}
        >
          <TextArea label={t('thermostat.confirm.why')} name="reason" value={reason} onValue={setReason} error={errors.reason} max={REASON_MAX} required />
          <button type="submit" class="button button--secondary" disabled={busy}>
            {t('thermostat.confirm.send_why')}
          </button>
        </form>
      )}
      {error !== null && Object.keys(errors).length === 0 && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
    </section>
  );
}
