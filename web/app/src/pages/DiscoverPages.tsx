import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, ApiError, type PublicAccount } from '../api.ts';
import { Avatar, NavBar, TabBar } from '../components/ui.tsx';
import { useT } from '../i18n.ts';
import { useStore } from '../store.tsx';
import { decodeQrFile } from './ConversationPage.tsx';
import { Icon } from '../components/icons.tsx';

export function DiscoverPage() {
  const t = useT();
  return (
    <div className="gz-page gz-with-tabbar">
      <NavBar title={t.discover} />
      <main className="gz-scroll">
        <div className="weui-cells">
          <Link className="weui-cell weui-cell_access" to="/search" data-testid="discover-search">
            <div className="weui-cell__hd gz-cell-icon">
              <Icon name="search" />
            </div>
            <div className="weui-cell__bd">{t.searchAccounts}</div>
            <div className="weui-cell__ft" />
          </Link>
          <Link className="weui-cell weui-cell_access" to="/scan" data-testid="discover-scan">
            <div className="weui-cell__hd gz-cell-icon">
              <Icon name="scan" />
            </div>
            <div className="weui-cell__bd">{t.scan}</div>
            <div className="weui-cell__ft" />
          </Link>
        </div>
      </main>
      <TabBar />
    </div>
  );
}

export function TypeBadge({ account }: { account: Pick<PublicAccount, 'type' | 'verified'> }) {
  const t = useT();
  return (
    <span className={`gz-type-badge gz-type-${account.type}`}>
      {account.type === 'service' ? t.serviceAccount : t.subscriptionAccount}
      {account.verified ? ` · ${t.verified}` : ''}
    </span>
  );
}

