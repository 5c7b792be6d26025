// Admin: types of the administration API and the one helper that downloads an export with progress.
import { ApiError } from '../api/client';
import { errorMessage } from '../api/errors';
import type { I18n } from '../i18n/context';
import { catalogues, type MessageKey } from '../i18n/messages';
import type { Visibility } from '../leaderboards/data';
import type { Role } from '../accounts/data';

export interface PersonTeam {
  id: number;
  name: string;
  manages: boolean;
  archived: boolean;
}

export interface Person {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  created_at: string;
  teams: PersonTeam[];
}

export interface AdminTeam {
  id: number;
  name: string;
  kind: string;
  member_count: number;
  archived: boolean;
  managers: { id: number; name: string }[];
}

export interface AdminInvite {
  id: number;
  email: string;
  team_id: number;
  team_name: string;
  role: Role;
  created_at: string;
  expires_at: string;
  status: 'open' | 'accepted' | 'revoked' | 'expired';
}

export interface InviteProblem {
  line: number;
  value: string;
  code: string;
  message: string;
}

export interface BulkInviteResult {
  invited: { id: number; email: string }[];
  problems: InviteProblem[];
}

export interface OrganisationSettings {
  id: number;
  name: string;
  time_zone: string;
  locale: 'nl' | 'en';
  visibility: Visibility;
  boards_top_only: boolean;
  leaders_shown: boolean;
  retention_days: number;
  win_points: number;
  confirmed_win_bonus: number;
}

export interface Holiday {
  id: number;
  day: string;
  name: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: number; name: string } | null;
  action: string;
  target_type: string | null;
  target_id: number | null;
  target_name: string | null;
  details: Record<string, unknown>;
}

export const ROLES: Role[] = ['rep', 'staff', 'manager', 'admin'];

function known(key: string): key is MessageKey {
  return key in catalogues.nl;
}

/** How a stored value of a detail is worded: the words the settings screens use, never the code. */
const VALUE_KEYS: Record<string, (value: string) => string> = {
  visibility: (value) => `admin.visibility.${value}`,
  kind: (value) => `admin.kind_${value}`,
  locale: (value) => `lang.${value}`,
  role: (value) => `role.${value}`,
};

function auditValue(value: unknown, key: string, i18n: Pick<I18n, 't' | 'n'>): string {
  if (Array.isArray(value)) return value.map((item) => auditValue(item, key, i18n)).join(', ') || '—';
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return i18n.t(value ? 'admin.audit.yes' : 'admin.audit.no');
  if (typeof value === 'number') return i18n.n(value);
  if (typeof value === 'string') {
    const worded = VALUE_KEYS[key]?.(value);
    if (worded && known(worded)) return i18n.t(worded);
    return known(`role.${value}`) ? i18n.t(`role.${value}` as MessageKey) : value;
  }
  return JSON.stringify(value);
}

/**
 * An audit entry's details in the reader's language: "zichtbaarheid: Open → Teams eerst · soort:
 * Operations". Internal ids (`…_id`) say nothing to a reader and are left out.
 */
export function auditDetailsText(details: Record<string, unknown>, i18n: Pick<I18n, 't' | 'n'>): string {
  if ('from' in details && 'to' in details) {
    return `${auditValue(details.from, 'role', i18n)} → ${auditValue(details.to, 'role', i18n)}`;
  }
  return Object.entries(details)
    .filter(([key]) => !key.endsWith('_id'))
    .map(([key, value]) => {
      const labelKey = `admin.audit.key.${key}`;
      const label = known(labelKey) ? i18n.t(labelKey) : key.replace(/_/g, ' ');
      if (Array.isArray(value) && value.length === 2) return `${label}: ${auditValue(value[0], key, i18n)} → ${auditValue(value[1], key, i18n)}`;
      return `${label}: ${auditValue(value, key, i18n)}`;
    })
    .join(' · ');
}

/** The action of an audit entry in words ("heeft een team aangemaakt:"). */
export function auditActionText(action: string, i18n: Pick<I18n, 't'>): string {
  const key = `admin.audit.action.${action}`;
  return known(key) ? i18n.t(key) : action.replace(/_/g, ' ');
}
export const TEAM_KINDS = ['sales', 'finance', 'product', 'customer_service', 'operations', 'hr', 'other'] as const;

/**
 * Download an export: POST (the service worker caches API GETs; an export must not sit in a
 * cache), read the body as it streams in and report the bytes received, then hand the file to
 * the browser. The server sends no length for a streamed zip, so progress is bytes, not percent.
 */
export async function downloadExport(path: string, onProgress: (bytes: number) => void): Promise<void> {
  const csrf = (await fetch('/api/v1/auth/csrf', { credentials: 'same-origin' }).then((r) => r.json())) as {
    csrf_token: string;
  };
  const response = await fetchFile(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRFToken': csrf.csrf_token, Accept: 'application/zip, application/json' },
  });
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress(received);
    }
  } else {
    const buffer = new Uint8Array(await response.arrayBuffer());
    chunks.push(buffer);
    onProgress(buffer.length);
  }
  saveAs(new Blob(chunks as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }), response, 'ritme-export');
}

/** A small file from the API (a template), handed to the browser as a download under the server's name. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await fetchFile(path, { credentials: 'same-origin' });
  saveAs(await response.blob(), response, fallbackName);
}

/** A file's response from the API; a failure becomes the ApiError every screen knows how to word. */
async function fetchFile(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, init);
  } catch (error) {
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(response.status, body?.error?.code ?? `http_${response.status}`, body?.error?.message ?? '');
  }
  return response;
}

/** Save a file through a temporary link: a page cannot otherwise name what it downloads. */
function saveAs(blob: Blob, response: Response, fallbackName: string): void {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type FirstRunStep = 'team' | 'behaviours' | 'invite';

export interface FirstRunState {
  teams: number; // teams not archived
  behaviours: number; // behaviours not archived
  people: number; // people in the organisation, the admin included
  invites: number; // invites ever sent
}

/**
 * The first-run checklist of a new organisation, in the order the work goes: a team first (invites
 * and behaviours belong to teams), then its behaviours, then the people. Null once all are done.
 */
export function firstRunSteps(state: FirstRunState): { step: FirstRunStep; done: boolean; href: string }[] | null {
  const steps = [
    { step: 'team' as const, done: state.teams > 0, href: '/admin/teams' },
    { step: 'behaviours' as const, done: state.behaviours > 0, href: '/admin/behaviours' },
    { step: 'invite' as const, done: state.invites > 0 || state.people > 1, href: '/admin/people?invite=1' },
  ];
  return steps.every((s) => s.done) ? null : steps;
}

/** "1,2 MB" / "340 kB" in the reader's language. */
export function formatBytes(bytes: number, locale: string): string {
  const format = (value: number, unit: string) =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (bytes >= 1024 * 1024) return format(bytes / (1024 * 1024), 'MB');
  return format(Math.max(bytes, 1) / 1024, 'kB');
}

// Codes only administration meets; the server words them in the reader's language already.
const SERVER_WORDED = new Set(['last_admin', 'not_yourself', 'setup_done', 'invite_closed', 'team_archived']);

export function adminErrorMessage(error: unknown, i18n: Pick<I18n, 't' | 'tn'>): string {
  if (error instanceof ApiError && SERVER_WORDED.has(error.code) && error.message) return error.message;
  if (error instanceof ApiError && error.fields.team_id?.length) return error.fields.team_id[0];
  return errorMessage(error, i18n);
}
