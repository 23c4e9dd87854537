import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useSession, useSignedIn } from '../session/useSession.tsx';
import { AccountBadges } from './AccountBadges.tsx';
import type { Account } from './types.ts';

/** The organisation's accounts side by side, and "create account" for administrators. */
export function AccountsPage() {
  const { t } = useI18n();
  const session = useSignedIn();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const orgs = session.organizations.filter((o) => o.administrator);

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} className="page-title">
          {t('accounts')}
        </Typography.Title>
        {orgs.length > 0 && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('createAccount')}
          </Button>
        )}
      </Space>
      {session.accounts.length === 0 && <Empty description={t('noAccounts')} />}
      <Row gutter={[16, 16]} className="account-cards">
        {session.accounts.map((a) => (
          <Col key={a.appid} xs={24} sm={12} xl={8}>
            <Card
              hoverable
              data-testid={`account-${a.appid}`}
              title={a.name}
              onClick={() => navigate(`/a/${a.appid}/info`)}
              extra={<AccountBadges type={a.type} verified={a.verified} />}
            >
              <Typography.Text type="secondary" className="mono">
                {a.appid}
              </Typography.Text>
              <div style={{ marginTop: 8 }}>
                {a.roles.map((r) => (
                  <Tag key={r}>{t(`role_${r}`)}</Tag>
                ))}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {creating && <CreateAccountModal orgs={orgs} onClose={() => setCreating(false)} />}
    </>
  );
}

function CreateAccountModal({
  orgs,
  onClose,
}: {
  orgs: { id: string; name: string }[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<ApiError | null>(null);

  async function submit() {
    const values = (await form.validateFields()) as Record<string, unknown>;
    try {
      const account = await api<Account>('POST', '/accounts', values);
      await refresh();
      void message.success(t('saved'));
      onClose();
      navigate(`/a/${account.appid}/info`);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <Modal open title={t('createAccount')} onOk={() => void submit()} onCancel={onClose} okText={t('create')}>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ organization_id: orgs[0]?.id, type: 'service', verified: false }}
      >
        <Form.Item name="organization_id" label={t('organization')} rules={[{ required: true }]}>
          <Select options={orgs.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="type" label={t('type')}>
          <Select
            options={[
              { value: 'service', label: t('service') },
              { value: 'subscription', label: t('subscription') },
            ]}
          />
        </Form.Item>
        <Form.Item name="verified" label={t('verified')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