/** Search official accounts by name, WeChat id or id (WeChat's 搜一搜 limited to accounts). */
export function SearchPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [results, setResults] = useState<PublicAccount[] | null>(null);
  useEffect(() => {
    if (!q) return setResults(null);
    api.searchAccounts(q).then(
      (r) => setResults(r.items),
      () => setResults([]),
    );
  }, [q]);
  return (
    <div className="gz-page">
      <NavBar title={t.search} back />
      <form
        className="weui-search-bar weui-search-bar_focusing gz-search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ q: text.trim() });
        }}
      >
        <div className="weui-search-bar__form">
          <div className="weui-search-bar__box">
            <i className="weui-icon-search" />
            <input
              className="weui-search-bar__input"
              type="search"
              placeholder={t.searchAccounts}
              aria-label={t.searchAccounts}
              value={text}
              autoFocus
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        </div>
        <button className="weui-btn weui-btn_mini weui-btn_primary" type="submit">
          {t.search}
        </button>
      </form>
      <main className="gz-scroll">
        {results?.length === 0 && <p className="gz-empty">{t.noResults}</p>}
        <ul className="gz-list" data-testid="search-results">
          {results?.map((a) => (
            <li key={a.appid}>
              <Link className="gz-chat-row" to={`/account/${a.appid}`}>
                <span className="gz-chat-avatar">
                  <Avatar src={a.avatar_url || undefined} name={a.name} size={48} />
                </span>
                <span className="gz-chat-main">
                  <span className="gz-chat-name">{a.name}</span>
                  <span className="gz-chat-preview">
                    <TypeBadge account={a} /> {a.description}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}

/** An account's profile: name, avatar, description, type badge, follow / unfollow, enter the chat. */
export function AccountPage() {
  const { appid = '' } = useParams();
  const t = useT();
  const navigate = useNavigate();
  const { user, refreshFollows, addMessages } = useStore();
  const [account, setAccount] = useState<PublicAccount | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (user) api.account(appid, user.id).then(setAccount, (err: Error) => setError(err.message));
  }, [appid, user]);
  if (!user) return null;
  const userId = user.id;

  async function toggle() {
    if (!account) return;
    setBusy(true);
    setError(null);
    try {
      if (account.following) {
        await api.unfollow(userId, appid);
        setAccount({ ...account, following: false });
        await refreshFollows();
      } else {
        const result = await api.follow(userId, appid);
        await refreshFollows();
        addMessages(result.result ? [result.result.message, ...result.result.replies] : []);
        navigate(`/chat/${appid}`);
      }
    } catch (err) {
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="gz-page">
      <NavBar title={t.accountProfile} back />
      <main className="gz-scroll">
        {error && <div className="gz-error">{error}</div>}
        {account && (
          <section className="gz-profile" data-testid="account-profile">
            <Avatar src={account.avatar_url || undefined} name={account.name} size={72} />
            <h2 className="gz-profile-name">{account.name}</h2>
            <TypeBadge account={account} />
            <p className="gz-profile-desc">{account.description}</p>
            {account.alias && (
              <p className="gz-muted" data-testid="account-alias">
                {t.wechatId}: {account.alias}
              </p>
            )}
            <p className="gz-muted">{account.original_id}</p>
            <div className="gz-profile-actions">
              {account.following && (
                <Link className="weui-btn weui-btn_primary" to={`/chat/${appid}`}>
                  {t.enterChat}
                </Link>
              )}
              <button
                className={`weui-btn ${account.following ? 'weui-btn_default' : 'weui-btn_primary'}`}
                disabled={busy}
                onClick={() => void toggle()}
              >
                {account.following ? t.unfollow : t.follow}
              </button>
            </div>
          </section>
        )}
        {account && (account.recent_articles?.length ?? 0) > 0 && (
          <>
            <div className="weui-cells__title">{t.recentArticles}</div>
            <ul className="gz-list" data-testid="recent-articles">
              {account.recent_articles!.map((a) => (
                <li key={a.id}>
                  <Link className="gz-chat-row gz-article-row" to={`/article/${a.id}?source=profile`}>
                    <span className="gz-chat-main">
                      <span className="gz-chat-name">{a.title}</span>
                      <span className="gz-chat-preview">
                        {new Date(a.published_at).toLocaleDateString()} · {t.reads} {a.read_count}
                      </span>
                    </span>
                    {a.cover_url && <img className="gz-article-thumb" src={a.cover_url} alt="" />}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </div>
  );
}

/**
 * 扫一扫: follow by QR code. A link (`http://weixin.qq.com/q/…` or a
 * showqrcode?ticket=… URL), a bare ticket, or the QR picture itself.
 */
export function ScanPage() {
  const t = useT();
  const navigate = useNavigate();
  const { user, refreshFollows, addMessages } = useStore();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;
  const userId = user.id;

  async function scan(input: { ticket?: string; url?: string } | Blob) {
    setError(null);
    try {
      const result = await api.scan(userId, input);
      await refreshFollows();
      addMessages(result.result ? [result.result.message, ...result.result.replies] : []);
      navigate(`/chat/${result.follower.appid}`, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err));
    }
  }

  function fromText(raw: string): { ticket?: string; url?: string } {
    const text = raw.trim();
    try {
      const url = new URL(text);
      const ticket = url.searchParams.get('ticket');
      return ticket ? { ticket } : { url: text };
    } catch {
      return { ticket: text };
    }
  }

  return (
    <div className="gz-page">
      <NavBar title={t.scanTitle} back />
      <main className="gz-scroll gz-pad">
        <p className="gz-muted">{t.scanHint}</p>
        <form
          className="gz-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim()) void scan(fromText(value));
          }}
        >
          <textarea
            className="gz-input"
            rows={3}
            placeholder={t.scanPaste}
            aria-label={t.scanPaste}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button className="weui-btn weui-btn_primary" type="submit">
            {t.scanGo}
          </button>
          <label className="weui-btn weui-btn_default">
            {t.scanUpload}
            <input
              type="file"
              accept="image/*"
              hidden
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                // The platform decodes the picture itself; decoding here too shows what was read.
                void decodeQrFile(file).then((text) => text && setValue(text));
                void scan(file);
              }}
            />
          </label>
        </form>
        {error && <div className="gz-error">{error}</div>}
      </main>
    </div>
  );
}

/** 通讯录 → 公众号: every account this identity follows. */
export function ContactsPage() {
  const t = useT();
  const { follows } = useStore();
  const following = follows
    .filter((f) => f.subscribed)
    .sort((a, b) => a.account_name.localeCompare(b.account_name));
  return (
    <div className="gz-page gz-with-tabbar">
      <NavBar title={t.officialAccounts} />
      <main className="gz-scroll">
        <ul className="gz-list">
          {following.map((f) => (
            <li key={f.appid}>
              <Link className="gz-chat-row gz-contact-row" to={`/account/${f.appid}`}>
                <Avatar name={f.account_name} size={40} />
                <span className="gz-chat-name">{f.account_name}</span>
                <TypeBadge account={{ type: f.account_type, verified: false }} />
              </Link>
            </li>
          ))}
        </ul>
      </main>
      <TabBar />
    </div>
  );
}
