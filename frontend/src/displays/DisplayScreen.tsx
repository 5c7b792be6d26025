// The office screen (/display): pairs by code (RFC 8628's device flow) and then shows its slides, with
// celebrations full-screen as they happen. No session: the screen holds only its display credential.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { WinsIcon } from '../components/icons';
import { useI18n } from '../i18n/context';
import {
  clockTime,
  fetchSlides,
  newCelebrations,
  pollToken,
  slideList,
  startPairing,
  storedToken,
  storeToken,
  type CelebrationItem,
  type Pairing,
  type Slides,
  type SlideKind,
  type TeamSlide,
  type VoiceItem,
} from './data';

const REFRESH_MS = 10_000; // new data within ~25 s: this poll plus the server's 15 s cache
const CELEBRATION_MS = 8_000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function DisplayScreen() {
  const [token, setToken] = useState<string | null>(() => storedToken());
  useEffect(() => {
    document.documentElement.classList.add('is-display');
    return () => document.documentElement.classList.remove('is-display');
  }, []);
  const paired = useCallback((next: string) => {
    storeToken(next);
    setToken(next);
  }, []);
  const revoked = useCallback(() => {
    storeToken(null);
    setToken(null);
  }, []);
  return token ? <Running token={token} onRevoked={revoked} /> : <PairingScreen onPaired={paired} />;
}

// --- pairing ----------------------------------------------------------------------------------------

function PairingScreen({ onPaired }: { onPaired: (token: string) => void }) {
  const { t, locale } = useI18n();
  const [pairing, setPairing] = useState<Pairing | null>(null);
  const [denied, setDenied] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const begin = async () => {
      let current: Pairing;
      try {
        current = await startPairing();
      } catch {
        if (!stopped) timer = window.setTimeout(() => void begin(), 15_000); // offline or rate-limited: later
        return;
      }
      if (stopped) return;
      setPairing(current);
      let interval = current.interval;
      const poll = async () => {
        const answer = await pollToken(current.device_code);
        if (stopped) return;
        if (answer.kind === 'granted') return onPaired(answer.token);
        if (answer.kind === 'expired') return setRound((n) => n + 1);
        if (answer.kind === 'denied') {
          setDenied(true);
          return setRound((n) => n + 1);
        }
        if (answer.kind === 'slow_down') interval = answer.interval;
        timer = window.setTimeout(() => void poll(), interval * 1000);
      };
      timer = window.setTimeout(() => void poll(), interval * 1000);
    };
    void begin();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [round, onPaired]);

  const expires = pairing ? new Date(Date.now() + pairing.expires_in * 1000).toISOString() : null;
  return (
    <main class="display display--pairing" data-state="pairing">
      <div class="display-pair">
        <div class="display-pair__text">
          <p class="display-eyebrow">Ritme · {t('display.title')}</p>
          <h1 class="display-pair__heading">{t('display.pair.heading')}</h1>
          {denied && <p class="display-pair__denied">{t('display.pair.denied')}</p>}
          <p class="display-pair__steps">{t('display.pair.steps')}</p>
          {pairing ? (
            <>
              <p class="display-pair__code" aria-label={t('display.pair.code_label')} data-testid="pairing-code">
                {pairing.user_code}
              </p>
              <p class="display-pair__uri">{pairing.verification_uri}</p>
              {expires && (
                <p class="display-pair__expires">
                  {t('display.pair.expires', { time: clockTime(expires, Intl.DateTimeFormat().resolvedOptions().timeZone, locale) })}
                </p>
              )}
            </>
          ) : (
            <p class="display-pair__steps" role="status">
              {t('display.pair.starting')}
            </p>
          )}
        </div>
        {pairing && (
          <div
            class="display-pair__qr"
            role="img"
            aria-label={t('display.pair.qr_label')}
            // The server's own SVG (qrcode's path image), made from the screen's own pairing address.
            dangerouslySetInnerHTML={{ __html: pairing.qr_svg }}
          />
        )}
      </div>
    </main>
  );
}

// --- the slides ------------------------------------------------------------------------------------

