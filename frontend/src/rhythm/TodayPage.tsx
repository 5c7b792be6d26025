// Today: the day's behaviours, one tap to check in (offline too), undo, the streak growing at once;
// and the hook that lays the offline queue over the server's answer.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { keepForNextOpen, keptFromLastOpen } from '../api/kept';
import { errorMessage } from '../api/errors';
import { Notice } from '../components/Notice';
import { RefusedNotice } from '../components/RefusedNotice';
import { afterPaint } from '../components/afterPaint';
import { ChevronIcon } from '../components/icons';
import { dateTimeFormat } from '../components/format';
import { lazyCard } from '../components/lazyCard';
import { keepUnchanged, memo } from '../components/memo';
import { useI18n, usePageTitle } from '../i18n/context';
import { loadScreenMessages } from '../i18n/messages';
import { newClientId, queueMayHoldWrites, type QueueEntry, type QueueRequest, type Refusal } from '../offline/queue';
import { keep, onReplayed, onSent, primedQueue, submit, submitTakeBack, useQueued } from '../offline/sync';
import { coarsePointer, passkeyOfferWanted } from '../identity/data';
import { useMe } from '../session';
import { cachedApi } from '../worker/cache-names';
import { onWorkerControl } from '../worker/register';
import {
  CHECKIN,
  checkInRequest,
  isCheckInEntry,
  isCheckInKind,
  isoWithOffset,
  localDate,
  mergeToday,
  placeItems,
  progress,
  sections,
  streakAfterCheckIn,
  streakText,
  undoRequest,
  withCheckIn,
  withoutCheckIn,
  type CheckInEntry,
  type CheckInMeta,
  type CheckInRecorded,
  type Placement,
  type Today,
  type TodayBehaviour,
  type TodayItem,
} from './data';
import { dayFrame, frameHolds, greetingKey, hourIn, longDate, type DayFrame } from './heading';

/** How long "Undo" stays after a tap. */
// Today's side cards: each shows only once its own data is in, so its code loads then too (lazyCard).
const ChallengeLine = lazyCard(() => import('../challenges/ChallengeLine').then((m) => m.ChallengeLine));
const TeamGoalCard = lazyCard(() => import('../goals/TeamGoalCard').then((m) => m.TeamGoalCard));
const ReminderOffer = lazyCard(() => import('../push/offer').then((m) => m.ReminderOffer));
const PasskeyOffer = lazyCard(() => import('../identity/PasskeyOffer').then((m) => m.PasskeyOffer));
const CrmSuggestions = lazyCard(() => import('../integrations/CrmSuggestions').then((m) => m.CrmSuggestions));
const YesterdayCard = lazyCard(() => import('./Yesterday').then((m) => m.YesterdayCard));
const ReflectionPrompt = lazyCard(() => import('../reflections/ReflectionPrompt').then((m) => m.ReflectionPrompt));
const EnergyPrompt = lazyCard(() => import('../energy/EnergyPrompt').then((m) => m.EnergyPrompt));
const TeamRoundCard = lazyCard(() => import('../thermostat/TeamRoundCard').then((m) => m.TeamRoundCard));
// Today of someone without behaviours (finance, support…) is the wins screen in small: it speaks the
// Dutch of the other screens (i18n/nl.screens.json), fetched beside its code.
const WinsToday = lazyCard(() =>
  Promise.all([import('../wins/WinsToday'), loadScreenMessages()]).then(([m]) => m.WinsToday),
);

const UNDO_MS = 5000;
const CELEBRATE_MS = 1400;

interface Recent {
  behaviourId: number;
  until: number;
}

