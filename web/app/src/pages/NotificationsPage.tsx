import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { NotificationCardView } from '../components/messages.tsx';
import { formatTime, NavBar } from '../components/ui.tsx';
import { useT } from '../i18n.ts';
import { NOTIFICATIONS_KEY, useStore } from '../store.tsx';

/** 服务通知: template messages and subscribe notifications from every account, as cards. */
export function NotificationsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { notifications, markRead } = useStore();
  useEffect(() => markRead(NOTIFICATIONS_KEY), [notifications, markRead]);
  return (
    <div className="gz-page">
      <NavBar title={t.serviceNotifications} back />
      <main className="gz-scroll gz-feed" data-testid="notifications">
        {notifications.map((m) => {
          const card = m.template ?? m.subscribe_notification;
          if (!card) return null;
          const open = () => {
            if (card.miniprogram)
              navigate(
                `/miniprogram?appid=${encodeURIComponent(card.miniprogram.appid)}&path=${encodeURIComponent(card.miniprogram.pagepath)}`,
              );
            else if (card.url)
              navigate(`/web?url=${encodeURIComponent(card.url)}&appid=${encodeURIComponent(m.appid)}`);
          };
          return (
            <div key={m.id} className="gz-feed-item" data-testid="notification">
              <div className="gz-feed-time">{formatTime(m.created_at)}</div>
              <button className="gz-feed-card" onClick={open}>
                <NotificationCardView card={card} accountName={m.account_name} />
                {(card.url || card.miniprogram) && <div className="gz-feed-more">{t.viewDetails} ›</div>}
              </button>
            </div>
          );
        })}
      </main>
    </div>
  );
}
