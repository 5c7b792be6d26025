// "Gisteren nog iets vergeten?": at the foot of Today (below the lists, so it never moves a card),
// yesterday's open behaviours to check in after all. Folded until asked for: yesterday's state
// comes from My rhythm's heat map (GET /rhythm), read only when the person opens it.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { ChevronIcon } from '../components/icons';
import { useI18n } from '../i18n/context';
import { submit, useQueued } from '../offline/sync';
import { addDays, backFillable, backFillRequest, isCheckInKind, queuedCheckIns, type BehaviourHistory, type History } from './data';

export function YesterdayCard({ today }: { today: string }) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [candidates, setCandidates] = useState<BehaviourHistory[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filled, setFilled] = useState<Set<number>>(() => new Set());
  const [announcement, setAnnouncement] = useState('');
  const { entries } = useQueued(isCheckInKind);
  const pending = useMemo(() => queuedCheckIns(entries), [entries]);
  const yesterday = addDays(today, -1);
  const asked = useRef(false);

  useEffect(() => {
    if (!open || asked.current) return;
    asked.current = true;
    // Two weeks: on a Monday, yesterday lies in last week.
    api.get<History>('/rhythm?weeks=2').then(
      (history) =>
        // The list is fixed once read: a behaviour checked in here stays in its place, marked done.
        setCandidates(history.behaviours.filter((b) => b.days.some((d) => d.date === yesterday && backFillable(d.state, d.date, today)))),
      (caught: unknown) => {
        asked.current = false;
        setError(caught);
      },
    );
  }, [open, today, yesterday]);

  function checkIn(behaviour: BehaviourHistory) {
    setFilled((current) => new Set(current).add(behaviour.id));
    setAnnouncement(t('today.yesterday.checked_in', { name: behaviour.name }));
    void submit(backFillRequest(behaviour, yesterday, new Date(), locale));
  }

  return (
    <section class="card yesterday" aria-labelledby={`${panelId}-title`}>
      <h2 class="yesterday__heading" id={`${panelId}-title`}>
        <button type="button" class="yesterday__toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          <span>{t('today.yesterday.title')}</span>
          <ChevronIcon size={22} class={open ? 'icon--flipped' : undefined} />
        </button>
      </h2>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <div id={panelId} hidden={!open}>
        {open && error !== null && !candidates && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
        {open && candidates === null && error === null && <p class="muted">{t('common.loading')}</p>}
        {open && candidates !== null && candidates.length === 0 && <p class="muted">{t('today.yesterday.none')}</p>}
        {open && candidates !== null && candidates.length > 0 && (
          <>
            <p class="section-hint">{t('today.yesterday.hint')}</p>
            <ul class="yesterday__list">
              {candidates.map((behaviour) => {
                const done = filled.has(behaviour.id) || pending.has(`${behaviour.id}:${yesterday}`);
                return (
                  <li key={behaviour.id}>
                    <button
                      type="button"
                      class={`yesterday__item${done ? ' yesterday__item--done' : ''}`}
                      aria-pressed={done}
                      data-behaviour-id={behaviour.id}
                      onClick={() => !done && checkIn(behaviour)}
                    >
                      <span class="yesterday__icon" aria-hidden="true">
                        {behaviour.icon || '•'}
                      </span>
                      <span class="yesterday__name">
                        {behaviour.name}
                        {done && <span class="yesterday__state">{t('today.yesterday.done')}</span>}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
