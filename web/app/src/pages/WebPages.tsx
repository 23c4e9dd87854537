import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api.ts';
import { createBridge, type ConfigResult, type ShareData } from '../bridge.ts';
import { NavBar, Sheet } from '../components/ui.tsx';
import { useT } from '../i18n.ts';
import { useStore } from '../store.tsx';
import { ScanSheet } from './ConversationPage.tsx';

type Asking =
  | { kind: 'chooseImage'; resolve: (value: string[] | null) => void }
  | { kind: 'scanQRCode'; resolve: (value: string | null) => void };

/**
 * The in-app browser for H5 pages (VIEW buttons, links, article URLs): a
 * title bar over a frame. Pages on this platform show their own title;
 * other sites may refuse to be framed, so the real browser is one tap away.
 * Pages using the JS-SDK reach this client through `__gzBridge` (same
 * origin) or postMessage (another origin; see the wx script).
 */
export function WebPage() {
  const t = useT();
  const navigate = useNavigate();
  const { user, follows } = useStore();
  const [params] = useSearchParams();
  const url = params.get('url') ?? '';
  const appid = params.get('appid');
  const frame = useRef<HTMLIFrameElement>(null);
  const [asking, setAsking] = useState<Asking | null>(null);
  const [share, setShare] = useState<Partial<Record<'friend' | 'moments', ShareData>>>({});
  const [sheet, setSheet] = useState<'menu' | 'friend' | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const [configResult, setConfigResult] = useState<ConfigResult | null>(null);
  // WeChat asks once per page for the location; the answer holds while the page is open.
  const [askLocation, setAskLocation] = useState<((allowed: boolean) => void) | null>(null);
  const locationAnswer = useRef<boolean | null>(null);
  const [title, setTitle] = useState(() => {
    try {
      return new URL(url, location.href).host;
    } catch {
      return url;
    }
  });
  const safe = /^https?:\/\//i.test(url) || url.startsWith('/');
  const src = useMemo(() => withIdentity(url, user?.id ?? null), [url, user]);

  const bridge = useMemo(() => {
    const b = createBridge({
      userId: user?.id ?? '',
      appid,
      close: () => navigate(-1),
      allowLocation: () =>
        locationAnswer.current !== null
          ? Promise.resolve(locationAnswer.current)
          : new Promise<boolean>((resolve) =>
              setAskLocation(() => (allowed: boolean) => {
                locationAnswer.current = allowed;
                setAskLocation(null);
                resolve(allowed);
              }),
            ),
      setShare: (kind, data) => setShare((current) => ({ ...current, [kind]: data })),
      showConfig: setConfigResult,
      ask: (kind) =>
        new Promise<string[] | string | null>((resolve) =>
          setAsking(kind === 'chooseImage' ? { kind, resolve } : { kind, resolve }),
        ),
    });
    return b;
  }, [user, appid, navigate]);

  // WeChat's toast fades by itself.
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 2500);
    return () => clearTimeout(timer);
  }, [toast]);

  // Pages on other origins: answer the wx script's ping and its calls, from this frame only.
  useEffect(() => {
    const onMessage = (event: MessageEvent<unknown>) => {
      const source = frame.current?.contentWindow;
      if (!source || event.source !== source) return;
      const data = event.data as {
        type?: string;
        id?: string;
        name?: string;
        args?: Record<string, unknown>;
      };
      if (data?.type === 'gz-bridge-ping') source.postMessage({ type: 'gz-bridge-hello' }, '*');
      if (data?.type === 'gz-bridge' && data.name) {
        void bridge
          .invoke(data.name, data.args ?? {})
          .catch((err: Error) => ({ errMsg: `${data.name}:fail, ${err.message}` }))
          .then((res) => source.postMessage({ type: 'gz-bridge-result', id: data.id, res }, '*'));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [bridge]);

  return (
    <div className="gz-page gz-webpage">
      <NavBar
        title={title}
        back
        right={
          safe ? (
            <button className="gz-icon-button" aria-label={t.pageMenu} onClick={() => setSheet('menu')}>
              ···
            </button>
          ) : null
        }
      />
      {safe ? (
        <iframe
          ref={frame}
          className="gz-frame"
          title={title}
          src={src}
          data-testid="webview"
          onLoad={(e) => {
            // Same-origin pages (this platform's) show their title and get the bridge directly.
            try {
              const win = e.currentTarget.contentWindow;
              if (win) {
                // A page that redirected to this platform's OAuth page: authorise as the person holding the phone.
                const here = win.location.href;
                const next = withIdentity(here, user?.id ?? null);
                if (next !== here) return win.location.replace(next);
                win.__gzBridge = bridge;
              }
              const doc = e.currentTarget.contentDocument;
              if (doc?.title) setTitle(doc.title);
            } catch {
              /* another origin: the postMessage bridge serves it */
            }
          }}
        />
      ) : (
        <p className="gz-empty">{url}</p>
      )}
      {configResult && <DebugPanel result={configResult} onClose={() => setConfigResult(null)} />}
      {sheet === 'menu' && (
        <Sheet title={t.pageMenu} onClose={() => setSheet(null)}>
          <div className="gz-form">
            <button className="weui-btn weui-btn_default" onClick={() => setSheet('friend')}>
              {t.shareToFriend}
            </button>
            <a className="weui-btn weui-btn_default" href={url} target="_blank" rel="noreferrer">
              {t.openInBrowser}
            </a>
          </div>
        </Sheet>
      )}
      {sheet === 'friend' && (
        <Sheet title={t.sendTo} onClose={() => setSheet(null)}>
          <div className="weui-cells" data-testid="share-targets">
            {follows
              .filter((f) => f.subscribed)
              .map((f) => (
                <button
                  key={f.appid}
                  className="weui-cell weui-cell_access gz-share-target"
                  onClick={() => {
                    // A shared page is a link message in the chosen conversation, as WeChat's card.
                    const data = share.friend ?? {};
                    setSheet(null);
                    void api
                      .send(user?.id ?? '', f.appid, {
                        msgtype: 'link',
                        link: {
                          title: data.title || title,
                          description: data.desc ?? '',
                          url: data.link || url,
                        },
                      })
                      .then(
                        () => setToast(t.sent),
                        (err: Error) => setToast(err.message),
                      );
                  }}
                >
                  <span className="weui-cell__bd">{f.account_name}</span>
                </button>
              ))}
          </div>
        </Sheet>
      )}
      {toast && (
        <div className="gz-sheet-wrap" role="status" onClick={() => setToast(null)}>
          <div className="weui-toast gz-toast">
            <p className="weui-toast__content">{toast}</p>
          </div>
        </div>
      )}
      {askLocation && (
        <div className="gz-sheet-wrap" role="dialog" aria-label={t.locationConsentTitle}>
          <div className="weui-mask" />
          <div className="weui-dialog">
            <div className="weui-dialog__hd">
              <strong className="weui-dialog__title">{t.locationConsentTitle}</strong>
            </div>
            <div className="weui-dialog__bd">{t.locationConsent.replace('{name}', title)}</div>
            <div className="weui-dialog__ft">
              <button
                className="weui-dialog__btn weui-dialog__btn_default"
                onClick={() => askLocation(false)}
              >
                {t.deny}
              </button>
              <button className="weui-dialog__btn weui-dialog__btn_primary" onClick={() => askLocation(true)}>
                {t.allow}
              </button>
            </div>
          </div>
        </div>
      )}
      {asking?.kind === 'scanQRCode' && (
        <ScanSheet
          onClose={() => {
            asking.resolve(null);
            setAsking(null);
          }}
          onResult={(value) => {
            asking.resolve(value);
            setAsking(null);
          }}
        />
      )}
      {asking?.kind === 'chooseImage' && (
        <Sheet
          title={t.pickPhotos}
          onClose={() => {
            asking.resolve(null);
            setAsking(null);
          }}
        >
          <label className="weui-btn weui-btn_primary">
            {t.pickPhotos}
            <input
              type="file"
              accept="image/*"
              multiple
              hidden
              onChange={(e) => {
                const files = [...(e.target.files ?? [])].slice(0, 9);
                asking.resolve(files.map((f) => bridge.remember(f)));
                setAsking(null);
              }}
            />
          </label>
        </Sheet>
      )}
    </div>
  );
}

/**
 * WeChat's own OAuth page knows who is holding the phone: on this
 * platform's `/connect/oauth2/authorize` the current identity goes along as
 * `as_user` (snsapi_base then redirects at once; snsapi_userinfo asks with
 * this user chosen).
 */
function withIdentity(url: string, userId: string | null): string {
  if (!userId) return url;
  try {
    const parsed = new URL(url, location.href);
    if (parsed.origin !== location.origin || parsed.pathname !== '/connect/oauth2/authorize') return url;
    if (!parsed.searchParams.has('as_user')) parsed.searchParams.set('as_user', userId);
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * WeChat's debug mode (`wx.config({debug: true})`) alerts a bare errMsg; here
 * the platform's explainer: the URL and string it signed, both signatures,
 * and what differed.
 */
function DebugPanel({ result, onClose }: { result: ConfigResult; onClose: () => void }) {
  const t = useT();
  const v = result.verdict;
  return (
    <section
      className={`gz-debug${v.ok ? ' gz-debug-ok' : ''}`}
      role="region"
      aria-label={t.debugPanel}
      data-testid="debug-panel"
    >
      <header className="gz-debug-head">
        <strong>wx.config · {v.errMsg}</strong>
        <button className="gz-icon-button" aria-label="close" onClick={onClose}>
          ×
        </button>
      </header>
      {v.differences && v.differences.length > 0 && (
        <>
          <h4>{t.debugDiffered}</h4>
          <ul data-testid="debug-differences">
            {v.differences.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </>
      )}
      {v.url && (
        <>
          <h4>{t.debugSignedUrl}</h4>
          <code data-testid="debug-signed-url">{v.url.signed}</code>
          {v.url.fragment_removed && (
            <p>
              {t.debugFragmentRemoved}: <code>{v.url.fragment_removed}</code>
            </p>
          )}
        </>
      )}
      {v.signed_string !== undefined && (
        <>
          <h4>{t.debugSignedString}</h4>
          <pre data-testid="debug-signed-string">{v.signed_string}</pre>
        </>
      )}
      {v.expected_signature !== undefined && (
        <dl>
          <dt>{t.debugExpected}</dt>
          <dd>
            <code>{v.expected_signature}</code>
          </dd>
          <dt>{t.debugGiven}</dt>
          <dd>
            <code>{v.given_signature}</code>
          </dd>
        </dl>
      )}
    </section>
  );
}

/** What a mini-program button or card would open, named, since there is no mini-program runtime here. */
export function MiniProgramPage() {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <div className="gz-page">
      <NavBar title={t.miniProgram} back />
      <main className="gz-scroll gz-pad gz-miniprogram-stub" data-testid="miniprogram">
        <div className="gz-mp-logo">◎</div>
        <p>{t.miniProgramStub}</p>
        <dl>
          <dt>appid</dt>
          <dd>{params.get('appid')}</dd>
          <dt>{t.pagePath}</dt>
          <dd>{params.get('path')}</dd>
        </dl>
      </main>
    </div>
  );
}
