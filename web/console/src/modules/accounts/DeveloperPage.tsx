import {
  App,
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  Popconfirm,
  Radio,
  Row,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import type { Account } from './types.ts';
import { useAccount } from './useAccount.ts';
import { VerificationDoctor, type VerificationReport } from './VerificationDoctor.tsx';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

interface DeveloperForm {
  url: string;
  token: string;
  encoding_aes_key?: string;
  message_mode: 'plaintext' | 'compatible' | 'safe';
  enabled: boolean;
}

/** AppID/AppSecret and the server configuration, with the verification doctor. */
export function DeveloperPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, account, editable, reload, error } = useAccount();
  const [form] = Form.useForm<DeveloperForm>();
  const [showSecret, setShowSecret] = useState(false);
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [verified, setVerified] = useState(false);
  const [busy, setBusy] = useState(false);

  async function save(values: DeveloperForm) {
    setBusy(true);
    setReport(null);
    setSaveError(null);
    setVerified(false);
    try {
      const body = { ...values, encoding_aes_key: values.encoding_aes_key || undefined };
      await api<Account>('PUT', `/accounts/${appid}/developer`, body);
      setVerified(values.enabled);
      void message.success(t('saved'));
      reload();
    } catch (err) {
      const e = err as ApiError;
      const detail = e.details[0] as (VerificationReport & { path: string }) | undefined;
      if (detail && 'request_url' in detail) setReport(detail);
      else setSaveError(e);
    } finally {
      setBusy(false);
    }
  }

  async function resetSecret() {
    try {
      await api('POST', `/accounts/${appid}/secret/reset`);
      setShowSecret(true);
      reload();
    } catch (err) {
      setSaveError(err as ApiError);
    }
  }

  if (error) return <ErrorAlert error={error} />;
  if (!account) return null;
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('developer')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('appid')}>
            <Typography.Paragraph copyable className="mono" data-testid="appid">
              {account.appid}
            </Typography.Paragraph>
            <Typography.Text strong>{t('appsecret')}</Typography.Text>
            <Typography.Paragraph
              className="mono"
              copyable={showSecret ? { text: account.appsecret } : false}
              data-testid="appsecret"
            >
              {showSecret ? account.appsecret : '•'.repeat(32)}
            </Typography.Paragraph>
            <Space wrap>
              <Button onClick={() => setShowSecret((s) => !s)}>{showSecret ? t('hide') : t('show')}</Button>
              {editable && (
                <Popconfirm
                  title={t('resetSecret')}
                  description={<div style={{ maxWidth: 280 }}>{t('resetSecretConfirm')}</div>}
                  onConfirm={() => void resetSecret()}
                >
                  <Button danger>{t('resetSecret')}</Button>
                </Popconfirm>
              )}
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('serverConfig')}>
            {report && <VerificationDoctor report={report} />}
            {verified && (
              <Alert
                type="success"
                showIcon
                message={t('verifiedOk')}
                style={{ marginBottom: 16 }}
                data-testid="verified-ok"
              />
            )}
            <ErrorAlert error={saveError} />
            <Form<DeveloperForm>
              form={form}
              layout="vertical"
              disabled={!editable}
              onFinish={(v) => void save(v)}
              initialValues={{
                url: account.developer.url ?? '',
                token: account.developer.token ?? '',
                encoding_aes_key: account.developer.encoding_aes_key ?? '',
                message_mode: account.developer.message_mode,
                enabled: account.developer.enabled || !account.developer.url,
              }}
            >
              <Form.Item name="url" label={t('serverUrl')} rules={[{ required: true, type: 'url' }]}>
                <Input placeholder="https://example.com/wx" />
              </Form.Item>
              <Form.Item
                name="token"
                label={t('token')}
                rules={[
                  {
                    required: true,
                    pattern: /^[A-Za-z0-9]{3,32}$/,
                    message: 'Token: 3–32 letters or digits',
                  },
                ]}
              >
                <Input
                  addonAfter={
                    <a onClick={() => form.setFieldValue('token', randomAlphanumeric(32))}>{t('generate')}</a>
                  }
                />
              </Form.Item>
              <Form.Item
                name="encoding_aes_key"
                label={t('aesKey')}
                rules={[
                  {
                    pattern: /^([A-Za-z0-9]{43})?$/,
                    message: 'EncodingAESKey: exactly 43 letters or digits',
                  },
                ]}
              >
                <Input
                  addonAfter={
                    <a onClick={() => form.setFieldValue('encoding_aes_key', randomAlphanumeric(43))}>
                      {t('generate')}
                    </a>
                  }
                />
              </Form.Item>
              <Form.Item name="message_mode" label={t('messageMode')}>
                <Radio.Group>
                  <Radio value="plaintext">{t('mode_plaintext')}</Radio>
                  <Radio value="compatible">{t('mode_compatible')}</Radio>
                  <Radio value="safe">{t('mode_safe')}</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item name="enabled" label={t('developerMode')} valuePropName="checked">
                <Switch />
              </Form.Item>
              {editable && (
                <Button type="primary" htmlType="submit" loading={busy}>
                  {t('submitAndVerify')}
                </Button>
              )}
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}
