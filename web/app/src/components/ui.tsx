import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { useT } from '../i18n.ts';
import { useStore } from '../store.tsx';
import { Icon } from './icons.tsx';

const COLORS = ['#07c160', '#10aeff', '#fa9d3b', '#576b95', '#fa5151', '#6467f0'];

/** A picture, or a coloured square with the first character when there is none. */
export function Avatar({ src, name, size = 40 }: { src?: string; name: string; size?: number }) {
  const style = { width: size, height: size, borderRadius: size / 8 };
  if (src) return <img className="gz-avatar" src={src} alt="" style={style} />;
  const color = COLORS[[...name].reduce((n, c) => n + c.charCodeAt(0), 0) % COLORS.length];
  return (
    <span
      className="gz-avatar gz-avatar-letter"
      style={{ ...style, background: color, fontSize: size * 0.45 }}
    >
      {[...name][0] ?? '?'}
    </span>
  );
}

/** WeChat's grey title bar: back arrow, centred title, an optional action on the right. */
export function NavBar({ title, back, right }: { title: ReactNode; back?: boolean; right?: ReactNode }) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <header className="gz-navbar">
      <div className="gz-navbar-side">
        {back && (
          <button className="gz-icon-button" aria-label={t.back} onClick={() => navigate(-1)}>
            ‹
          </button>
        )}
      </div>
      <h1 className="gz-navbar-title">{title}</h1>
      <div className="gz-navbar-side gz-navbar-right">{right}</div>
    </header>
  );
}

export function Badge({ count }: { count: number }) {
  if (count <= 0) return null;
  return <span className="weui-badge gz-badge">{count > 99 ? '99+' : count}</span>;
}

/** The four tabs at the bottom, with the unread total on 微信. */
export function TabBar() {
  const t = useT();
  const { follows, unreadCount } = useStore();
  const unread =
    follows
      .filter((f) => f.subscribed && f.account_type === 'service')
      .reduce((n, f) => n + unreadCount(f.appid), 0) + unreadCount('__notifications');
  const tabs = [
    { to: '/', label: t.chats, icon: 'chat' as const, badge: unread },
    { to: '/contacts', label: t.contacts, icon: 'contacts' as const, badge: 0 },
    { to: '/discover', label: t.discover, icon: 'discover' as const, badge: 0 },
    { to: '/me', label: t.me, icon: 'me' as const, badge: 0 },
  ];
  return (
    <nav className="weui-tabbar gz-tabbar">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end
          className={({ isActive }) => `weui-tabbar__item${isActive ? ' weui-bar__item_on' : ''}`}
        >
          <span className="gz-tab-icon">
            <Icon name={tab.icon} size={26} />
            <Badge count={tab.badge} />
          </span>
          <p className="weui-tabbar__label">{tab.label}</p>
        </NavLink>
      ))}
    </nav>
  );
}

/** A bottom sheet (WeUI half-screen dialog) for the inputs a button or attachment needs. */
export function Sheet({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <div className="gz-sheet-wrap" role="dialog" aria-label={title}>
      <div className="weui-mask" onClick={onClose} />
      <div className="weui-half-screen-dialog gz-sheet">
        <div className="weui-half-screen-dialog__hd">
          <div className="weui-half-screen-dialog__hd__main">
            <strong className="weui-half-screen-dialog__title">{title}</strong>
          </div>
          <div className="weui-half-screen-dialog__hd__side">
            <button className="gz-icon-button" aria-label="close" onClick={onClose}>
              ×
            </button>
          </div>
        </div>
        <div className="weui-half-screen-dialog__bd">{children}</div>
      </div>
    </div>
  );
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const now = new Date();
  const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
  if (d.toDateString() === now.toDateString()) return hm;
  return `${d.getMonth() + 1}/${d.getDate()} ${hm}`;
}
