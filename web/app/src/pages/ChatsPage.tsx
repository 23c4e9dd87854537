import { Link } from 'react-router-dom';
import type { Follow, Message } from '../api.ts';
import { previewOf } from '../components/messages.tsx';
import { Avatar, Badge, formatTime, NavBar, TabBar } from '../components/ui.tsx';
import { useT } from '../i18n.ts';
import { NOTIFICATIONS_KEY, useStore } from '../store.tsx';
import { Icon, type IconName } from '../components/icons.tsx';

interface Row {
  key: string;
  to: string;
  name: string;
  avatar?: string;
  last?: Message;
  preview: string;
  unread: number;
  /** Folded rows show a dot, not a count, as WeChat does for 订阅号消息. */
  dot?: boolean;
  icon?: IconName;
}

/**
 * WeChat's chat list: each followed service account's conversation, every
 * subscription account folded into one "订阅号消息" row, and the service
 * notifications feed as its own row; newest first.
 */
export function ChatsPage() {
  const t = useT();
  const { follows, conversations, notifications, unreadCount, live } = useStore();
  const following = follows.filter((f) => f.subscribed);
  const lastOf = (f: Follow) => conversations[f.appid]?.at(-1);
  const rows: Row[] = following
    .filter((f) => f.account_type === 'service')
    .map((f) => {
      const last = lastOf(f);
      return {
        key: f.appid,
        to: `/chat/${f.appid}`,
        name: f.account_name,
        last,
        preview: last ? previewOf(last, t) : '',
        unread: unreadCount(f.appid),
      };
    });
  const subs = following.filter((f) => f.account_type === 'subscription');
  if (subs.length > 0) {
    const newest = subs
      .map((f) => ({ f, last: lastOf(f) }))
      .sort((a, b) => (b.last?.created_at ?? 0) - (a.last?.created_at ?? 0))[0];
    rows.push({
      key: 'subscriptions',
      to: '/subscriptions',
      name: t.subscriptionFolder,
      icon: 'news',
      last: newest?.last,
      preview: newest?.last ? `${newest.f.account_name}: ${previewOf(newest.last, t)}` : '',
      unread: subs.reduce((n, f) => n + unreadCount(f.appid), 0),
      dot: true,
    });
  }
  if (notifications.length > 0) {
    const last = notifications.at(-1);
    rows.push({
      key: NOTIFICATIONS_KEY,
      to: '/notifications',
      name: t.serviceNotifications,
      icon: 'bell',
      last,
      preview: last ? `${last.account_name ?? ''} ${previewOf(last, t)}`.trim() : '',
      unread: unreadCount(NOTIFICATIONS_KEY),
    });
  }
  rows.sort((a, b) => (b.last?.created_at ?? 0) - (a.last?.created_at ?? 0));
  return (
    <div className="gz-page gz-with-tabbar">
      <NavBar
        title={
          <span>
            {t.chats}
            {live ? '' : ' …'}
          </span>
        }
      />
      <main className="gz-scroll">
        {rows.length === 0 && <p className="gz-empty">{t.noChats}</p>}
        <ul className="gz-list" data-testid="chat-list">
          {rows.map((row) => (
            <li key={row.key}>
              <Link className="gz-chat-row" to={row.to} data-testid={`chat-${row.key}`}>
                <span className="gz-chat-avatar">
                  {row.icon ? (
                    <span className={`gz-avatar gz-avatar-icon gz-icon-${row.icon}`}>
                      <Icon name={row.icon} size={28} />
                    </span>
                  ) : (
                    <Avatar name={row.name} size={48} />
                  )}
                  {row.dot ? (
                    row.unread > 0 && <span className="weui-badge weui-badge_dot gz-dot" />
                  ) : (
                    <Badge count={row.unread} />
                  )}
                </span>
                <span className="gz-chat-main">
                  <span className="gz-chat-top">
                    <span className="gz-chat-name">{row.name}</span>
                    <span className="gz-chat-time">{row.last ? formatTime(row.last.created_at) : ''}</span>
                  </span>
                  <span className="gz-chat-preview">{row.preview}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </main>
      <TabBar />
    </div>
  );
}

/** The "订阅号消息" folder: every subscription account followed, newest message first. */
export function SubscriptionsPage() {
  const t = useT();
  const { follows, conversations, unreadCount } = useStore();
  const subs = follows
    .filter((f) => f.subscribed && f.account_type === 'subscription')
    .map((f) => ({ f, last: conversations[f.appid]?.at(-1) }))
    .sort((a, b) => (b.last?.created_at ?? 0) - (a.last?.created_at ?? 0));
  return (
    <div className="gz-page">
      <NavBar title={t.subscriptionFolder} back />
      <main className="gz-scroll">
        <ul className="gz-list">
          {subs.map(({ f, last }) => (
            <li key={f.appid}>
              <Link className="gz-chat-row" to={`/chat/${f.appid}`} data-testid={`chat-${f.appid}`}>
                <span className="gz-chat-avatar">
                  <Avatar name={f.account_name} size={48} />
                  <Badge count={unreadCount(f.appid)} />
                </span>
                <span className="gz-chat-main">
                  <span className="gz-chat-top">
                    <span className="gz-chat-name">{f.account_name}</span>
                    <span className="gz-chat-time">{last ? formatTime(last.created_at) : ''}</span>
                  </span>
                  <span className="gz-chat-preview">{last ? previewOf(last, t) : ''}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