export function TodayPage() {
  const i18n = useI18n();
  const { t, tn, locale } = i18n;
  usePageTitle('today.title');
  const me = useMe();
  const firstName = me.name.trim().split(/\s+/)[0] || me.name;
  const online = useOnline();
  const heading = useHeading(me.id, me.time_zone, locale);
  const { today, error, items, entries, refusals, keepCheckIn, checkIn, undo, dismissRefusal, reload } = useToday(me.id, me.time_zone, locale, heading.date);
  // The cards stay where this visit first showed them (see placeItems).
  const placed = useRef<Placement | null>(null);
  const placement = useMemo(() => {
    if (!today) return placed.current;
    placed.current = placeItems(today.date, items, placed.current);
    return placed.current;
  }, [today, items]);
  const [recent, setRecent] = useState<Recent | null>(null);
  const [celebrating, setCelebrating] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // A check-in tapped on this visit: the reminder offer follows the day's last one, never the load.
  const [tapped, setTapped] = useState(false);
  const [passkeyOffer] = useState(() => passkeyOfferWanted(me.id, coarsePointer()));

  // The undo offer fades after a few seconds.
  useEffect(() => {
    if (!recent) return;
    const timer = window.setTimeout(() => setRecent(null), Math.max(0, recent.until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [recent]);

  useEffect(() => {
    if (celebrating === null) return;
    const timer = window.setTimeout(() => setCelebrating(null), CELEBRATE_MS);
    return () => window.clearTimeout(timer);
  }, [celebrating]);

  async function tap(item: TodayItem, extras?: { note?: string; quality?: Record<string, boolean> }) {
    if (item.done_today) {
      // A second tap on a done item offers to take it back, it never checks in twice.
      setRecent({ behaviourId: item.id, until: Date.now() + UNDO_MS });
      setAnnouncement(`${t('today.already_done')} ${t('today.undo')}?`);
      return;
    }
    // The write goes into the queue in the tap's own task, so leaving the app right after the tap (a
    // link, another app, closing it) never loses it; what renders waits for the tapped card's frame.
    const kept = keepCheckIn(item, extras);
    await new Promise<void>((painted) => afterPaint(painted));
    const after = streakAfterCheckIn(item);
    const grows = after.current > item.streak.current;
    setRecent({ behaviourId: item.id, until: Date.now() + UNDO_MS });
    if (grows) setCelebrating(item.id);
    setAnnouncement(
      grows
        ? `${t('today.checked_in', { name: item.name })}. ${t('today.streak_grew', { streak: streakText(after, i18n) })}`
        : t('today.checked_in', { name: item.name }),
    );
    setTapped(true);
    await checkIn(kept);
  }

  async function takeBack(item: TodayItem) {
    setRecent(null);
    setCelebrating(null);
    setAnnouncement(t('today.undone', { name: item.name }));
    await undo(item);
  }

  // The cards are memoised (a tap re-renders the tapped card, not all of them: issue 20's tap on a phone
  // 4× slower), so they get callbacks that stay the same and call this render's tap and takeBack.
  const latest = useRef({ tap, takeBack });
  latest.current = { tap, takeBack };
  const onTap = useCallback((item: TodayItem, extras?: CheckInExtras) => void latest.current.tap(item, extras), []);
  const onUndo = useCallback((item: TodayItem) => void latest.current.takeBack(item), []);

  const { due, also } = sections(items, placement);
  const { due: dueCount, done: doneCount } = progress(items, placement);
  // Only check-ins and undos: a queued win is the Wins screen's to show.
  const waiting = entries.length;
  const names = new Map(items.map((item) => [item.id, item.name]));

  return (
    <>
      <div class="page-head">
        <p class="page-head__eyebrow">{heading.longDate}</p>
        <h1 class="page-head__title" tabIndex={-1}>
          {t(heading.greeting, { name: firstName })}
        </h1>
      </div>

      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      {refusals.map((refusal) => (
        <RefusedCheckIn key={refusal.client_id} refusal={refusal as Refusal<CheckInMeta>} names={names} onDismiss={() => dismissRefusal(refusal)} />
      ))}

      {!online && <Notice kind="info">{t('today.offline')}</Notice>}
      {online && waiting > 0 && today && <p class="today-waiting muted">{tn('today.waiting', waiting)}</p>}

      {!today && error !== null && <Notice kind="error">{errorMessage(error, i18n)}</Notice>}
      {!today && error === null && <TodaySkeleton />}

      {today && (
        <>
          {today.away ? (
            <section class="card away-today" aria-labelledby="away-today-title">
              <div class="away-today__icon" aria-hidden="true">
                🌿
              </div>
              <h2 class="away-today__title" id="away-today-title">
                {t('today.away_title')}
              </h2>
              <p class="muted">{t('today.away_body')}</p>
            </section>
          ) : (
            items.length > 0 && <ProgressCard done={doneCount} due={dueCount} />
          )}

          {/* Nothing to check in (staff, most admins): Today leads with sharing a win and the feed. */}
          {items.length === 0 && <WinsToday />}

          <ChallengeLine refreshKey={doneCount} />
          <TeamGoalCard refreshKey={doneCount} />
          <TeamRoundCard />
          <ReflectionPrompt />
          <EnergyPrompt />
          {items.length > 0 && !today.away && <CrmSuggestions today={today.date} onConfirmed={() => void reload()} />}

          {due.length > 0 && !today.away && (
            <section aria-labelledby="due-heading" class="today-section">
              <h2 class="section-title" id="due-heading">
                {t('today.due_heading')}
              </h2>
              <ul class="checkins">
                {due.map((item) => (
                  <CheckInCard
                    key={item.id}
                    item={item}
                    recent={recent?.behaviourId === item.id}
                    celebrating={celebrating === item.id}
                    onTap={onTap}
                    onUndo={onUndo}
                  />
                ))}
              </ul>
            </section>
          )}

          {(also.length > 0 || (today.away && due.length > 0)) && (
            <section aria-labelledby="also-heading" class="today-section today-section--quiet">
              <h2 class="section-title" id="also-heading">
                {t('today.also_heading')}
              </h2>
              <p class="section-hint">{t('today.also_hint')}</p>
              <ul class="checkins checkins--quiet">
                {(today.away ? items : also).map((item) => (
                  <CheckInCard
                    key={item.id}
                    item={item}
                    quiet
                    recent={recent?.behaviourId === item.id}
                    celebrating={celebrating === item.id}
                    onTap={onTap}
                    onUndo={onUndo}
                  />
                ))}
              </ul>
            </section>
          )}

          {/* The offers' code loads only when they may show: the reminder offer after a tap of this visit
              (push/data.offerWanted), the passkey offer right after a password sign-in (issue 20: the
              first load carries no code most visits never run). */}
          {!today.away && tapped && <ReminderOffer tapped={tapped} online={online} due={dueCount} done={doneCount} />}

          {passkeyOffer && <PasskeyOffer personId={me.id} />}

          {items.length > 0 && <YesterdayCard today={today.date} />}

          {items.length > 0 && (
            <a href="/rhythm" class="button button--secondary button--block">
              {t('today.rhythm_link')}
            </a>
          )}
        </>
      )}
    </>
  );
}

function ProgressCard({ done, due }: { done: number; due: number }) {
  const { t } = useI18n();
  const percent = due === 0 ? 100 : Math.round((done / due) * 100);
  const complete = due > 0 && done >= due;
  return (
    <section class={`card progress-card${complete ? ' progress-card--complete' : ''}`} aria-labelledby="progress-title">
      <div class="progress-card__top">
        <h2 class="progress-card__title" id="progress-title">
          {due === 0 ? t('today.nothing_due') : t('today.progress', { done, due })}
        </h2>
        {complete && (
          <span class="progress-card__cheer" aria-hidden="true">
            🎉
          </span>
        )}
      </div>
      {due > 0 && (
        <div
          class="progress-bar"
          role="progressbar"
          aria-label={t('today.progress_label')}
          aria-valuemin={0}
          aria-valuemax={due}
          aria-valuenow={done}
          aria-valuetext={t('today.progress', { done, due })}
        >
          <div class="progress-bar__fill" style={{ width: `${percent}%` }} />
        </div>
      )}
      {complete && <p class="progress-card__note">{t('today.all_done')}</p>}
    </section>
  );
}

interface CardProps {
  item: TodayItem;
  quiet?: boolean;
  recent: boolean;
  celebrating: boolean;
  onTap: (item: TodayItem, extras?: { note?: string; quality?: Record<string, boolean> }) => void;
  onUndo: (item: TodayItem) => void;
}

const CheckInCard = memo(function CheckInCard({ item, quiet, recent, celebrating, onTap, onUndo }: CardProps) {
  const i18n = useI18n();
  const online = useOnline();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  // Tapped here, not yet taken up by Today: the card shows itself checked in at once, in the frame of
  // the tap, and Today's own work (the queue write, the progress, the undo offer) follows after that
  // frame (issue 20: tap → pressed state ≤ 50 ms on a phone 4× slower). Until Today has it, a second
  // tap does nothing, so one tap is one check-in.
  const [pressing, setPressing] = useState(false);
  useEffect(() => {
    if (item.done_today) setPressing(false);
  }, [item.done_today]);
  const done = item.done_today || pressing;
  const panelId = useId();
  const nameId = useId();
  const classes = [
    'checkin',
    done && 'checkin--done',
    item.pending && 'checkin--pending',
    celebrating && 'checkin--celebrate',
    quiet && 'checkin--quiet',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li class={classes} data-behaviour-id={item.id}>
      <div class="checkin__row">
        <button
          type="button"
          class="checkin__tap"
          aria-pressed={done}
          aria-describedby={`${nameId}-meta`}
          onClick={() => {
            if (pressing) return;
            if (item.done_today) {
              onTap(item);
              return;
            }
            setPressing(true);
            onTap(item);
          }}
        >
          <span class="checkin__icon" aria-hidden="true">
            {item.icon || '•'}
          </span>
          <span class="checkin__text">
            <span class="checkin__name" id={nameId}>
              {item.name}
            </span>
            <span class="checkin__meta" id={`${nameId}-meta`}>
              <span class="checkin__streak" data-streak={item.streak.current}>
                {item.streak.current > 0 && <span aria-hidden="true">🔥 </span>}
                <span class="visually-hidden">{t('today.streak')}: </span>
                {streakText(item.streak, i18n)}
              </span>
              <span aria-hidden="true"> · </span>
              <span class="checkin__consistency">{t('today.consistency', { value: item.consistency })}</span>
              {item.week_target > 0 && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>{t('today.week_progress', { done: Math.min(item.week_done, item.week_target), target: item.week_target })}</span>
                </>
              )}
              {item.checkin?.source === 'crm' && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span class="checkin__source">{t('integrations.from_crm')}</span>
                </>
              )}
              {item.pending && (
                <span class={`pending-badge${online ? '' : ' pending-badge--now'}`}>
                  <span aria-hidden="true">⏳ </span>
                  {t('today.pending')}
                </span>
              )}
            </span>
          </span>
          <span class="checkin__check" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round">
              <path d="M5 12.5l4.5 4.5L19 7.5" />
            </svg>
          </span>
          <span class="visually-hidden">{done ? t('today.done') : t('today.not_done')}</span>
          {celebrating && (
            <span class="checkin__burst" aria-hidden="true">
              <i />
              <i />
              <i />
              <i />
              <i />
              <i />
            </span>
          )}
        </button>
        <button
          type="button"
          class="checkin__more"
          aria-expanded={open}
          aria-controls={panelId}
          aria-label={t('today.details', { name: item.name })}
          title={t('today.details', { name: item.name })}
          onClick={() => setOpen(!open)}
        >
          <ChevronIcon size={22} class={open ? 'icon--flipped' : undefined} />
        </button>
      </div>

      {recent && item.done_today && (
        <div class="checkin__undo">
          <span>{t('today.checked_in_short')}</span>
          <button type="button" class="button button--small button--ghost-dark" onClick={() => onUndo(item)}>
            {t('today.undo')}
          </button>
        </div>
      )}

      <div id={panelId} class="checkin__panel" hidden={!open}>
        {open && <CheckInDetails item={item} onCheckIn={(extras) => onTap(item, extras)} />}
      </div>
    </li>
  );
});

function CheckInDetails({ item, onCheckIn }: { item: TodayItem; onCheckIn: (extras: { note?: string; quality?: Record<string, boolean> }) => void }) {
  const { t } = useI18n();
  const noteId = useId();
  const [note, setNote] = useState('');
  const [quality, setQuality] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(item.checklist.map((c) => [c.key, false])),
  );
  const noteRef = useRef<HTMLTextAreaElement>(null);

  if (item.done_today) {
    const saved = item.checkin;
    return (
      <div class="checkin__details">
        {item.description && <p class="muted">{item.description}</p>}
        {saved?.note && (
          <p>
            <strong>{t('today.your_note')}:</strong> {saved.note}
          </p>
        )}
        {saved?.quality && item.checklist.length > 0 && (
          <ul class="quality-list">
            {item.checklist.map((c) => (
              <li key={c.key}>
                <span aria-hidden="true">{saved.quality?.[c.key] ? '✓' : '–'}</span> {c.label}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }

  return (
    <form
      class="checkin__details form"
      onSubmit={(event) => {
        event.preventDefault();
        onCheckIn({ note, quality: item.checklist.length > 0 ? quality : undefined });
      }}
    >
      {item.description && <p class="muted">{item.description}</p>}
      <div class="field">
        <label class="field__label" for={noteId}>
          {t('today.note')}
        </label>
        <textarea
          ref={noteRef}
          id={noteId}
          class="field__input field__textarea"
          rows={3}
          maxLength={500}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
          aria-describedby={`${noteId}-hint`}
        />
        <p class="field__hint" id={`${noteId}-hint`}>
          {t('today.note_hint')}
        </p>
      </div>
      {item.checklist.length > 0 && (
        <fieldset class="checkbox-group">
          <legend class="field__label">{t('today.checklist')}</legend>
          <p class="field__hint">{t('today.checklist_hint')}</p>
          {item.checklist.map((c) => (
            <label key={c.key} class="checkbox">
              <input
                type="checkbox"
                name={c.key}
                checked={quality[c.key]}
                onChange={(event) => setQuality({ ...quality, [c.key]: event.currentTarget.checked })}
              />
              <span>{c.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" class="button button--primary">
        {t('today.check_in')}
      </button>
    </form>
  );
}

/** A check-in or undo the server refused: which behaviour, which day, and the server's reason. */
function RefusedCheckIn({ refusal, names, onDismiss }: { refusal: Refusal<CheckInMeta>; names: Map<number, string>; onDismiss: () => void }) {
  const { t, locale } = useI18n();
  const { behaviour_id, behaviour_name, occurred_on } = refusal.meta;
  const label = names.get(behaviour_id) ?? behaviour_name ?? t('today.unknown_behaviour');
  const day = dateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${occurred_on}T00:00:00Z`),
  );
  return (
    <RefusedNotice
      refusal={refusal}
      title={refusal.kind === CHECKIN ? t('today.refused', { name: label }) : t('today.refused_undo', { name: label })}
      detail={t('today.refused_date', { date: day })}
      onDismiss={onDismiss}
    />
  );
}

function TodaySkeleton() {
  const { t } = useI18n();
  return (
    <div class="skeleton" aria-busy="true">
      <p class="visually-hidden" role="status">
        {t('common.loading')}
      </p>
      <div class="skeleton__block skeleton__block--short" />
      <div class="skeleton__block" />
      <div class="skeleton__block" />
      <div class="skeleton__block" />
    </div>
  );
}

// ---------- Today's data ----------
// The server's answer (or the worker's cached copy when offline) merged with the offline queue,
// and the two writes of the screen — check in and undo — both through the queue.

export interface CheckInExtras {
  note?: string;
  quality?: Record<string, boolean>;
}

/** A tap's check-in, already on its way into the queue (`stored`), not yet shown or sent. */
interface KeptCheckIn {
  request: QueueRequest<CheckInMeta>;
  stored: Promise<QueueEntry<CheckInMeta>>;
  queuedAt: string;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** Today's heading and the user's day: as the last open kept them while they hold, else from Intl. */
function useHeading(owner: number, timeZone: string, locale: string): Pick<DayFrame, 'date' | 'greeting' | 'longDate'> {
  const [kept] = useState(() => keptFromLastOpen<DayFrame>('today-heading', owner));
  const now = new Date();
  // Keep this visit's for the next open, once the phone is idle (it builds the Intl formats then).
  useEffect(() => {
    const keep = () => keepForNextOpen('today-heading', owner, dayFrame(timeZone, locale, new Date()));
    if (typeof requestIdleCallback === 'undefined') {
      const timer = window.setTimeout(keep, 500);
      return () => window.clearTimeout(timer);
    }
    const idle = requestIdleCallback(keep, { timeout: 3000 });
    return () => cancelIdleCallback(idle);
  }, [owner, timeZone, locale]);
  if (frameHolds(kept, timeZone, locale, now)) return kept;
  return { date: localDate(now, timeZone), greeting: greetingKey(hourIn(timeZone, now)), longDate: longDate(locale, timeZone, now) };
}

export function useToday(owner: number, timeZone: string, locale: string, day: string) {
  // This person's Today as the app last showed it (api/kept.ts), if it is still their day and the
  // queue to lay over it is known: the first render shows the check-ins, the server's answer follows.
  const [today, setToday] = useState<Today | null>(() => {
    const kept = keptFromLastOpen<Today>('/today', owner);
    if (!kept || kept.date !== day) return null;
    return queueMayHoldWrites() && !primedQueue() ? null : kept;
  });
  const shownAtOnce = useRef(today !== null);
  // What the server last said (an answer, or a check-in it recorded) is what the next open shows first.
  useEffect(() => {
    if (today) keepForNextOpen('/today', owner, today);
  }, [today, owner]);
  const [error, setError] = useState<unknown>(null);
  const queued = useQueued(isCheckInKind);
  // Writes tapped but not yet in IndexedDB: shown at once, so the tap answers within a frame.
  const [optimistic, setOptimistic] = useState<CheckInEntry[]>([]);
  const refetchTimer = useRef<number | undefined>(undefined);
  const { reload: loadEntries } = queued;

  const load = useCallback(async () => {
    try {
      const fresh = await api.get<Today>('/today');
      // Read the queue after the answer, so a write sent meanwhile is in one or the other.
      await loadEntries();
      setToday(fresh);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [loadEntries]);

  const scheduleRefetch = useCallback(() => {
    window.clearTimeout(refetchTimer.current);
    refetchTimer.current = window.setTimeout(() => void load(), 400);
  }, [load]);

  useEffect(() => {
    void load();
    // Opened before, but nothing kept (storage blocked): the worker's last Today of this same day at
    // once, until the server's answer comes.
    if (!shownAtOnce.current)
      void cachedApi<Today>('/today').then(async (cached) => {
        if (!cached || cached.date !== localDate(new Date(), timeZone)) return;
        await loadEntries();
        setToday((current) => current ?? cached);
      });
    // The server's answer to a check-in carries the new streak: show it without waiting.
    // An undo the server has done shows as undone at once too, or the card would flicker back to
    // done (the screen's copy of the server's answer) until the next read of Today.
    const stopSent = onSent((entry, result) => {
      if (!isCheckInEntry(entry)) return;
      const recorded = result.body as CheckInRecorded | null;
      if (entry.kind === CHECKIN && !recorded?.streak) return;
      const apply = (b: TodayBehaviour) => (entry.kind === CHECKIN && recorded ? withCheckIn(b, recorded) : withoutCheckIn(b));
      setToday((current) =>
        current && current.date === entry.meta.occurred_on
          ? { ...current, behaviours: current.behaviours.map((b) => (b.id === entry.meta.behaviour_id ? apply(b) : b)) }
          : current,
      );
    });
    const stopReplayed = onReplayed((report) => {
      if (report.sent > 0) scheduleRefetch();
    });
    // Back online, or back to the app: the day may have moved on.
    const refresh = () => {
      if (document.visibilityState === 'visible') void load();
    };
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', refresh);
    // The first visit's Today went past the worker: read it again so the app opens offline.
    const stopControl = onWorkerControl(() => void load());
    return () => {
      stopSent();
      stopReplayed();
      stopControl();
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', refresh);
      window.clearTimeout(refetchTimer.current);
    };
  }, [load, scheduleRefetch, loadEntries, timeZone]);

  const entries = useMemo(() => {
    const stored = queued.entries.filter(isCheckInEntry);
    const ids = new Set(stored.map((e) => e.client_id));
    return [...stored, ...optimistic.filter((e) => !ids.has(e.client_id))];
  }, [queued.entries, optimistic]);

  // A card whose behaviour did not change keeps its object, so its memoised card skips the render.
  const previousItems = useRef<TodayItem[]>([]);
  const items: TodayItem[] = useMemo(() => {
    previousItems.current = keepUnchanged(previousItems.current, today ? mergeToday(today, entries) : []);
    return previousItems.current;
  }, [today, entries]);

  // A tap's write, built and put in the queue at once, touching no state (see TodayPage's tap).
  const keepCheckIn = useCallback(
    (item: TodayItem, extras: CheckInExtras = {}): KeptCheckIn => {
      const now = new Date();
      const request = checkInRequest(
        {
          behaviour_id: item.id,
          client_id: newClientId(),
          // The day is the user's day, where they live; the instant is the device's tap.
          occurred_on: today?.date ?? localDate(now, timeZone),
          recorded_at: isoWithOffset(now),
          ...(extras.note?.trim() ? { note: extras.note.trim() } : {}),
          ...(extras.quality ? { quality: extras.quality } : {}),
        },
        { name: item.name, locale },
      );
      return { request, stored: keep(request), queuedAt: now.toISOString() };
    },
    [today, timeZone, locale],
  );

  // The rest of a check-in, once the tapped card is painted: shown as waiting, then sent.
  const checkIn = useCallback(
    async ({ request, stored, queuedAt }: KeptCheckIn) => {
      const preview: CheckInEntry = { ...request, attempts: 0, failures: 0, retry_at: null, queued_at: queuedAt };
      setOptimistic((current) => [...current, preview]);
      const forget = () => setOptimistic((current) => current.filter((e) => e.client_id !== request.client_id));
      try {
        await submit(request, {
          kept: stored,
          onStored: () => {
            void loadEntries().then(forget);
          },
        });
      } finally {
        forget();
      }
      return request.client_id;
    },
    [loadEntries],
  );

  const undo = useCallback(
    async (item: TodayItem) => {
      if (!item.checkin_client_id) return;
      await submitTakeBack(
        item.checkin_client_id,
        undoRequest(
          {
            behaviour_id: item.id,
            occurred_on: today?.date ?? localDate(new Date(), timeZone),
            server_id: item.checkin?.client_id === item.checkin_client_id ? item.checkin.id : null,
            behaviour_name: item.name,
          },
          { locale },
        ),
      );
      await loadEntries();
    },
    [today, timeZone, locale, loadEntries],
  );

  return { today, error, items, entries, refusals: queued.refusals, keepCheckIn, checkIn, undo, dismissRefusal: queued.dismissRefusal, reload: load };
}