function Running({ token, onRevoked }: { token: string; onRevoked: () => void }) {
  const i18n = useI18n();
  const { t, locale, setLocale } = i18n;
  const [slides, setSlides] = useState<Slides | null>(null);
  const [offline, setOffline] = useState(false);
  const [index, setIndex] = useState(0);
  const [queue, setQueue] = useState<CelebrationItem[]>([]);
  const [sound, setSound] = useState<AudioContext | null>(null);
  const seen = useRef(new Set<string>());
  const first = useRef(true);
  const release = useRef<string | null>(null);
  const started = useRef(Date.now());

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const refresh = async () => {
      const answer = await fetchSlides(token);
      if (stopped) return;
      if (answer === 'revoked') return onRevoked();
      if (answer === 'offline') setOffline(true);
      else {
        setOffline(false);
        if (release.current && release.current !== answer.release) return window.location.reload();
        release.current = answer.release;
        const fresh = newCelebrations(answer.celebrations, seen.current, first.current);
        first.current = false;
        if (fresh.length) setQueue((waiting) => [...waiting, ...fresh]);
        setSlides(answer);
        // Once a day a fresh start (memory of a long-running TV browser, a new shell), only while online.
        if (Date.now() - started.current > DAY_MS) return window.location.reload();
      }
      timer = window.setTimeout(() => void refresh(), REFRESH_MS);
    };
    void refresh();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [token, onRevoked]);

  useEffect(() => {
    if (slides && slides.organisation.locale !== locale) setLocale(slides.organisation.locale);
  }, [slides, locale, setLocale]);

  const list = slides ? slideList(slides) : [];
  const seconds = slides?.display.slide_seconds ?? 12;
  const celebrating = queue[0] ?? null;
  useEffect(() => {
    if (celebrating || list.length < 2) return;
    const timer = window.setTimeout(() => setIndex((n) => (n + 1) % list.length), seconds * 1000);
    return () => window.clearTimeout(timer);
  }, [index, list.length, seconds, celebrating]);

  useEffect(() => {
    if (!celebrating) return;
    if (sound) chime(sound);
    const timer = window.setTimeout(() => setQueue((waiting) => waiting.slice(1)), CELEBRATION_MS);
    return () => window.clearTimeout(timer);
  }, [celebrating, sound]);

  if (!slides) {
    return (
      <main class="display" data-state="loading" aria-busy="true">
        <p class="display-eyebrow">{t(offline ? 'display.offline' : 'common.loading', { time: '–' })}</p>
      </main>
    );
  }
  const current = list[index % Math.max(list.length, 1)];
  const updated = clockTime(slides.updated_at, slides.organisation.time_zone, locale);
  const enableSound = () => {
    if (!sound) setSound(new AudioContext());
  };
  return (
    // A tap anywhere turns the celebration sound on (browsers allow sound only after a gesture).
    <main class="display" data-state="running" data-mode={slides.display.mode} onClick={enableSound}>
      <header class="display-head">
        <div>
          <p class="display-eyebrow">{slides.organisation.name}</p>
          <p class="display-head__name">{slides.display.name}</p>
        </div>
        <div class="display-head__status">
          {slides.display.mode === 'public' && <span class="display-pill">{t('display.public')}</span>}
          {offline ? (
            <span class="display-pill display-pill--offline" role="status" data-testid="display-offline">
              {t('display.offline', { time: updated })}
            </span>
          ) : (
            <span class="display-updated" data-testid="display-updated">
              {t('display.updated', { time: updated })}
            </span>
          )}
        </div>
      </header>
      <section class="display-body" aria-live="off">
        {current ? <Slide kind={current.kind} teamId={current.teamId} slides={slides} /> : <p class="display-empty">{t('display.empty')}</p>}
      </section>
      <footer class="display-foot">
        <ol class="display-dots" aria-hidden="true">
          {list.map((slide, n) => (
            <li key={`${slide.kind}-${slide.teamId ?? ''}`} class={n === index % list.length ? 'is-current' : ''} />
          ))}
        </ol>
        {!sound && <p class="display-foot__hint">{t('display.sound_hint')}</p>}
      </footer>
      {celebrating && <Celebration item={celebrating} public={slides.display.mode === 'public'} />}
    </main>
  );
}

