import { useContext, useState } from 'react';
import { api, ApiError, type User } from '../api.ts';
import { Avatar, NavBar, TabBar } from '../components/ui.tsx';
import { I18nContext, useT } from '../i18n.ts';
import { useStore } from '../store.tsx';

const LANGUAGES = ['zh_CN', 'zh_TW', 'zh_HK', 'en'];

/** Nickname, avatar, region and WeChat language of a new simulated user. */
export function NewIdentityForm({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const { setSession, switchUser } = useStore();
  const [form, setForm] = useState({
    nickname: '',
    avatar_url: '',
    country: '中国',
    province: '广东',
    city: '深圳',
    language: 'zh_CN',
  });
  const [error, setError] = useState<string | null>(null);
  const field = (name: keyof typeof form, label: string) => (
    <label className="gz-field">
      <span>{label}</span>
      <input
        className="gz-input"
        name={name}
        aria-label={label}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </label>
  );
  return (
    <form
      className="gz-form"
      data-testid="new-identity"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        api.createUser(form).then(
          (session) => {
            setSession(session);
            const created = session.users.at(-1);
            if (created) switchUser(created.id);
            onDone?.();
          },
          (err: Error) => setError(err instanceof ApiError ? err.message : String(err)),
        );
      }}
    >
      {field('nickname', t.nickname)}
      {field('avatar_url', t.avatarUrl)}
      {field('country', t.country)}
      {field('province', t.province)}
      {field('city', t.city)}
      <label className="gz-field">
        <span>{t.language}</span>
        <select
          className="gz-input"
          aria-label={t.language}
          value={form.language}
          onChange={(e) => setForm({ ...form, language: e.target.value })}
        >
          {LANGUAGES.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      {error && <div className="gz-error">{error}</div>}
      <button className="weui-btn weui-btn_primary" type="submit" disabled={!form.nickname.trim()}>
        {t.create}
      </button>
    </form>
  );
}

/** First visit on this device: no identity yet. */
export function WelcomePage() {
  const t = useT();
  return (
    <div className="gz-page">
      <NavBar title={t.welcome} />
      <main className="gz-scroll gz-pad">
        <p className="gz-muted">{t.welcomeText}</p>
        <NewIdentityForm />
        <SandboxPicker />
      </main>
    </div>
  );
}

/** Sandbox only: act as a user that already exists (created by a test, the console or another device). */
function SandboxPicker() {
  const t = useT();
  const { session, setSession, switchUser } = useStore();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [users, setUsers] = useState<User[]>([]);
  if (!session?.sandbox) return null;
  const load = (query: string) =>
    api.listUsers(query).then(
      (r) => setUsers(r.items),
      () => setUsers([]),
    );
  return (
    <section className="gz-section">
      <button
        className="weui-btn weui-btn_default"
        onClick={() => {
          setOpen(!open);
          void load(q);
        }}
      >
        {t.pickExisting}
      </button>
      {open && (
        <>
          <input
            className="gz-input"
            placeholder={t.search}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              void load(e.target.value);
            }}
          />
          <ul className="gz-list">
            {users.map((u) => (
              <li key={u.id}>
                <button
                  className="gz-chat-row gz-contact-row"
                  onClick={() =>
                    void api.pickUser(u.id).then((s) => {
                      setSession(s);
                      switchUser(u.id);
                      setOpen(false);
                    })
                  }
                >
                  <Avatar src={u.avatar_url || undefined} name={u.nickname} size={36} />
                  <span className="gz-chat-name">{u.nickname}</span>
                  <span className="gz-muted">{u.id}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** 我: the current identity, one-click switching between this device's identities, new ones, UI language. */
export function MePage() {
  const t = useT();
  const { lang, setLang } = useContext(I18nContext);
  const { session, user, switchUser, setSession } = useStore();
  const [creating, setCreating] = useState(false);
  return (
    <div className="gz-page gz-with-tabbar">
      <NavBar title={t.me} />
      <main className="gz-scroll">
        {user && (
          <section className="gz-me" data-testid="current-identity">
            <Avatar src={user.avatar_url || undefined} name={user.nickname} size={64} />
            <div>
              <div className="gz-me-name">{user.nickname}</div>
              <div className="gz-muted">
                {[user.country, user.province, user.city].filter(Boolean).join(' ')} · {user.language}
              </div>
              <div className="gz-muted">{user.id}</div>
            </div>
          </section>
        )}
        <div className="weui-cells__title">{t.identities}</div>
        <div className="weui-cells" data-testid="identities">
          {session?.users.map((u) => (
            <div key={u.id} className="weui-cell">
              <div className="weui-cell__hd">
                <Avatar src={u.avatar_url || undefined} name={u.nickname} size={32} />
              </div>
              <div className="weui-cell__bd gz-cell-name">{u.nickname}</div>
              <div className="weui-cell__ft">
                {u.id === user?.id ? (
                  <span className="gz-current">✓ {t.currentIdentity}</span>
                ) : (
                  <>
                    <button
                      className="weui-btn weui-btn_mini weui-btn_primary"
                      onClick={() => switchUser(u.id)}
                    >
                      {t.switchTo}
                    </button>{' '}
                    <button
                      className="weui-btn weui-btn_mini weui-btn_default"
                      aria-label={t.signOut}
                      onClick={() => void api.forgetUser(u.id).then(setSession)}
                    >
                      ×
                    </button>
                  </>
                )}
              </div>
            </div>
          ))}
        </div>
        <div className="gz-pad">
          {creating ? (
            <NewIdentityForm onDone={() => setCreating(false)} />
          ) : (
            <button className="weui-btn weui-btn_default" onClick={() => setCreating(true)}>
              ＋ {t.newIdentity}
            </button>
          )}
          <SandboxPicker />
        </div>
        <div className="weui-cells__title">{t.uiLanguage}</div>
        <div className="weui-cells">
          <div className="weui-cell">
            <div className="weui-cell__bd">
              <button
                className={`weui-btn weui-btn_mini ${lang === 'zh' ? 'weui-btn_primary' : 'weui-btn_default'}`}
                onClick={() => setLang('zh')}
              >
                中文
              </button>{' '}
              <button
                className={`weui-btn weui-btn_mini ${lang === 'en' ? 'weui-btn_primary' : 'weui-btn_default'}`}
                onClick={() => setLang('en')}
              >
                English
              </button>
            </div>
          </div>
        </div>
      </main>
      <TabBar />
    </div>
  );
}
