// Reflectie van de week on Ik / Me: from Friday morning to Monday noon the question waits here.
import { useEffect, useId, useState } from 'preact/hooks';
import { api } from '../api/client';
import { refusalMessage } from '../api/errors';
import { useSubmit } from '../components/form';
import { Notice } from '../components/Notice';
import { RefusedNotice } from '../components/RefusedNotice';
import { useI18n } from '../i18n/context';
import { useQueued } from '../offline/sync';
import { useMe } from '../session';
import { ANSWER_MAX, isReflectionKind, saveAnswer, type Current } from './data';

export function ReflectionsCard() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const me = useMe();
  const coach = me.role === 'manager' || me.role === 'admin';
  const [current, setCurrent] = useState<Current | null>(null);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<'sent' | 'queued' | null>(null);
  const queue = useQueued(isReflectionKind);
  const submit = useSubmit();
  const id = useId();

  useEffect(() => {
    api.get<Current>('/reflections/current').then((c) => {
      setCurrent(c);
      setText(c.reflection?.answer ?? '');
    }, submit.setError);
  }, []);

  if (coach) {
    // Managers coach through their team's reflections; the question is the reps' (and staff's).
    return (
      <section class="card rf-card" aria-labelledby="reflection-heading">
        <h2 class="card__title" id="reflection-heading">
          {t('reflections.title')}
        </h2>
        <p class="muted">{me.role === 'admin' && !me.teams.some((team) => team.manages) ? t('reflections.admin_hint') : t('reflections.coach_hint')}</p>
        <p class="rf-links">
          <a href="/reflections">{t('reflections.team_link')}</a>
        </p>
      </section>
    );
  }
  if (!current) return null;
  const answer = current.reflection?.answer;

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (!text.trim()) return;
    setSaved(null);
    let sent = false;
    const ok = await submit.run(async () => {
      const reflection = await saveAnswer(text.trim(), locale);
      sent = reflection !== null;
      // Kept on the device: show the answer as given; the server confirms it once it is sent.
      setCurrent((c) =>
        c ? { ...c, asked: false, reflection: reflection ?? (c.reflection ? { ...c.reflection, answer: text.trim(), answered: true } : null) } : c,
      );
    });
    if (ok) {
      setSaved(sent ? 'sent' : 'queued');
      setEditing(false);
    }
  }

  const closes = new Intl.DateTimeFormat(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(current.closes_at));
  const opens = new Intl.DateTimeFormat(locale, { weekday: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(current.opens_at));
  return (
    <section class={`card rf-card${current.asked ? ' rf-card--asked' : ''}`} aria-labelledby="reflection-heading">
      <h2 class="card__title" id="reflection-heading">
        {t('reflections.title')}
      </h2>
      <p class="rf-question">{current.question}</p>
      {submit.error !== null && <Notice kind="error">{refusalMessage(submit.error, i18n)}</Notice>}
      {queue.refusals.map((refusal) => (
        <RefusedNotice key={refusal.client_id} refusal={refusal} title={t('reflections.refused')} onDismiss={() => queue.dismissRefusal(refusal)} />
      ))}
      {saved === 'sent' && <Notice kind="success">{t('reflections.saved')}</Notice>}
      {saved === 'queued' && <Notice kind="info">{t('reflections.saved_offline')}</Notice>}
      {current.open && (!answer || editing) ? (
        <form class="form" onSubmit={onSubmit} noValidate>
          <div class="field">
            <label class="field__label" for={id}>
              {t('reflections.your_answer')}
            </label>
            <textarea
              id={id}
              class="field__input field__textarea"
              rows={4}
              maxLength={ANSWER_MAX}
              value={text}
              onInput={(event) => setText(event.currentTarget.value)}
              aria-describedby={`${id}-hint`}
            />
            <p class="field__hint" id={`${id}-hint`}>
              {t('reflections.private_hint')} · {t('reflections.open_until', { when: closes })}
            </p>
          </div>
          <button type="submit" class="button button--primary" disabled={submit.busy || !text.trim()}>
            {t('reflections.save')}
          </button>
        </form>
      ) : answer ? (
        <>
          <blockquote class="rf-answer">{answer}</blockquote>
          {current.reflection && current.reflection.replies.length > 0 && (
            <p class="muted">{t('reflections.replies_waiting', { count: current.reflection.replies.length })}</p>
          )}
          {current.open && (
            <button type="button" class="link-button" onClick={() => setEditing(true)}>
              {t('reflections.edit')}
            </button>
          )}
        </>
      ) : (
        <p class="muted">{t('reflections.opens_at', { when: opens })}</p>
      )}
      <p class="rf-links">
        <a href="/reflections">{t('reflections.all_link')}</a>
      </p>
    </section>
  );
}