function chime(context: AudioContext) {
  const now = context.currentTime;
  [523.25, 659.25, 783.99].forEach((frequency, n) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + n * 0.15);
    gain.gain.exponentialRampToValueAtTime(0.2, now + n * 0.15 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + n * 0.15 + 0.6);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now + n * 0.15);
    oscillator.stop(now + n * 0.15 + 0.7);
  });
}

function Slide({ kind, teamId, slides }: { kind: SlideKind; teamId?: number; slides: Slides }) {
  const { t } = useI18n();
  const titles: Record<SlideKind, Parameters<typeof t>[0]> = {
    goal: 'display.slide.goal',
    rhythm: 'display.slide.rhythm',
    share: 'display.slide.share',
    feed: 'display.slide.feed',
    voices: 'display.slide.voices',
    board: 'display.slide.board',
  };
  const team = slides.teams.find((candidate) => candidate.id === teamId);
  return (
    <article class={`display-slide display-slide--${kind}`} data-slide={kind}>
      <h1 class="display-slide__title">
        {t(titles[kind])}
        {team ? ` · ${team.name}` : ''}
      </h1>
      {kind === 'goal' && team && <GoalSlide team={team} />}
      {kind === 'rhythm' && <RhythmSlide teams={slides.teams} />}
      {kind === 'share' && <ShareSlide teams={slides.teams} />}
      {kind === 'feed' && <FeedSlide items={slides.celebrations} />}
      {kind === 'voices' && slides.voices && <VoicesSlide items={slides.voices} />}
      {kind === 'board' && slides.board && <BoardSlide rows={slides.board} />}
    </article>
  );
}

function Meter({ percent, label }: { percent: number; label: string }) {
  return (
    <div class="display-meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={label}>
      <div class="display-meter__fill" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />
    </div>
  );
}

function GoalSlide({ team }: { team: TeamSlide }) {
  const { t, n, locale } = useI18n();
  const goal = team.goal!;
  const until = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long' }).format(
    new Date(`${goal.ends_on}T12:00:00`),
  );
  return (
    <div class="display-goal">
      <p class="display-big">{n(goal.percent)}%</p>
      <Meter percent={goal.percent} label={t('display.slide.goal')} />
      <p class="display-line">{t(`display.goal.${goal.kind}`, { value: n(goal.value), target: n(goal.target) })}</p>
      <p class="display-sub">{goal.reached ? t('display.goal.reached') : t('display.goal.until', { date: until })}</p>
    </div>
  );
}

