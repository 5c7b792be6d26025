// Reminder settings as the API has them (GET/PUT /api/v1/push/settings).
import { api } from '../api';

export const EVENT_KINDS = ['badge', 'applause', 'win_credited', 'team_goal', 'reflection_reply'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface ReminderSettings {
  enabled: boolean;
  reminder_time: string;
  days: number[];
  quiet_start: string | null;
  quiet_end: string | null;
  streak_at_risk: boolean;
  streak_time: string;
  reflection_prompt: boolean;
  manager_summary: boolean;
  events: Record<EventKind, boolean>;
}

export function loadSettings(): Promise<ReminderSettings> {
  return api.get<ReminderSettings>('/push/settings');
}

export function saveSettings(settings: Partial<ReminderSettings>): Promise<ReminderSettings> {
  return api.put<ReminderSettings>('/push/settings', settings);
}
