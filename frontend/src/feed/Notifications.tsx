// In-app news at the top of the Wins tab: applause, credits, confirmations, badges, nominations, replies.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { relativeTime } from '../components/format';
import { setUnread } from './unread';

interface Notification {
  id: number;
  kind: string;
  actor: { id: number; name: string } | null;
  win_id: number | null;
  award_id: number | null;
  nomination_id: number | null;
  reflection_id: number | null;
  created_at: string;
  read: boolean;
}

const KINDS = ['applause', 'credited', 'confirmed', 'badge', 'nomination', 'nomination_decided', 'reflection_reply'];

export function NotificationsCard() {
  const { t, tn, locale } = useI18n();
  const [items, setItems] = useState<Notification[]>([]);

  useEffect(() => {
    api.get<{ unread: number; items: Notification[] }>('/notifications').then(
      (body) => {
        setItems(body.items.filter((n) => !n.read && KINDS.includes(n.kind)).slice(0, 5));
        setUnread(body.unread);
      },
      () => setItems([]),
    );
  }, []);

  if (items.length === 0) return null;
  async function markRead() {
    const answer = await api.post<{ unread: number }>('/notifications/read').catch(() => null);
    setItems([]);
    // The tab's count and the app icon's badge go with them (once the server has them read).
    if (answer) setUnread(answer.unread);
  }
  return (
    <section class="card rc-news" aria-labelledby="news-heading">
      <h2 class="card__title" id="news-heading">
        {tn('recognition.news', items.length)}
      </h2>
      <ul class="rc-news__list">
        {items.map((n) => (
          <li key={n.id}>
            <a href={n.kind === 'reflection_reply' ? '/reflections' : n.kind.startsWith('nomination') ? '/wins' : '/me'}>
              {n.kind === 'badge' && !n.actor ? t('recognition.news.badge_auto') : t(`recognition.news.${n.kind}` as MessageKey, { name: n.actor?.name ?? '' })}
            </a>{' '}
            <span class="muted">{relativeTime(n.created_at, locale)}</span>
          </li>
        ))}
      </ul>
      <button type="button" class="link-button" onClick={markRead}>
        {t('recognition.news_read')}
      </button>
    </section>
  );
}