function RhythmSlide({ teams }: { teams: TeamSlide[] }) {
  const { t, n } = useI18n();
  return (
    <ul class="display-rows">
      {teams.map((team) => (
        <li key={team.id} class="display-row">
          <span class="display-row__name">{team.name}</span>
          <Meter percent={team.rhythm.percent ?? 0} label={team.name} />
          <span class="display-row__value">{team.rhythm.percent === null ? '–' : `${n(team.rhythm.percent)}%`}</span>
          <span class="display-row__note">
            {team.rhythm.due ? t('display.rhythm.share', { done: n(team.rhythm.done), due: n(team.rhythm.due) }) : t('display.rhythm.none')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function ShareSlide({ teams }: { teams: TeamSlide[] }) {
  const { t, n } = useI18n();
  return (
    <ul class="display-rows">
      {teams.map((team) => {
        const week = team.customer_facing[team.customer_facing.length - 1];
        return (
          <li key={team.id} class="display-row display-row--share">
            <span class="display-row__name">{team.name}</span>
            <span class="display-row__value">{week?.share == null ? '–' : `${n(week.share)}%`}</span>
            <span class="display-row__note">{week?.share == null ? t('display.share.none') : t('display.share.this_week')}</span>
            <ol class="display-spark" aria-label={t('display.share.trend')}>
              {team.customer_facing.map((w) => (
                <li key={w.week} title={`${w.week}: ${w.share ?? '–'}%`}>
                  <span style={{ height: `${w.share ?? 0}%` }} />
                </li>
              ))}
            </ol>
          </li>
        );
      })}
    </ul>
  );
}

export function celebrationLine(item: CelebrationItem, t: ReturnType<typeof useI18n>['t'], locale: 'nl' | 'en'): string {
  const badge = item.badge ? item.badge[locale] || item.badge.nl : '';
  const team = item.team ?? '';
  if (item.kind === 'team_goal') return t('display.feed.team_goal', { team });
  const named = item.person !== undefined;
  const person = item.person ?? t('display.feed.someone');
  if (item.kind === 'award') return named ? t('display.feed.award', { person, badge }) : t('display.feed.award_public', { team, badge });
  return named ? t('display.feed.win', { person }) : t('display.feed.win_public', { team });
}

function FeedSlide({ items }: { items: CelebrationItem[] }) {
  const { t, locale } = useI18n();
  return (
    <ul class="display-feed">
      {items.slice(0, 3).map((item) => (
        <li key={item.key} class="display-feed__item">
          <span class="display-feed__emoji" aria-hidden="true">
            {item.kind === 'award' ? item.emoji ?? '🏅' : <WinsIcon />}
          </span>
          <div>
            <p class="display-feed__line">{celebrationLine(item, t, locale)}</p>
            <p class="display-feed__detail">
              {item.reason ?? item.text ?? ''}
              {item.credited && item.credited.length > 0 ? ` · ${t('display.feed.credited', { names: item.credited.join(', ') })}` : ''}
              {item.confirmed ? ` · ${t('display.feed.confirmed')}` : ''}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

function VoicesSlide({ items }: { items: VoiceItem[] }) {
  const { t, n } = useI18n();
  return (
    <ul class="display-feed">
      {items.slice(0, 3).map((item) => {
        const score = item.score === null ? null : t('display.voice.score', { score: n(item.score) });
        const detail = [item.customer, item.team, score].filter(Boolean).join(' · ');
        return (
          <li key={item.id} class="display-feed__item" data-pinned={item.pinned}>
            <span class="display-feed__emoji" aria-hidden="true">
              {item.pinned ? '📌' : '💬'}
            </span>
            <div>
              <p class="display-feed__line">
                {item.quote ? `“${item.quote}”` : t('display.voice.public', { team: item.team ?? '' })}
              </p>
              <p class="display-feed__detail">
                {item.pinned ? `${t('display.voice.pinned')} · ` : ''}
                {detail}
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function BoardSlide({ rows }: { rows: { rank: number; name: string; value: number }[] }) {
  const { t, n } = useI18n();
  return (
    <>
      <ol class="display-board">
        {rows.map((row) => (
          <li key={`${row.rank}-${row.name}`} class="display-board__row">
            <span class="display-board__rank">{row.rank}</span>
            <span class="display-board__name">{row.name}</span>
            <span class="display-board__value">{n(row.value)}%</span>
          </li>
        ))}
      </ol>
      <p class="display-sub">{t('display.board.note')}</p>
    </>
  );
}

function Celebration({ item, public: isPublic }: { item: CelebrationItem; public: boolean }) {
  const { t, locale } = useI18n();
  return (
    <div class="display-celebration" role="alert" data-testid="celebration" data-key={item.key}>
      <div class="display-celebration__card">
        <p class="display-celebration__emoji" aria-hidden="true">
          {item.kind === 'award' ? item.emoji ?? '🏅' : <WinsIcon />}
        </p>
        <p class="display-eyebrow">{t('display.celebrate.label')}</p>
        <p class="display-celebration__line">{celebrationLine(item, t, locale)}</p>
        {!isPublic && (item.reason || item.text) && <p class="display-celebration__detail">{item.reason ?? item.text}</p>}
        {item.confirmed && <p class="display-celebration__detail">{t('display.feed.confirmed')}</p>}
      </div>
    </div>
  );
}
