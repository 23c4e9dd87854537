import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { NavBar } from '../components/ui.tsx';
import { useT } from '../i18n.ts';

/**
 * The in-app browser for H5 pages (VIEW buttons, links, article URLs): a
 * title bar over a frame. Pages on this platform (OAuth pages, articles)
 * show their own title; other sites may refuse to be framed, so the real
 * browser is one tap away.
 */
export function WebPage() {
  const t = useT();
  const [params] = useSearchParams();
  const url = params.get('url') ?? '';
  const [title, setTitle] = useState(() => {
    try {
      return new URL(url, location.href).host;
    } catch {
      return url;
    }
  });
  const safe = /^https?:\/\//i.test(url) || url.startsWith('/');
  return (
    <div className="gz-page gz-webpage">
      <NavBar
        title={title}
        back
        right={
          safe ? (
            <a
              className="gz-icon-button"
              href={url}
              target="_blank"
              rel="noreferrer"
              aria-label={t.openInBrowser}
            >
              ↗
            </a>
          ) : null
        }
      />
      {safe ? (
        <iframe
          className="gz-frame"
          title={title}
          src={url}
          data-testid="webview"
          onLoad={(e) => {
            // Same-origin pages (this platform's) can tell us their title.
            try {
              const doc = e.currentTarget.contentDocument;
              if (doc?.title) setTitle(doc.title);
            } catch {
              /* another origin: keep the host */
            }
          }}
        />
      ) : (
        <p className="gz-empty">{url}</p>
      )}
    </div>
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
