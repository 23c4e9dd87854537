import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useSignedIn, type Role } from '../session/useSession.tsx';
import { EditRolesModal, grantOf, ROLES, useGrantableScopes, type Grant } from './EditRolesModal.tsx';

interface ConsoleUser {
  id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  locked_until: number | null;
  last_sign_in_at: number | null;
  grants: Grant[];
}

/** People management for administrators: list, add, disable/enable, reset password. */
export function PeoplePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = useSignedIn();
  const users = useApi<{ items: ConsoleUser[] }>('/console/users');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<ConsoleUser | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [newPassword, setNewPassword] = useState<{ username: string; password: string } | null>(null);
  const orgName = new Map(session.organizations.map((o) => [o.id, o.name]));
  const accountName = new Map(session.accounts.map((a) => [a.appid, a.name]));

  async function run(method: 'PATCH' | 'POST', path: string, body: unknown) {
    try {
      const res = await api<{ password?: string }>(method, path, body);
      setError(null);
      void message.success(t('saved'));
      users.reload();
      return res;
    } catch (err) {
      setError(err as ApiError);
      return undefined;
    }
  }

  function scope(g: Grant): string {
    if (g.appid) return accountName.get(g.appid) ?? g.appid;
    if (g.organization_id) return `${orgName.get(g.organization_id) ?? g.organization_id} · ${t('wholeOrg')}`;
    return t('platformWide');
  }

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} className="page-title">
          {t('people')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('addPerson')}
        </Button>
      </Space>
      <ErrorAlert error={error ?? users.error ?? null} />
      {newPassword && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setNewPassword(null)}
          style={{ marginBottom: 16 }}
          message={`${newPassword.username} — ${t('newPasswordIs')}`}
          description={
            <Typography.Text copyable className="mono">
              {newPassword.password}
            </Typography.Text>
          }
        />
      )}
      <Card>
        <Table
          rowKey="id"
          size="small"
          loading={users.loading}
          dataSource={users.data?.items ?? []}
          scroll={{ x: 640 }}
          columns={[
            { title: t('username'), dataIndex: 'username' },
            { title: t('name'), dataIndex: 'display_name' },
            {
              title: t('roles'),
              key: 'grants',
              render: (_: unknown, u: ConsoleUser) =>
                u.grants.map((g, i) => (
                  <Tag key={i}>
                    {t(`role_${g.role}`)} · {scope(g)}
                  </Tag>
                )),
            },
            {
              title: '',
              key: 'state',
              render: (_: unknown, u: ConsoleUser) => (
                <>
                  {u.disabled && <Tag color="red">{t('disabled')}</Tag>}
                  {u.locked_until && (
                    <Tag color="orange">
                      {t('lockedUntil')} {new Date(u.locked_until).toLocaleTimeString()}
                    </Tag>
                  )}
                </>
              ),
            },
            {
              title: t('lastSignIn'),
              dataIndex: 'last_sign_in_at',
              render: (v: number | null) => (v ? new Date(v).toLocaleString() : '—'),
            },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, u: ConsoleUser) =>
                u.id === session.user.id ? null : (
                  <Space>
                    <Button size="small" onClick={() => setEditing(u)}>
                      {t('editRoles')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => void run('PATCH', `/console/users/${u.id}`, { disabled: !u.disabled })}
                    >
                      {u.disabled ? t('enable') : t('disable')}
                    </Button>
                    <Popconfirm
                      title={t('resetPassword')}
                      onConfirm={() => {
                        void run('POST', `/console/users/${u.id}/password`, {}).then((r) => {
                          if (r?.password) setNewPassword({ username: u.username, password: r.password });
                        });
                      }}
                    >
                      <Button size="small">{t('resetPassword')}</Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {editing && (
        <EditRolesModal
          user={editing}
          scopeLabel={scope}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              void message.success(t('saved'));
              users.reload();
            }
          }}
        />
      )}
      {adding && (
        <AddPersonModal
          onClose={(saved) => {
            setAdding(false);
            if (saved) users.reload();
          }}
        />
      )}
    </>
  );
}

function AddPersonModal({ onClose }: { onClose: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);
  const scopes = useGrantableScopes();

  async function submit() {
    const v = (await form.validateFields()) as {
      username: string;
      display_name?: string;
      password: string;
      role: Role;
      scope: string;
    };
    const grant = grantOf(v.role, v.scope);
    try {
      await api('POST', '/console/users', {
        username: v.username,
        display_name: v.display_name,
        password: v.password,
        grants: [grant],
      });
      onClose(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <Modal
      open
      title={t('addPerson')}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      okText={t('create')}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={{ role: 'operator', scope: scopes[0]?.value }}>
        <Form.Item name="username" label={t('username')} rules={[{ required: true, min: 2, max: 64 }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="display_name" label={t('name')}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('roles')}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role_${r}`) }))} />
        </Form.Item>
        <Form.Item name="scope" label={t('scope')}>
          <Select options={scopes} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
