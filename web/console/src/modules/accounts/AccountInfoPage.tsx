import { App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { EChart } from '../../lib/EChart.tsx';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { AccountBadges } from './AccountBadges.tsx';
import { useAccount } from './useAccount.ts';

interface QuotaUsage {
  day: string;
  items: { cgi_path: string; daily_limit: number; used: number }[];
}

const ALL_CAPABILITIES = [
  'basic',
  'receive_messages',
  'passive_reply',
  'menu',
  'conditional_menu',
  'material',
  'draft_publish',
  'customer_service',
  'mass_send',
  'template_message',
  'subscribe_message',
  'user_management',
  'qrcode',
  'oauth',
  'jssdk',
  'datacube',
  'comment',
];

/** Basic info, the API IP allowlist, the capability list and today's quota use. */
export function AccountInfoPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, account, editable, reload, error } = useAccount();
  const quotas = useApi<QuotaUsage>(editable || account ? `/accounts/${appid}/quotas` : null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  async function patch(body: Record<string, unknown>) {
    try {
      await api('PATCH', `/accounts/${appid}`, body);
      setSaveError(null);
      void message.success(t('saved'));
      reload();
    } catch (err) {
      setSaveError(err as ApiError);
    }
  }

  const used = useMemo(
    () =>
      (quotas.data?.items ?? [])
        .filter((q) => q.used > 0)
        .sort((a, b) => b.used / b.daily_limit - a.used / a.daily_limit),
    [quotas.data],
  );
  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      legend: { data: [t('quotaToday')] },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value' as const, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category' as const,
        data: used
          .slice(0, 10)
          .map((q) => q.cgi_path)
          .reverse(),
      },
      series: [
        {
          name: t('quotaToday'),
          type: 'bar' as const,
          data: used
            .slice(0, 10)
            .map((q) => Math.round((q.used / q.daily_limit) * 1000) / 10)
            .reverse(),
        },
      ],
    }),
    [used, t],
  );

  if (error) return <ErrorAlert error={error} />;
  if (!account) return null;
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {account.name} <AccountBadges type={account.type} verified={account.verified} />
      </Typography.Title>
      <ErrorAlert error={saveError} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('basicInfo')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('appid')}>
                <span className="mono">{account.appid}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('originalId')}>
                <span className="mono">{account.original_id}</span>
              </Descriptions.Item>
            </Descriptions>
            <Form
              layout="vertical"
              disabled={!editable}
              initialValues={{ name: account.name, description: account.description }}
              onFinish={(v: { name: string; description: string }) => void patch(v)}
            >
              <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 64 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="description" label={t('description')} rules={[{ max: 512 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              {editable && (
                <Button htmlType="submit" type="primary">
                  {t('save')}
                </Button>
              )}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('ipWhitelist')}>
            <Typography.Paragraph type="secondary">{t('ipWhitelistHelp')}</Typography.Paragraph>
            <Form
              layout="vertical"
              disabled={!editable}
              initialValues={{ ip_whitelist: account.ip_whitelist }}
              onFinish={(v: { ip_whitelist: string[] }) => void patch(v)}
            >
              <Form.Item name="ip_whitelist">
                <Select
                  mode="tags"
                  aria-label={t('ipWhitelist')}
                  placeholder="203.0.113.7, 10.0.0.0/8"
                  tokenSeparators={[',', ' ']}
                />
              </Form.Item>
              {editable && (
                <Button htmlType="submit" type="primary">
                  {t('save')}
                </Button>
              )}
            </Form>
          </Card>
        </Col>
        {used.length > 0 && (
          <Col xs={24}>
            <Card title={t('apiUsageChart')}>
              <EChart option={chart} height={Math.max(160, used.slice(0, 10).length * 36 + 60)} />
            </Card>
          </Col>
        )}
        <Col xs={24} xl={10}>
          <Card title={t('capabilities')}>
            {ALL_CAPABILITIES.map((c) => (
              <Tag
                key={c}
                color={account.permissions.includes(c) ? 'green' : 'default'}
                style={{ marginBottom: 6 }}
              >
                {c} · {account.permissions.includes(c) ? t('granted') : t('notGranted')}
              </Tag>
            ))}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={`${t('quotaToday')} (${quotas.data?.day ?? ''})`}>
            <Table
              size="small"
              rowKey="cgi_path"
              loading={quotas.loading}
              dataSource={[...(quotas.data?.items ?? [])].sort((a, b) => b.used - a.used)}
              pagination={{ pageSize: 8, showSizeChanger: false }}
              columns={[
                {
                  title: 'cgi path',
                  dataIndex: 'cgi_path',
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                {
                  title: t('quotaToday'),
                  key: 'use',
                  render: (_: unknown, q: { used: number; daily_limit: number }) =>
                    `${q.used} / ${q.daily_limit}`,
                  sorter: (a, b) => a.used / a.daily_limit - b.used / b.daily_limit,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
