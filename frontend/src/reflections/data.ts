// Reflections: the weekly question, the answer and the manager's replies (/reflections…). The
// answer is a write of the offline queue, idempotent by its client_id.
import { newClientId, type QueueRequest } from '../offline/queue';
import { answerOf, submit } from '../offline/sync';

export interface Reply {
  id: number;
  author: { id: number; name: string } | null;
  text: string;
  created_at: string;
}

export interface Reflection {
  id: number;
  person: { id: number; name: string };
  week: string;
  week_start: string;
  answered: boolean;
  /** null for an admin who is not the person's manager, and after retention */
  answer: string | null;
  text_removed: boolean;
  replies: Reply[];
  can_reply: boolean;
  created_at: string;
}

export interface Current {
  open: boolean;
  asked: boolean;
  week: string;
  week_start: string;
  opens_at: string;
  closes_at: string;
  question: string;
  reflection: Reflection | null;
}

export const ANSWER_MAX = 2000;

export const REFLECTION_ANSWER = 'reflection.answer';

export function isReflectionKind(kind: string): boolean {
  return kind === REFLECTION_ANSWER;
}

export function answerRequest(answer: string, locale?: string): QueueRequest<{ week: 'current' }> {
  return {
    kind: REFLECTION_ANSWER,
    client_id: newClientId(),
    method: 'PUT',
    path: '/reflections/current',
    body: { answer },
    // A newer answer never overtakes an older one still waiting.
    key: REFLECTION_ANSWER,
    meta: { week: 'current' },
    locale,
  };
}

/**
 * Answer this week's question through the offline queue: the stored reflection, or null when it
 * was kept on the device to be sent later. A refusal throws like a direct request, for the card to show.
 */
export async function saveAnswer(answer: string, locale: string): Promise<Reflection | null> {
  return answerOf<Reflection>(await submit(answerRequest(answer, locale)));
}
