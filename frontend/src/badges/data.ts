// Badges: the catalogue (manual and automatic), awards with their reason, and nominations
// (/badges, /awards, /nominations).
import type { PersonRef } from '../accounts/data';

export interface BadgeRef {
  id: number;
  name: string;
  description: string;
  emoji: string;
  kind: 'manual' | 'automatic';
}

export interface Badge extends BadgeRef {
  criterion: string | null;
  criterion_text: string | null;
  archived: boolean;
}

export interface Award {
  id: number;
  badge: BadgeRef;
  user: PersonRef;
  awarded_by: PersonRef | null;
  automatic: boolean;
  reason: string;
  checkin_id: number | null;
  win_id: number | null;
  created_at: string;
  applause_count: number;
  applauded_by_me: boolean;
  applauded_by: PersonRef[];
  /** The colleague whose nomination a manager approved into this award: credited on the card. */
  nominated_by: PersonRef | null;
}

export interface Nomination {
  id: number;
  badge: BadgeRef;
  nominee: PersonRef;
  nominated_by: PersonRef | null;
  reason: string;
  status: 'pending' | 'approved' | 'declined';
  created_at: string;
  can_decide: boolean;
}
