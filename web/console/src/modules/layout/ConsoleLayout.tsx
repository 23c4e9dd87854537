import {
  BellOutlined,
  ApiOutlined,
  AppstoreOutlined,
  CommentOutlined,
  FileTextOutlined,
  MessageOutlined,
  CustomerServiceOutlined,
  InfoCircleOutlined,
  MenuOutlined,
  NotificationOutlined,
  QrcodeOutlined,
  LogoutOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useI18n, type StringKey } from '../../lib/i18n.tsx';
import { useSignedIn, useSession, type Role } from '../session/useSession.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface Section {
  key: string;
  label: StringKey;
  icon: ReactNode;
  /** Roles that see the section. */
  roles: Role[];
}

const EVERYONE: Role[] = ['administrator', 'operator', 'analyst', 'customer_service'];
const RUNNERS: Role[] = ['administrator', 'operator', 'analyst'];

/** An account's screens, each shown to the roles the API lets through. */
export const ACCOUNT_SECTIONS: Section[] = [
  { key: 'info', label: 'basicInfo', icon: <InfoCircleOutlined />, roles: EVERYONE },
  { key: 'developer', label: 'developer', icon: <ApiOutlined />, roles: RUNNERS },
  { key: 'autoreply', label: 'autoreply', icon: <CommentOutlined />, roles: RUNNERS },
  { key: 'menus', label: 'menus', icon: <MenuOutlined />, roles: RUNNERS },
  { key: 'content', label: 'content', icon: <FileTextOutlined />, roles: RUNNERS },
  { key: 'mass-send', label: 'massSend', icon: <NotificationOutlined />, roles: RUNNERS },
  { key: 'templates', label: 'templates', icon: <MessageOutlined />, roles: RUNNERS },
  { key: 'subscribe-templates', label: 'subscribeTemplates', icon: <BellOutlined />, roles: RUNNERS },
  { key: 'qrcodes', label: 'qrcodes', icon: <QrcodeOutlined />, roles: RUNNERS },
  { key: 'followers', label: 'followers', icon: <UserOutlined />, roles: RUNNERS },
  { key: 'inbox', label: 'inbox', icon: <CustomerServiceOutlined />, roles: EVERYONE },
  { key: 'devtools', label: 'devtools', icon: <ToolOutlined />, roles: RUNNERS },
];

/** Sidebar per account, account switcher, language switch, sign-out. */
export function ConsoleLayout() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { appid } = useParams();
  const account = session.accounts.find((a) => a.appid === appid);
  const section = location.pathname.split('/')[3] ?? '';
  const managesPeople = session.platform_administrator || session.organizations.some((o) => o.administrator);

  const items = [
    { key: '/', icon: <AppstoreOutlined />, label: t('allAccounts') },
    ...(account
      ? [
          {
            type: 'group' as const,
            key: 'account',
            label: account.name,
            children: ACCOUNT_SECTIONS.filter((s) => s.roles.some((r) => account.roles.includes(r))).map(
              (s) => ({
                key: `/a/${account.appid}/${s.key}`,
                icon: s.icon,
                label: t(s.label),
              }),
            ),
          },
        ]
      : []),
    ...(managesPeople ? [{ key: '/people', icon: <TeamOutlined />, label: t('people') }] : []),
  ];
  const selected = account ? `/a/${account.appid}/${section}` : location.pathname;

  return (
    <Layout className="console-layout">
      <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="light" width={220}>
        <div className="console-brand">
          <Typography.Text strong>公众</Typography.Text>
        </div>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={(e) => navigate(e.key)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header">
          <Select
            aria-label={t('switchAccount')}
            className="account-switcher"
            placeholder={t('switchAccount')}
            value={account?.appid}
            onChange={(next: string) => navigate(`/a/${next}/${section || 'info'}`)}
            options={session.accounts.map((a) => ({
              value: a.appid,
              label: (
                <Space size={4}>
                  {a.name}
                  <Tag color={a.type === 'service' ? 'green' : 'blue'}>{t(a.type)}</Tag>
                </Space>
              ),
            }))}
          />
          <Space>
            <LanguageSwitch />
            <Typography.Text>{session.user.display_name}</Typography.Text>
            <Button
              icon={<LogoutOutlined />}
              onClick={() => {
                void signOut().then(() => navigate('/'));
              }}
            >
              {t('signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="console-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
