import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  InputNumber,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, query } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import type { Follower, TagView } from '../followers/types.ts';
import { MassContentPicker, massMessageOf, type MassContent } from './MassContentPicker.tsx';

interface MassSend {
  msg_id: number;
  kind: string;
  tag_id: number | null;
  msgtype: string;
  text?: { content: string };
  status: string;
  counts: { total: number; filter: number; sent: number; error: number; filtered: number };
  scheduled_at: number | null;
  created_at: number;
  finished_at: number | null;
}

interface Forecast {
  targets: number;
  blacklisted: number;
  at_monthly_cap: number;
  receivable: number;
  monthly_cap: number | null;
}

interface Composer extends MassContent {
  target: 'all' | 'tag';
  tag_id?: number;
  minutes?: number;
}

const STATUS_COLOR: Record<string, string> = {
  queued: 'orange',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
  cancelled: 'default',
  deleted: 'default',
};

/** Compose (text or a material), forecast the audience and caps, preview, send or schedule, and watch the history. */
export function MassSendPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, editable } = useAccount();
  const [form] = Form.useForm<Composer>();
  const target = Form.useWatch('target', form);
  const tagId = Form.useWatch('tag_id', form);
  const msgtype = Form.useWatch('msgtype', form);
  const tags = useApi<{ tags: TagView[] }>(`/accounts/${appid}/tags`);
  const followers = useApi<{ items: Follower[] }>(`/accounts/${appid}/followers?limit=200`);
  const forecast = useApi<Forecast>(
    `/accounts/${appid}/mass-sends/forecast${query({ tag_id: target === 'tag' ? tagId : undefined })}`,
  );
  const history = useApi<{ items: MassSend[] }>(`/accounts/${appid}/mass-sends?limit=50`);
  const [previewOpenid, setPreviewOpenid] = useState<string>();
  const [error, setError] = useState<ApiError | null>(null);

  // Live progress: re-read while a send is queued or running.
  const running = (history.data?.items ?? []).some((m) => m.status === 'queued' || m.status === 'sending');
  const { reload } = history;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 1000);
    return () => clearInterval(timer);
  }, [running, reload]);

  async function send() {
    const v = await form.validateFields();
    try {
      const clock = await api<{ now_seconds: number }>('GET', '/sandbox/clock');
      await api('POST', `/accounts/${appid}/mass-sends`, {
        target: v.target === 'tag' ? { type: 'tag', tag_id: v.tag_id } : { type: 'all' },
        ...(await massMessageOf(appid, v)),
        ...(v.minutes ? { send_at: clock.now_seconds * 1000 + v.minutes * 60_000 } : {}),
      });
      setError(null);
      void message.success(t('saved'));
      history.reload();
      forecast.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  async function preview() {
    const v = await form.validateFields();
    try {
      await api('POST', `/accounts/${appid}/mass-sends/preview`, {
        openid: previewOpenid,
        ...(await massMessageOf(appid, v)),
      });
      setError(null);
      void message.success(t('previewSent'));
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('massSend')}
      </Typography.Title>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('compose')}>
            <Form<Composer>
              form={form}
              layout="vertical"
              disabled={!editable}
              initialValues={{ target: 'all', msgtype: 'text' }}
            >
              <Form.Item name="target" label={t('target')}>
                <Radio.Group
                  options={[
                    { value: 'all', label: t('allFollowersTarget') },
                    { value: 'tag', label: t('byTag') },
                  ]}
                />
              </Form.Item>
              {target === 'tag' && (
                <Form.Item name="tag_id" label={t('tags')} rules={[{ required: true }]}>
                  <Select
                    aria-label={t('tags')}
                    options={(tags.data?.tags ?? []).map((tg) => ({
                      value: tg.id,
                      label: `${tg.name} (${tg.count})`,
                    }))}
                  />
                </Form.Item>
              )}
              <Form.Item name="msgtype" label={t('messageType')}>
                <Radio.Group
                  onChange={() => form.setFieldValue('pick', undefined)}
                  options={['text', 'mpnews', 'image', 'voice', 'mpvideo'].map((v) => ({
                    value: v,
                    label: v,
                  }))}
                />
              </Form.Item>
              <MassContentPicker appid={appid} msgtype={msgtype ?? 'text'} />
              <Form.Item name="minutes" label={t('scheduleIn')}>
                <InputNumber min={1} aria-label={t('scheduleIn')} />
              </Form.Item>
              {editable && (
                <Space wrap>
                  <Button type="primary" onClick={() => void send()}>
                    {t('sendNow')} / {t('schedule')}
                  </Button>
                  <Select
                    aria-label={t('previewTo')}
                    placeholder={t('previewTo')}
                    style={{ minWidth: 200 }}
                    value={previewOpenid}
                    onChange={setPreviewOpenid}
                    options={(followers.data?.items ?? []).map((f) => ({
                      value: f.openid,
                      label: f.nickname,
                    }))}
                  />
                  <Button disabled={!previewOpenid} onClick={() => void preview()}>
                    {t('previewTo')}
                  </Button>
                </Space>
              )}
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('forecast')}>
            {forecast.data && (
              <Descriptions column={1} size="small" data-testid="forecast">
                <Descriptions.Item label={t('targets')}>{forecast.data.targets}</Descriptions.Item>
                <Descriptions.Item label={t('blacklisted')}>{forecast.data.blacklisted}</Descriptions.Item>
                <Descriptions.Item label={t('atMonthlyCap')}>
                  {forecast.data.at_monthly_cap}
                  {forecast.data.monthly_cap !== null ? ` (≤ ${forecast.data.monthly_cap}/month)` : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('receivable')}>
                  <strong>{forecast.data.receivable}</strong>
                </Descriptions.Item>
              </Descriptions>
            )}
            <ErrorAlert error={forecast.error ?? null} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('history')}>
            <Table
              rowKey="msg_id"
              size="small"
              dataSource={history.data?.items ?? []}
              scroll={{ x: 720 }}
              columns={[
                {
                  title: t('time'),
                  dataIndex: 'created_at',
                  render: (v: number) => new Date(v).toLocaleString(),
                },
                { title: 'msg_id', dataIndex: 'msg_id' },
                {
                  title: t('target'),
                  key: 'target',
                  render: (_: unknown, m: MassSend) =>
                    m.kind === 'tag' ? `${t('byTag')} ${m.tag_id}` : m.kind,
                },
                {
                  title: t('messageType'),
                  key: 'msg',
                  render: (_: unknown, m: MassSend) => (m.text ? m.text.content : m.msgtype),
                },
                {
                  title: t('status'),
                  dataIndex: 'status',
                  render: (v: string, m: MassSend) => (
                    <span data-testid={`mass-status-${m.msg_id}`}>
                      <Tag color={STATUS_COLOR[v]}>{v}</Tag>
                      {m.scheduled_at && m.status === 'queued'
                        ? new Date(m.scheduled_at).toLocaleString()
                        : ''}
                    </span>
                  ),
                },
                {
                  title: t('progress'),
                  key: 'progress',
                  render: (_: unknown, m: MassSend) => {
                    const total = m.counts.filtered || m.counts.total;
                    const done = m.counts.sent + m.counts.error;
                    return (
                      <Progress
                        size="small"
                        percent={m.status === 'sent' ? 100 : total ? Math.round((done / total) * 100) : 0}
                        status={m.status === 'failed' ? 'exception' : undefined}
                      />
                    );
                  },
                },
                {
                  title: `${t('sentCount')} / ${t('errorCount')} / ${t('targets')}`,
                  key: 'counts',
                  render: (_: unknown, m: MassSend) => (
                    <span data-testid={`mass-counts-${m.msg_id}`}>
                      {m.counts.sent} / {m.counts.error} / {m.counts.total}
                    </span>
                  ),
                },
                ...(editable
                  ? [
                      {
                        title: '',
                        key: 'actions',
                        render: (_: unknown, m: MassSend) =>
                          m.status === 'queued' || m.status === 'sending' ? (
                            <Button
                              size="small"
                              onClick={() => {
                                api('POST', `/accounts/${appid}/mass-sends/${m.msg_id}/cancel`)
                                  .then(history.reload)
                                  .catch((e: unknown) => setError(e as ApiError));
                              }}
                            >
                              {t('cancelSend')}
                            </Button>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
