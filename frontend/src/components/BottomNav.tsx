import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { badgeText, refreshUnread, useUnread } from '../feed/unread';
import { useI18n } from '../i18n/context';
import type { MessageKey } from '../i18n/messages';
import { LeaderboardIcon, MeIcon, TodayIcon, WinsIcon } from './icons';

const TABS: { href: string; label: MessageKey; Icon: ComponentType<{ size?: number }> }[] = [
  { href: '/', label: 'nav.today', Icon: TodayIcon },
  { href: '/leaderboard', label: 'nav.leaderboard', Icon: LeaderboardIcon },
  { href: '/wins', label: 'nav.wins', Icon: WinsIcon },
  { href: '/me', label: 'nav.me', Icon: MeIcon },
];

/** The tab that leads to the notifications (at the top of Wins) carries their unread count. */
const NEWS_TAB = '/wins';

/** The four tabs, within thumb reach at the bottom of the screen. */
export function BottomNav() {
  const { t, tn } = useI18n();
  const { path } = useLocation();
  const unread = useUnread();
  // Every tab change asks again (a small GET): news shows where the thumb goes next.
  useEffect(() => void refreshUnread(), [path]);
  return (
    <nav class="bottom-nav" aria-label={t('nav.label')}>
      <ul class="bottom-nav__list">
        {TABS.map(({ href, label, Icon }) => {
          // Mijn ritme belongs to Today, Beheer (reached from Me) to Me.
          const news = href === NEWS_TAB && unread > 0;
          const current = path === href || (href === '/' && path === '/rhythm') || (href === '/wins' && (path === '/voice' || path === '/what-works')) || (href === '/me' && path.startsWith('/admin'));
          return (
            <li key={href}>
              <a href={href} class="bottom-nav__tab" aria-current={current ? 'page' : undefined}>
                <Icon size={24} />
                <span class="bottom-nav__label">
                  {t(label)}
                  {news && <span class="visually-hidden">, {tn('nav.unread', unread)}</span>}
                </span>
                {news && (
                  <span class="bottom-nav__badge" aria-hidden="true">
                    {badgeText(unread)}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
