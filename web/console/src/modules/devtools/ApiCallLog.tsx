import { Button, Card, Checkbox, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { query } from '../../lib/api.ts';
import { EChart } from '../../lib/EChart.tsx';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';

interface ApiCall {
  id: string;
  method: string;
  endpoint: string;
  errcode: number;
  latency_ms: number;
  created_at: number;
}

interface Bucket {
  start: number;
  calls: number;
  failed: number;
  avg_latency_ms: number | null;
  max_latency_ms: number;
}

/**
 * The API call log (issue 8): every Open API call of the account with
 * endpoint, errcode and latency, filtered by endpoint or to errcode≠0, and
 * an ECharts chart of calls, failures and average latency over the window.
 */
export function ApiCallLog({ appid }: { appid: string }) {
  const { t } = useI18n();
  const [endpoint, setEndpoint] = useState<string>();
  const [failedOnly, setFailedOnly] = useState(false);
  const [minutes, setMinutes] = useState(60);
  const log = useApi<{ items: ApiCall[]; endpoints: string[]; series: Bucket[] }>(
    `/accounts/${appid}/api-calls${query({ endpoint, failed: failedOnly ? '1' : undefined, window: minutes, limit: 200 })}`,
  );
  const series = log.data?.series;
  const option = useMemo(() => {
    const rows = series ?? [];
    const label = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return {
      animation: false,
      tooltip: { trigger: 'axis' as const },
      legend: { data: [t('calls'), t('failedCalls'), t('avgLatency')] },
      grid: { left: 40, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category' as const, data: rows.map((b) => label(b.start)) },
      yAxis: [
        { type: 'value' as const, minInterval: 1 },
        { type: 'value' as const, name: 'ms', position: 'right' as const },
      ],
      series: [
        {
          name: t('calls'),
          type: 'bar' as const,
          data: rows.map((b) => b.calls),
          itemStyle: { color: '#07c160' },
        },
        {
          name: t('failedCalls'),
          type: 'bar' as const,
          data: rows.map((b) => b.failed),
          itemStyle: { color: '#fa5151' },
        },
        {
          name: t('avgLatency'),
          type: 'line' as const,
          yAxisIndex: 1,
          connectNulls: true,
          data: rows.map((b) => b.avg_latency_ms),
          itemStyle: { color: '#1677ff' },
        },
      ],
    };
  }, [series, t]);

  return (
    <Card
      title={t('apiCalls')}
      extra={
        <Space wrap>
          <Segmented
            value={minutes}
            onChange={(v) => setMinutes(Number(v))}
            options={[
              { value: 60, label: t('lastHour') },
              { value: 1440, label: t('lastDay') },
            ]}
          />
          <Select
            allowClear
            aria-label={t('endpoint')}
            placeholder={t('allEndpoints')}
            style={{ minWidth: 240 }}
            value={endpoint}
            onChange={setEndpoint}
            options={(log.data?.endpoints ?? []).map((e) => ({ value: e, label: e }))}
          />
          <Checkbox checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)}>
            {t('failedOnly')}
          </Checkbox>
          <Button onClick={log.reload}>↻</Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('apiCallsHelp')}</Typography.Paragraph>
      <ErrorAlert error={log.error ?? null} />
      <div data-testid="api-call-chart">
        <EChart option={option} height={220} />
      </div>
      <Table
        rowKey="id"
        size="small"
        data-testid="api-calls"
        loading={log.loading}
        dataSource={log.data?.items ?? []}
        scroll={{ x: 640 }}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          {
            title: t('time'),
            dataIndex: 'created_at',
            render: (v: number) => new Date(v).toLocaleString(),
          },
          {
            title: t('endpoint'),
            key: 'endpoint',
            render: (_: unknown, c: ApiCall) => (
              <span className="mono">
                {c.method} {c.endpoint}
              </span>
            ),
          },
          {
            title: 'errcode',
            dataIndex: 'errcode',
            render: (v: number) => <Tag color={v === 0 ? 'green' : 'red'}>{v}</Tag>,
          },
          { title: t('latency'), dataIndex: 'latency_ms', render: (v: number) => `${v} ms` },
        ]}
      />
    </Card>
  );
}
