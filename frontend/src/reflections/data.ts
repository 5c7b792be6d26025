// Types of the weekly reflection API.
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
