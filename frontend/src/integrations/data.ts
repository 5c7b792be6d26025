// Koppelingen: the API shapes of webhook endpoints, their delivery log and inbound CRM sources, and the
// small rules the screens share (the owner list as typed, what a delivery's state reads as).
import { api } from '../api/client';
import type { MessageKey } from '../i18n/messages';

export const EVENT_TYPES = ['badge.awarded', 'win.logged', 'win.confirmed', 'goal.reached', 'streak.milestone', 'challenge.result', 'team.summary'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const PRESETS = ['teams', 'slack', 'generic'] as const;
export type Preset = (typeof PRESETS)[number];
export const SOURCE_PRESETS = ['hubspot', 'pipedrive', 'generic'] as const;
export type SourcePreset = (typeof SOURCE_PRESETS)[number];

export interface Endpoint {
  id: number;
  name: string;
  url: string;
  preset: Preset;
  events: EventType[];
  enabled: boolean;
  disabled_reason: 'gone' | 'admin' | null;
  secret: string;
  previous_secret_until: string | null;
  created_at: string;
}

export interface Delivery {
  id: number;
  message_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

export interface Rule {
  event: string;
  /** behaviour (the default): checks a behaviour in; outcome: adds to the person's weekly figure of a measure. */
  kind?: RuleKind;
  behaviour_id?: number;
  measure_id?: number;
  /** outcome rules: count (the default) adds 1 per event; value adds the number at value_path. */
  amount?: 'count' | 'value';
  value_path?: string;
  when?: Record<string, string>;
  quality?: Record<string, string>;
  /** checkin (the default): counts at once; suggest: the rep confirms it on Today. */
  mode?: RuleMode;
}

export const RULE_KINDS = ['behaviour', 'outcome'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** A won deal in each vendor's documented payload, as the presets read it: the event, the condition, the value. */
export const WON_DEAL: Record<SourcePreset, { event: string; when: [string, string] | null; value_path: string }> = {
  // Pipedrive webhooks v2: change.deal with data.status "won"; the deal's value at data.value.
  pipedrive: { event: 'change.deal', when: ['data.status', 'won'], value_path: 'data.value' },
  // HubSpot workflow webhook (the preset reads dealstage as the event): the stage closedwon; amount.
  hubspot: { event: 'closedwon', when: null, value_path: 'amount' },
  generic: { event: 'deal.won', when: null, value_path: 'value' },
};

export const RULE_MODES = ['checkin', 'suggest'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export interface Source {
  id: number;
  name: string;
  preset: SourcePreset;
  auth_mode: 'token' | 'basic' | 'standard' | 'hubspot';
  secret: string | null;
  basic_username: string | null;
  event_path: string;
  id_path: string;
  owner_path: string;
  owner_map: Record<string, string>;
  rules: Rule[];
  enabled: boolean;
  url: string;
  created_at: string;
}

export interface InboundEvent {
  id: number;
  external_id: string;
  event: string | null;
  outcome: 'checked_in' | 'suggested' | 'duplicate' | 'unmapped' | 'unknown_person' | 'refused' | 'malformed';
  reason: string | null;
  received_at: string;
}

export const integrations = {
  endpoints: () => api.get<Endpoint[]>('/integrations/endpoints'),
  createEndpoint: (body: { name: string; url: string; preset: Preset; events: EventType[] }) =>
    api.post<Endpoint>('/integrations/endpoints', body),
  updateEndpoint: (id: number, body: Partial<Pick<Endpoint, 'name' | 'url' | 'preset' | 'events' | 'enabled'>>) =>
    api.patch<Endpoint>(`/integrations/endpoints/${id}`, body),
  deleteEndpoint: (id: number) => api.delete(`/integrations/endpoints/${id}`),
  rotateSecret: (id: number) => api.post<Endpoint>(`/integrations/endpoints/${id}/rotate-secret`),
  deliveries: (id: number) => api.get<Delivery[]>(`/integrations/endpoints/${id}/deliveries`),
  sendTest: (id: number) => api.post<Delivery>(`/integrations/endpoints/${id}/test`),
  resend: (deliveryId: number) => api.post<Delivery>(`/integrations/deliveries/${deliveryId}/resend`),
  sources: () => api.get<Source[]>('/integrations/sources'),
  createSource: (body: { name: string; preset: SourcePreset; rules: Rule[]; owner_map: Record<string, string>; secret?: string }) =>
    api.post<Source>('/integrations/sources', body),
  updateSource: (id: number, body: Partial<Pick<Source, 'enabled' | 'rules' | 'owner_map' | 'name'>>) =>
    api.patch<Source>(`/integrations/sources/${id}`, body),
  deleteSource: (id: number) => api.delete(`/integrations/sources/${id}`),
  sourceLog: (id: number) => api.get<InboundEvent[]>(`/integrations/sources/${id}/events`),
};

/**
 * The owner list as an admin types it, one "CRM user id = e-mail address" a line (blank lines and
 * lines without "=" are skipped); the server checks the addresses.
 */
export function parseOwnerMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const id = line.slice(0, at).trim();
    const email = line.slice(at + 1).trim();
    if (id && email) map[id] = email;
  }
  return map;
}

export function formatOwnerMap(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([id, email]) => `${id} = ${email}`)
    .join('\n');
}

/** How a delivery reads in the log: delivered, waiting for a retry, or given up. */
export function deliveryState(delivery: Delivery): MessageKey {
  if (delivery.status === 'delivered') return 'integrations.delivery.delivered';
  if (delivery.status === 'failed') return 'integrations.delivery.failed';
  return delivery.attempts > 0 ? 'integrations.delivery.retrying' : 'integrations.delivery.queued';
}

/** The event a source's preset usually sends for a meeting, as a starting point for the first rule. */
export const EXAMPLE_EVENT: Record<SourcePreset, string> = {
  hubspot: 'qualifiedtobuy',
  pipedrive: 'create.activity',
  generic: 'meeting.logged',
};
