import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, ApiError, query } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import { ApiCallLog } from './ApiCallLog.tsx';

interface Attempt {
  attempt: number;
  started_at: number;
  duration_ms: number;
  outcome: string;
  error: string | null;
  request: { method: string; url: string; body: string };
  response: { status: number; headers: Record<string, string>; body: string } | null;
}

interface Delivery {
  id: string;
  openid: string;
  msg_type: string;
  event: string | null;
  url: string;
  message_mode: string;
  outcome: string;
  error: string | null;
  request_xml: string;
  reply_xml: string | null;
  attempt_count: number;
  replay_of: string | null;
  created_at: number;
  attempts?: Attempt[];
}

const OUTCOME_COLOR: Record<string, string> = {
  replied: 'green',
  no_reply: 'blue',
  failed: 'red',
  transferred: 'purple',
  pending: 'orange',
};

/** The delivery log (request/response per try, replay) and the sandbox clock. */
export function DevToolsPage() {
  const { t } = useI18n();
  const { appid, editable } = useAccount();
  const [outcome, setOutcome] = useState<string>();
  const deliveries = useApi<{ items: Delivery[] }>(
    `/accounts/${appid}/deliveries${query({ outcome, limit: 100 })}`,
  );
  const [error, setError] = useState<ApiError | null>(null);

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('devtools')}
      </Typography.Title>
      <ErrorAlert error={error ?? deliveries.error ?? null} />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <SandboxClock editable={editable} onError={setError} />
        </Col>
        <Col xs={24}>
          <ApiCallLog appid={appid} />
        </Col>
        <Col xs={24}>
          <ApiErrorLog appid={appid} />
        </Col>
        <Col xs={24}>
          <Card
            title={t('deliveries')}
            extra={
              <Space>
                <Select
                  allowClear
                  placeholder={t('outcome')}
                  style={{ width: 140 }}
                  value={outcome}
                  onChange={setOutcome}
                  options={Object.keys(OUTCOME_COLOR).map((o) => ({ value: o, label: o }))}
                />
                <Button onClick={deliveries.reload}>↻</Button>
              </Space>
            }
          >
            <Table
              rowKey="id"
              size="small"
              loading={deliveries.loading}
              dataSource={deliveries.data?.items ?? []}
              scroll={{ x: 640 }}
              expandable={{
                expandedRowRender: (d: Delivery) => (
                  <DeliveryDetail id={d.id} editable={editable} onReplayed={deliveries.reload} />
                ),
              }}
              columns={[
                {
                  title: t('time'),
                  dataIndex: 'created_at',
                  render: (v: number) => new Date(v).toLocaleString(),
                },
                {
                  title: 'openid',
                  dataIndex: 'openid',
                  render: (v: string) => <span className="mono">{v}</span>,
                },
                {
                  title: 'MsgType',
                  key: 'type',
                  render: (_: unknown, d: Delivery) => `${d.msg_type}${d.event ? ` / ${d.event}` : ''}`,
                },
                {
                  title: t('outcome'),
                  dataIndex: 'outcome',
                  render: (v: string) => <Tag color={OUTCOME_COLOR[v]}>{v}</Tag>,
                },
                { title: '#', dataIndex: 'attempt_count' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function DeliveryDetail({
  id,
  editable,
  onReplayed,
}: {
  id: string;
  editable: boolean;
  onReplayed: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const detail = useApi<Delivery>(`/deliveries/${id}`);
  const [error, setError] = useState<ApiError | null>(null);
  const d = detail.data;
  if (!d) return <ErrorAlert error={detail.error ?? null} />;
  return (
    <div>
      <ErrorAlert error={error} />
      {editable && (
        <Button
          style={{ marginBottom: 8 }}
          onClick={() => {
            api('POST', `/deliveries/${id}/replay`)
              .then(() => {
                void message.success(t('replay'));
                onReplayed();
              })
              .catch((e: unknown) => setError(e as ApiError));
          }}
        >
          {t('replay')}
        </Button>
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="URL">
          <span className="mono">{d.url}</span> ({d.message_mode})
        </Descriptions.Item>
        {d.error && <Descriptions.Item label="error">{d.error}</Descriptions.Item>}
        <Descriptions.Item label={`${t('request')} XML`}>
          <pre className="mono">{d.request_xml}</pre>
        </Descriptions.Item>
        <Descriptions.Item label={`${t('response')} XML`}>
          <pre className="mono">{d.reply_xml ?? '—'}</pre>
        </Descriptions.Item>
      </Descriptions>
      {(d.attempts ?? []).map((a) => (
        <Card
          key={a.attempt}
          size="small"
          style={{ marginTop: 8 }}
          title={`#${a.attempt} · ${a.outcome} · ${a.duration_ms} ms`}
        >
          <Typography.Text strong>{t('request')}</Typography.Text>
          <pre className="mono">
            {a.request.method} {a.request.url}
            {'\n\n'}
            {a.request.body}
          </pre>
          <Typography.Text strong>{t('response')}</Typography.Text>
          <pre className="mono">
            {a.response ? `HTTP ${a.response.status}\n\n${a.response.body}` : (a.error ?? '—')}
          </pre>
        </Card>
      ))}
    </div>
  );
}

function SandboxClock({ editable, onError }: { editable: boolean; onError: (e: ApiError) => void }) {
  const { t } = useI18n();
  const clock = useApi<{ now: string; offset_seconds: number }>('/sandbox/clock');
  const [custom, setCustom] = useState<number | null>(3600);

  function advance(seconds: number) {
    api('POST', '/sandbox/clock/advance', { seconds })
      .then(clock.reload)
      .catch((e: unknown) => onError(e as ApiError));
  }

  return (
    <Card title={t('sandboxClock')}>
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('platformTime')}>
          <span data-testid="platform-time">
            {clock.data ? new Date(clock.data.now).toLocaleString() : '…'}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="offset">
          {clock.data ? `${clock.data.offset_seconds} s` : '…'}
        </Descriptions.Item>
      </Descriptions>
      {editable && (
        <Space wrap>
          <Button onClick={() => advance(3600)}>+1h</Button>
          <Button onClick={() => advance(86400)}>+1d</Button>
          <Button onClick={() => advance(2 * 86400)}>+48h</Button>
          <Space.Compact>
            <InputNumber
              min={1}
              value={custom}
              onChange={setCustom}
              addonAfter="s"
              aria-label={t('advance')}
            />
            <Button onClick={() => custom && advance(custom)}>{t('advance')}</Button>
          </Space.Compact>
          <Button
            onClick={() => {
              api('POST', '/sandbox/clock/reset')
                .then(clock.reload)
                .catch((e: unknown) => onError(e as ApiError));
            }}
          >
            {t('resetClock')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

interface FailedCall {
  rid: string;
  invoke_time: number;
  cost_in_ms: number;
  endpoint: string;
  request_url: string;
  request_body: string;
  response_body: string;
  errcode: number | null;
  errmsg: string | null;
  client_ip: string;
}

/** The account's failed Open API calls: endpoint, errcode, latency, and the exchange itself. */
function ApiErrorLog({ appid }: { appid: string }) {
  const { t } = useI18n();
  const log = useApi<{ items: FailedCall[] }>(`/accounts/${appid}/api-errors`);
  return (
    <Card title={t('apiLog')} extra={<Button onClick={log.reload}>↻</Button>}>
      <Typography.Paragraph type="secondary">{t('apiLogHelp')}</Typography.Paragraph>
      <ErrorAlert error={log.error ?? null} />
      <Table
        rowKey="rid"
        size="small"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        scroll={{ x: 640 }}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        expandable={{
          expandedRowRender: (c: FailedCall) => (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="rid">
                <span className="mono">{c.rid}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('request')}>
                <pre className="mono">
                  {c.request_url}
                  {c.request_body ? `\n\n${c.request_body}` : ''}
                </pre>
              </Descriptions.Item>
              <Descriptions.Item label={t('response')}>
                <pre className="mono">{c.response_body}</pre>
              </Descriptions.Item>
              <Descriptions.Item label="IP">{c.client_ip}</Descriptions.Item>
            </Descriptions>
          ),
        }}
        columns={[
          {
            title: t('time'),
            dataIndex: 'invoke_time',
            render: (v: number) => new Date(v * 1000).toLocaleString(),
          },
          {
            title: t('endpoint'),
            dataIndex: 'endpoint',
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            title: 'errcode',
            key: 'errcode',
            render: (_: unknown, c: FailedCall) => (
              <>
                <Tag color="red">{c.errcode ?? '—'}</Tag>
                {c.errmsg}
              </>
            ),
          },
          { title: t('latency'), dataIndex: 'cost_in_ms', render: (v: number) => `${v} ms` },
        ]}
      />
    </Card>
  );
}
