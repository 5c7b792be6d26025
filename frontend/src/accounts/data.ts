// Accounts: the signed-in person and their teams (GET /me), invites, and how a person is named
// elsewhere in the API (PersonRef). The session (../session.tsx) holds the current Me.
import { ApiError } from '../api/client';
import type { Locale } from '../i18n/messages';

export type Role = 'rep' | 'staff' | 'manager' | 'admin';

export interface Team {
  id: number;
  name: string;
  kind: string;
  manages: boolean;
}

export interface Me {
  id: number;
  email: string;
  name: string;
  role: Role;
  time_zone: string;
  locale: Locale;
  organisation: { id: number; name: string };
  teams: Team[];
}

export interface InviteInfo {
  email: string;
  organisation_name: string;
  team_name: string | null;
}

/** A person as other domains' answers name them (a win's author, a badge's receiver…). */
export interface PersonRef {
  id: number;
  name: string;
}

/** A used or expired link: the server says token_invalid (410) or not_found (404). */
export function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'token_invalid' || error.status === 404 || error.status === 410);
}
