// The team thermostat (backend/thermostat): a round of three questions, a drafted standard, confirmations.
import type { GoalKind } from '../goals/data';

export type RoundPeriod = 'month' | 'quarter';
export type Stage = 'answering' | 'confirming' | 'agreed' | 'closed';
export type Outcome = 'met' | 'missed' | 'running' | 'unknown';

export const TEXT_MAX = 1000;
export const STATEMENT_MAX = 300;
export const REASON_MAX = 500;

export interface Standard {
  behaviour_id: number | null;
  behaviour_name: string | null;
  statement: string | null;
  kind: GoalKind | null;
  target: number | null;
}

export interface Answers {
  now: string;
  ahead: string;
  holding: string;
}

export interface SeenAnswer extends Standard, Answers {
  /** null in an anonymous round: the server never sends who wrote it. */
  name: string | null;
}

export interface SeenConfirmation {
  name: string | null;
  agrees: boolean;
  reason: string;
}

export interface Round {
  id: number;
  team_id: number;
  team_name: string;
  period: RoundPeriod;
  anonymous: boolean;
  stage: Stage;
  opened_at: string;
  answers_due: string;
  answers_open: boolean;
  members: number;
  answered: number;
  agreed: number;
  disagreed: number;
  draft: Standard | null;
  starts_on: string | null;
  can_manage: boolean;
  is_member: boolean;
  my_answer: (Standard & Answers) | null;
  my_confirmation: { agrees: boolean; reason: string } | null;
  answers: SeenAnswer[] | null;
  confirmations: SeenConfirmation[] | null;
}

export interface HistoryEntry {
  round_id: number;
  period: RoundPeriod;
  starts_on: string;
  ends_on: string;
  statement: string | null;
  behaviour_name: string | null;
  kind: GoalKind;
  target: number;
  anonymous: boolean;
  outcome: Outcome;
  value: number | null;
  agreed_by: string[] | null;
  agreed_count: number;
}

export interface TeamThermostat {
  team_id: number;
  team_name: string;
  can_manage: boolean;
  is_member: boolean;
  current: Round | null;
  behaviours: { id: number; name: string }[];
  history: HistoryEntry[];
  suggestion: 'raise_bar' | 'talk' | null;
  talk_round_id: number | null;
}

export interface TeamEntry {
  team_id: number;
  team_name: string;
  can_manage: boolean;
  is_member: boolean;
  round_id: number | null;
  stage: Stage | null;
  needs_me: boolean;
}

export interface Turn {
  round_id: number;
  team_id: number;
  team_name: string;
  stage: 'answering' | 'confirming';
}

/** The page for a team (and a past round's answers to talk about). */
export function thermostatHref(teamId: number, roundId?: number): string {
  return `/thermostat?team=${teamId}${roundId ? `&round=${roundId}` : ''}`;
}
