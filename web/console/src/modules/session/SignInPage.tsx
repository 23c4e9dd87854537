import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useSession } from './useSession.tsx';

/** Sign-in: errors say what went wrong and what to do next (tries left, lock time). */
export function SignInPage() {
  const { t } = useI18n();
  const { signIn, ended } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.username, values.password);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err)));
    } finally {
      setBusy(false);
    }
  }

  const locked = error?.code === 'CONSOLE_USER_LOCKED';
  return (
    <div className="signin-page">
      <Card className="signin-card" title={t('appName')} extra={<LanguageSwitch />}>
        {ended && !error && (
          <Alert type="info" showIcon message={t('sessionEnded')} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert
            role="alert"
            type={locked ? 'warning' : 'error'}
            showIcon
            style={{ marginBottom: 16 }}
            message={locked ? t('lockedTitle') : t('signInFailed')}
            description={
              <>
                <div>{error.message}</div>
                <div>
                  {locked ? t('lockedNext') : error.code === 'CONSOLE_SIGN_IN_FAILED' ? t('wrongNext') : null}
                </div>
              </>
            }
          />
        )}
        <Form
          layout="vertical"
          onFinish={(v: { username: string; password: string }) => void submit(v)}
          requiredMark={false}
        >
          <Form.Item name="username" label={t('username')} rules={[{ required: true }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('signInHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
