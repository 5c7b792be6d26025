// Customer voice: what customers said, for every department (/voices, /voices/customers,
// /voices/{id}/pin, /imports/nps). Sharing a voice is a write of the offline queue, idempotent by
// its client_id: offline it waits on the device and goes out once, like a win.
import type { PersonRef } from '../accounts/data';
import { api } from '../api/client';
import { newClientId, type QueueEntry, type QueueRequest, type Refusal } from '../offline/queue';
import { answerOf, submit } from '../offline/sync';

export const CHANNELS = ['call', 'visit', 'email', 'survey', 'chat', 'review', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const SCORE_FILTERS = ['promoter', 'passive', 'detractor', 'none'] as const;
export type ScoreFilter = (typeof SCORE_FILTERS)[number];

export interface Voice {
  id: number;
  client_id: string;
  source: 'shared' | 'import';
  quote: string;
  customer: string | null;
  channel: Channel;
  team: { id: number; name: string } | null;
  score: number | null;
  behaviour_id: number | null;
  behaviour_name: string | null;
  win_id: number | null;
  said_on: string;
  created_at: string;
  author: PersonRef | null;
  pinned: boolean;
  pinned_by: PersonRef | null;
  can_pin: boolean;
  can_delete: boolean;
}

/** A customer win a voice may be linked to (GET /voices/wins). */
export interface WinOption {
  id: number;
  text: string;
  customer: string | null;
  created_at: string;
  confirmed: boolean;
  author: PersonRef | null;
}

export function searchWins(text: string): Promise<WinOption[]> {
  const query = text.trim() ? `?q=${encodeURIComponent(text.trim())}` : '';
  return api.get<WinOption[]>(`/voices/wins${query}`);
}

export interface VoicePage {
  items: Voice[];
  next_offset: number | null;
}

export interface VoiceBody {
  client_id: string;
  quote: string;
  channel: Channel;
  customer?: string;
  team_id?: number | null;
  score?: number | null;
  behaviour_id?: number | null;
  win_id?: number | null;
}

export interface VoiceFilters {
  teamId: number | null;
  customer: string;
  score: ScoreFilter | null;
}

export const VOICE = 'voice';

export interface VoiceMeta {
  /** The start of the quote, to name it while it waits or when it is refused. */
  quote: string;
}

export function isVoiceKind(kind: string): boolean {
  return kind === VOICE;
}

export function isQueuedVoice(entry: QueueEntry | Refusal): entry is QueueEntry<VoiceMeta> | Refusal<VoiceMeta> {
  return entry.kind === VOICE;
}

export function voiceRequest(body: VoiceBody, locale?: string): QueueRequest<VoiceMeta> {
  return { kind: VOICE, client_id: body.client_id, method: 'POST', path: '/voices', body, meta: { quote: body.quote.slice(0, 60) }, locale };
}

/** Share a voice through the offline queue: the stored voice, or null when it was kept for later. */
export async function shareVoice(body: Omit<VoiceBody, 'client_id'>, options: { locale: string }): Promise<Voice | null> {
  return answerOf<Voice>(await submit(voiceRequest({ client_id: newClientId(), ...body }, options.locale)));
}

/** The feed's address for a set of filters and a page. */
export function voicesPath(filters: VoiceFilters, offset = 0): string {
  const query = new URLSearchParams();
  if (filters.teamId !== null) query.set('team_id', String(filters.teamId));
  if (filters.customer.trim()) query.set('customer', filters.customer.trim());
  if (filters.score !== null) query.set('score', filters.score);
  if (offset > 0) query.set('offset', String(offset));
  const text = query.toString();
  return text ? `/voices?${text}` : '/voices';
}

/** NPS's bands: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function scoreBand(score: number | null): ScoreFilter {
  if (score === null) return 'none';
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export function loadVoices(filters: VoiceFilters, offset = 0): Promise<VoicePage> {
  return api.get<VoicePage>(voicesPath(filters, offset));
}

export async function loadCustomers(): Promise<string[]> {
  return (await api.get<{ customers: string[] }>('/voices/customers')).customers;
}

export function setPinned(voice: Voice, pinned: boolean): Promise<Voice> {
  return pinned ? api.post<Voice>(`/voices/${voice.id}/pin`) : api.delete<Voice>(`/voices/${voice.id}/pin`);
}

export function deleteVoice(voice: Voice): Promise<unknown> {
  return api.delete(`/voices/${voice.id}`);
}

export function mayImport(role: string): boolean {
  return role === 'manager' || role === 'admin';
}
