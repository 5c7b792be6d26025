// Office screens: the API shapes, the screen's own calls (no session: a bearer credential) and the rules of
// its rotation and celebrations, kept pure so they are tested without a browser.
import { api } from '../api/client';

export type DisplayMode = 'normal' | 'public';

export interface Pairing {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
  qr_svg: string;
}

export interface DisplayConfig {
  id: number;
  name: string;
  mode: DisplayMode;
  team_ids: number[];
  slide_seconds: number;
  created_at: string;
  last_seen_at: string | null;
}

export interface TeamSlide {
  id: number;
  name: string;
  rhythm: { done: number; due: number; percent: number | null };
  goal: {
    period: string;
    kind: 'rhythm_share' | 'customer_facing_checkins';
    target: number;
    value: number;
    percent: number;
    reached: boolean;
    ends_on: string;
  } | null;
  customer_facing: { week: string; share: number | null; checkins: number; customer_facing: number }[];
}

export interface CelebrationItem {
  key: string;
  kind: 'award' | 'win' | 'team_goal';
  at: string;
  confirmed: boolean;
  team: string | null;
  badge: { nl: string; en: string } | null;
  emoji: string | null;
  // Absent in public mode: no names and no free text anyone wrote.
  person?: string | null;
  reason?: string | null;
  text?: string | null;
  customer?: string | null;
  credited?: string[];
}

export interface VoiceItem {
  id: number;
  said_on: string;
  score: number | null;
  channel: string;
  team: string | null;
  pinned: boolean;
  // Absent in public mode: no customer's words or name on a screen visitors see.
  quote?: string | null;
  customer?: string | null;
}

export interface Slides {
  display: { id: number; name: string; mode: DisplayMode; slide_seconds: number };
  organisation: { name: string; locale: 'nl' | 'en'; time_zone: string };
  updated_at: string;
  today: string;
  release: string;
  teams: TeamSlide[];
  celebrations: CelebrationItem[];
  board: { rank: number; name: string; value: number }[] | null;
  voices?: VoiceItem[];
}

const TOKEN_KEY = 'ritme.display.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // private mode on some TV browsers: the screen pairs again after a restart
  }
}

/** What a poll for the credential answered (RFC 8628 §3.5). */
export type PollAnswer =
  | { kind: 'granted'; token: string }
  | { kind: 'pending' }
  | { kind: 'slow_down'; interval: number }
  | { kind: 'expired' }
  | { kind: 'denied' }
  | { kind: 'offline' };

async function screenFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`/api/v1${path}`, { ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
}

export async function startPairing(): Promise<Pairing> {
  const response = await screenFetch('/display/pairing', { method: 'POST' });
  if (!response.ok) throw new Error(`pairing ${response.status}`);
  return (await response.json()) as Pairing;
}

export async function pollToken(deviceCode: string): Promise<PollAnswer> {
  let response: Response;
  try {
    response = await screenFetch('/display/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ device_code: deviceCode }),
    });
  } catch {
    return { kind: 'offline' };
  }
  const body = (await response.json().catch(() => null)) as
    | { access_token?: string; error?: { code: string; interval?: number } }
    | null;
  if (response.ok && body?.access_token) return { kind: 'granted', token: body.access_token };
  return pollAnswer(response.status, body?.error?.code, body?.error?.interval);
}

export function pollAnswer(status: number, code: string | undefined, interval?: number): PollAnswer {
  if (status >= 500 || status === 0) return { kind: 'offline' };
  switch (code) {
    case 'authorization_pending':
      return { kind: 'pending' };
    case 'slow_down':
      return { kind: 'slow_down', interval: interval ?? 10 };
    case 'access_denied':
      return { kind: 'denied' };
    default:
      return { kind: 'expired' }; // expired_token, invalid_grant: start again with a new code
  }
}

/** The slides: 'revoked' sends the screen back to pairing; 'offline' keeps what it shows and says so. */
export async function fetchSlides(token: string): Promise<Slides | 'revoked' | 'offline'> {
  try {
    const response = await screenFetch('/display/feed', { headers: { Authorization: `Bearer ${token}` } });
    if (response.status === 401) return 'revoked';
    if (!response.ok) return 'offline';
    return (await response.json()) as Slides;
  } catch {
    return 'offline';
  }
}

// --- the rotation ---------------------------------------------------------------------------------

export type SlideKind = 'goal' | 'rhythm' | 'share' | 'feed' | 'voices' | 'board';

/** The slides this data has something for, in their order; a team goal slide per team with a goal. */
export function slideList(slides: Slides): { kind: SlideKind; teamId?: number }[] {
  const list: { kind: SlideKind; teamId?: number }[] = [];
  for (const team of slides.teams) if (team.goal) list.push({ kind: 'goal', teamId: team.id });
  if (slides.teams.length) list.push({ kind: 'rhythm' }, { kind: 'share' });
  if (slides.celebrations.length) list.push({ kind: 'feed' });
  if (slides.voices?.length) list.push({ kind: 'voices' });
  if (slides.board && slides.board.length && slides.display.mode === 'normal') list.push({ kind: 'board' });
  return list;
}

/** Celebrations that interrupt the rotation: badges, confirmed wins and reached team goals. */
export function interrupts(item: CelebrationItem): boolean {
  return item.kind === 'award' || item.kind === 'team_goal' || (item.kind === 'win' && item.confirmed);
}

/**
 * New celebrations to queue, oldest first: those not seen before. On the first load everything present
 * counts as seen (a screen switched on in the morning does not replay yesterday).
 */
export function newCelebrations(items: CelebrationItem[], seen: Set<string>, first: boolean): CelebrationItem[] {
  const fresh = items.filter((item) => interrupts(item) && !seen.has(item.key));
  for (const item of items) seen.add(item.key);
  if (first) return [];
  return fresh.sort((a, b) => a.at.localeCompare(b.at));
}

/** "10:42" in the organisation's zone. */
export function clockTime(iso: string, timeZone: string, locale: 'nl' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

// --- Beheer → Schermen -------------------------------------------------------------------------------

export function listDisplays(): Promise<DisplayConfig[]> {
  return api.get<DisplayConfig[]>('/displays');
}

export function approveDisplay(body: {
  user_code: string;
  name: string;
  team_ids: number[];
  mode: DisplayMode;
  slide_seconds: number;
}): Promise<DisplayConfig> {
  return api.post<DisplayConfig>('/displays', body);
}

export function denyDisplay(userCode: string): Promise<void> {
  return api.post('/displays/deny', { user_code: userCode });
}

export function revokeDisplay(id: number): Promise<void> {
  return api.delete(`/displays/${id}`);
}
