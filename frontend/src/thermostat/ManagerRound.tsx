// The manager's part: open a round (period, named or anonymous), read the answers, draft the standard,
// follow who recognises it, or close the round without one.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage, fieldErrors } from '../api/errors';
import { Notice } from '../components/Notice';
import { Segmented } from '../components/Segmented';
import { useSubmit } from '../components/form';
import { useI18n } from '../i18n/context';
import type { Round, RoundPeriod, SeenAnswer } from './data';
import { emptyStandard, StandardFields, StandardText, standardBody } from './parts';

export function OpenRoundForm({ teamId, onOpened }: { teamId: number; onOpened: (round: Round) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [period, setPeriod] = useState<RoundPeriod>('month');
  const [privacy, setPrivacy] = useState<'named' | 'anonymous'>('anonymous');
  const { busy, error, run } = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () =>
      onOpened(await api.post<Round>(`/teams/${teamId}/thermostat/rounds`, { period, anonymous: privacy === 'anonymous' })),
    );
  };
  return (
    <form class="card thermostat-form" onSubmit={submit} aria-labelledby="open-title">
      <h2 class="card__title" id="open-title">
        {t('thermostat.open.title')}
      </h2>
      <p class="muted">{t('thermostat.open.body')}</p>
      <Segmented
        legend={t('thermostat.open.period')}
        value={period}
        onChange={setPeriod}
        options={[
          { value: 'month', label: t('thermostat.open.month') },
          { value: 'quarter', label: t('thermostat.open.quarter') },
        ]}
      />
      <Segmented
        legend={t('thermostat.open.privacy')}
        value={privacy}
        onChange={setPrivacy}
        options={[
          { value: 'anonymous', label: t('thermostat.open.anonymous') },
          { value: 'named', label: t('thermostat.open.named') },
        ]}
      />
      <p class="muted">{t(privacy === 'anonymous' ? 'thermostat.open.anonymous_hint' : 'thermostat.open.named_hint')}</p>
      {error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      <button type="submit" class="button button--primary button--block" disabled={busy}>
        {t('thermostat.open.submit')}
      </button>
    </form>
  );
}

interface Props {
  round: Round;
  behaviours: { id: number; name: string }[];
  onChange: (round: Round) => void;
}

export function ManagerRound({ round, behaviours, onChange }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState(() => emptyStandard(behaviours, round.draft));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useSubmit();
  const closing = useSubmit();
  const errors = fieldErrors(error);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    setSaved(await run(async () => onChange(await api.put<Round>(`/thermostat/rounds/${round.id}/draft`, standardBody(draft)))));
  };
  const close = () => closing.run(async () => onChange(await api.post<Round>(`/thermostat/rounds/${round.id}/close`)));

  return (
    <>
      <AnswerList answers={round.answers ?? []} anonymous={round.anonymous} />
      <form class="card thermostat-form" onSubmit={submit} aria-labelledby="draft-title" noValidate>
        <h2 class="card__title" id="draft-title">
          {t('thermostat.draft.title')}
        </h2>
        <p class="muted">{t('thermostat.draft.body')}</p>
        <StandardFields value={draft} onChange={setDraft} behaviours={behaviours} errors={errors} />
        {error !== null && Object.keys(errors).length === 0 && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
        {saved && <Notice kind="success">{t('thermostat.draft.saved')}</Notice>}
        <button type="submit" class="button button--primary button--block" disabled={busy}>
          {t(round.draft ? 'thermostat.draft.update' : 'thermostat.draft.submit')}
        </button>
      </form>
      {round.draft && (
        <section class="card" aria-labelledby="confirmations-title">
          <h2 class="card__title" id="confirmations-title">
            {t('thermostat.confirmations.title')}
          </h2>
          <StandardText standard={round.draft} />
          <p data-testid="confirmation-count">
            {t('thermostat.confirmations.count', { agreed: round.agreed, disagreed: round.disagreed, members: round.members })}
          </p>
          <ul class="thermostat-list">
            {(round.confirmations ?? []).map((c, index) => (
              <li key={index}>
                <strong>{c.name ?? t('thermostat.someone')}</strong>{' '}
                {c.agrees ? t('thermostat.confirmations.agrees') : t('thermostat.confirmations.not', { reason: c.reason })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <button type="button" class="button button--secondary button--block" disabled={closing.busy} onClick={close}>
          {t('thermostat.close')}
        </button>
      </p>
      {closing.error !== null && <Notice kind="error">{errorMessage(closing.error, i18n)}</Notice>}
    </>
  );
}

export function AnswerList({ answers, anonymous }: { answers: SeenAnswer[]; anonymous: boolean }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="answers-title">
      <h2 class="card__title" id="answers-title">
        {t('thermostat.answers.title')}
      </h2>
      {anonymous && <p class="muted">{t('thermostat.answers.anonymous')}</p>}
      {answers.length === 0 && <p class="muted">{t('thermostat.answers.none')}</p>}
      <ol class="thermostat-answers">
        {answers.map((answer, index) => (
          <li key={index} class="thermostat-answer">
            <p class="thermostat-answer__who">{answer.name ?? t('thermostat.answer_number', { number: index + 1 })}</p>
            <dl>
              <dt>{t('thermostat.q.now')}</dt>
              <dd>{answer.now}</dd>
              <dt>{t('thermostat.q.ahead')}</dt>
              <dd>{answer.ahead}</dd>
              <dt>{t('thermostat.q.holding')}</dt>
              <dd>{answer.holding}</dd>
              <dt>{t('thermostat.proposal')}</dt>
              <dd>
                <StandardText standard={answer} />
              </dd>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
