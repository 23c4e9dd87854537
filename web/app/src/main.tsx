import { StrictMode, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import 'weui/dist/style/weui.min.css';
import './styles.css';
import { I18nContext, initialLanguage, STRINGS, type UiLanguage } from './i18n.ts';
import { ArticlePage } from './pages/ArticlePage.tsx';
import { ChatsPage, SubscriptionsPage } from './pages/ChatsPage.tsx';
import { ConversationPage } from './pages/ConversationPage.tsx';
import { AccountPage, ContactsPage, DiscoverPage, ScanPage, SearchPage } from './pages/DiscoverPages.tsx';
import { MePage, WelcomePage } from './pages/MePage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { MiniProgramPage, WebPage } from './pages/WebPages.tsx';
import { StoreProvider, useStore } from './store.tsx';

/** Until the device has an identity, every page is the welcome form. */
function NeedsIdentity({ children }: { children: ReactNode }) {
  const { session, user, error } = useStore();
  if (error && !session) return <p className="gz-empty gz-error">{error}</p>;
  if (!session) return <p className="gz-empty">…</p>;
  if (!user) return <WelcomePage />;
  return <>{children}</>;
}

function App() {
  const [lang, setLangState] = useState<UiLanguage>(initialLanguage);
  const i18n = useMemo(
    () => ({
      t: STRINGS[lang],
      lang,
      setLang: (next: UiLanguage) => {
        localStorage.setItem('gz.app.lang', next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLangState(next);
      },
    }),
    [lang],
  );
  return (
    <I18nContext.Provider value={i18n}>
      <StoreProvider>
        <BrowserRouter basename="/app">
          <NeedsIdentity>
            <Routes>
              <Route path="/" element={<ChatsPage />} />
              <Route path="/subscriptions" element={<SubscriptionsPage />} />
              <Route path="/notifications" element={<NotificationsPage />} />
              <Route path="/chat/:appid" element={<ConversationPage />} />
              <Route path="/contacts" element={<ContactsPage />} />
              <Route path="/discover" element={<DiscoverPage />} />
              <Route path="/search" element={<SearchPage />} />
              <Route path="/scan" element={<ScanPage />} />
              <Route path="/account/:appid" element={<AccountPage />} />
              <Route path="/me" element={<MePage />} />
              <Route path="/article/:articleId" element={<ArticlePage />} />
              <Route path="/web" element={<WebPage />} />
              <Route path="/miniprogram" element={<MiniProgramPage />} />
              <Route path="*" element={<ChatsPage />} />
            </Routes>
          </NeedsIdentity>
        </BrowserRouter>
      </StoreProvider>
    </I18nContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
