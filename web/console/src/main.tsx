import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider, useI18n } from './lib/i18n.tsx';
import { AccountInfoPage } from './modules/accounts/AccountInfoPage.tsx';
import { AccountsPage } from './modules/accounts/AccountsPage.tsx';
import { DeveloperPage } from './modules/accounts/DeveloperPage.tsx';
import { AutoReplyPage } from './modules/autoreply/AutoReplyPage.tsx';
import { DevToolsPage } from './modules/devtools/DevToolsPage.tsx';
import { FollowersPage } from './modules/followers/FollowersPage.tsx';
import { InboxPage } from './modules/inbox/InboxPage.tsx';
import { MassSendPage } from './modules/masssend/MassSendPage.tsx';
import { QrcodesPage } from './modules/qrcodes/QrcodesPage.tsx';
import { ArticlesPage } from './modules/content/ArticlesPage.tsx';
import { SubscribeTemplatesPage } from './modules/templates/SubscribeTemplatesPage.tsx';
import { TemplatesPage } from './modules/templates/TemplatesPage.tsx';
import { MenusPage } from './modules/menus/MenusPage.tsx';
import { ConsoleLayout } from './modules/layout/ConsoleLayout.tsx';
import { PeoplePage } from './modules/people/PeoplePage.tsx';
import { SignInPage } from './modules/session/SignInPage.tsx';
import { SessionProvider, useSession } from './modules/session/useSession.tsx';
import './styles.css';

function Screens() {
  const { session, loading } = useSession();
  if (loading) return <Spin style={{ display: 'block', marginTop: '30vh' }} />;
  if (!session) return <SignInPage />;
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        <Route index element={<AccountsPage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="a/:appid">
          <Route index element={<Navigate to="info" replace />} />
          <Route path="info" element={<AccountInfoPage />} />
          <Route path="developer" element={<DeveloperPage />} />
          <Route path="autoreply" element={<AutoReplyPage />} />
          <Route path="menus" element={<MenusPage />} />
          <Route path="mass-send" element={<MassSendPage />} />
          <Route path="qrcodes" element={<QrcodesPage />} />
          <Route path="content" element={<ArticlesPage />} />
          <Route path="templates" element={<TemplatesPage />} />
          <Route path="subscribe-templates" element={<SubscribeTemplatesPage />} />
          <Route path="followers" element={<FollowersPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="devtools" element={<DevToolsPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

function Localised() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#07c160' } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter basename="/console">
            <Screens />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Localised />
    </I18nProvider>
  </StrictMode>,
);
