import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import type { Follower } from '../followers/types.ts';

interface Template {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  content: string;
  example: string;
}

interface TemplatesView {
  industry: {
    primary_industry: { first_class: string; second_class: string };
    secondary_industry: { first_class: string; second_class: string };
  };
  templates: Template[];
  industries: { id: number; first_class: string; second_class: string }[];
  library: { short_id: string; industry_id: number; title: string; content: string; example: string }[];
}

/** The `{{name.DATA}}` placeholders of a template, in order. */
function placeholders(content: string): string[] {
  return [...content.matchAll(/\{\{(\w+)\.DATA\}\}/g)].map((m) => m[1]!);
}

/** The template as the follower will read it. */
function render(content: string, values: Record<string, string>): string {
  return content.replace(/\{\{(\w+)\.DATA\}\}/g, (_, key: string) => values[key] ?? '');
}

/** Industries, the template library, the account's templates and a test send with a rendered preview. */
export function TemplatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, editable } = useAccount();
  const view = useApi<TemplatesView>(`/accounts/${appid}/templates`);
  const [error, setError] = useState<ApiError | null>(null);
  const [industries, setIndustries] = useState<[number?, number?]>([]);
  const [testing, setTesting] = useState<Template | null>(null);

  async function run(method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown) {
    try {
      await api(method, `/accounts/${appid}/templates${path}`, body);
      setError(null);
      void message.success(t('saved'));
      view.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  if (view.error) return <ErrorAlert error={view.error} />;
  const v = view.data;
  if (!v) return null;
  const industryOptions = v.industries.map((i) => ({
    value: i.id,
    label: `${i.first_class} / ${i.second_class}`,
  }));
  const industryName = (c: { first_class: string; second_class: string }) =>
    c.first_class ? `${c.first_class} / ${c.second_class}` : '—';
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('templates')}
      </Typography.Title>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('industry')}>
            <Typography.Paragraph>
              {t('primaryIndustry')}: {industryName(v.industry.primary_industry)}
              <br />
              {t('secondaryIndustry')}: {industryName(v.industry.secondary_industry)}
            </Typography.Paragraph>
            {editable && (
              <Space wrap>
                <Select
                  aria-label={t('primaryIndustry')}
                  style={{ width: 200 }}
                  options={industryOptions}
                  value={industries[0]}
                  onChange={(id: number) => setIndustries([id, industries[1]])}
                />
                <Select
                  aria-label={t('secondaryIndustry')}
                  style={{ width: 200 }}
                  options={industryOptions}
                  value={industries[1]}
                  onChange={(id: number) => setIndustries([industries[0], id])}
                />
                <Button
                  disabled={industries[0] === undefined || industries[1] === undefined}
                  onClick={() =>
                    void run('PUT', '/industry', { industry_id1: industries[0], industry_id2: industries[1] })
                  }
                >
                  {t('save')}
                </Button>
              </Space>
            )}
          </Card>
          <Card title={t('myTemplates')} style={{ marginTop: 16 }}>
            <List
              dataSource={v.templates}
              renderItem={(tpl) => (
                <List.Item
                  actions={
                    editable
                      ? [
                          <a key="test" onClick={() => setTesting(tpl)}>
                            {t('sendTest')}
                          </a>,
                          <Popconfirm
                            key="delete"
                            title={t('delete')}
                            onConfirm={() => void run('DELETE', `/${tpl.template_id}`)}
                          >
                            <a>{t('delete')}</a>
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={tpl.title}
                    description={<span className="mono">{tpl.template_id}</span>}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('library')}>
            <Table
              rowKey="short_id"
              size="small"
              dataSource={v.library}
              pagination={{ pageSize: 8, showSizeChanger: false }}
              scroll={{ x: 560 }}
              columns={[
                {
                  title: 'ID',
                  dataIndex: 'short_id',
                  render: (s: string) => <span className="mono">{s}</span>,
                },
                { title: t('title'), dataIndex: 'title' },
                {
                  title: t('industry'),
                  dataIndex: 'industry_id',
                  render: (id: number) => industryOptions.find((o) => o.value === id)?.label ?? id,
                },
                ...(editable
                  ? [
                      {
                        title: '',
                        key: 'add',
                        render: (_: unknown, l: { short_id: string }) => (
                          <Button
                            size="small"
                            onClick={() => void run('POST', '', { template_id_short: l.short_id })}
                          >
                            {t('add')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {testing && <SendTestModal appid={appid} template={testing} onClose={() => setTesting(null)} />}
    </>
  );
}

function SendTestModal({
  appid,
  template,
  onClose,
}: {
  appid: string;
  template: Template;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const followers = useApi<{ items: Follower[] }>(`/accounts/${appid}/followers?limit=200`);
  const keys = useMemo(() => placeholders(template.content), [template.content]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [touser, setTouser] = useState<string>();
  const [url, setUrl] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  async function send() {
    try {
      await api('POST', `/accounts/${appid}/templates/send`, {
        touser,
        template_id: template.template_id,
        ...(url ? { url } : {}),
        data: Object.fromEntries(keys.map((k) => [k, { value: values[k] ?? '' }])),
      });
      void message.success(t('sent'));
      onClose();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <Modal
      open
      title={`${t('sendTest')} · ${template.title}`}
      onCancel={onClose}
      onOk={() => void send()}
      okText={t('sendReply')}
      okButtonProps={{ disabled: !touser }}
    >
      <ErrorAlert error={error} />
      <Form layout="vertical">
        <Form.Item label={t('recipient')}>
          <Select
            aria-label={t('recipient')}
            value={touser}
            onChange={setTouser}
            options={(followers.data?.items ?? [])
              .filter((f) => f.subscribed)
              .map((f) => ({ value: f.openid, label: f.nickname }))}
          />
        </Form.Item>
        {keys.map((k) => (
          <Form.Item key={k} label={k}>
            <Input
              aria-label={k}
              value={values[k] ?? ''}
              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            />
          </Form.Item>
        ))}
        <Form.Item label={t('link')}>
          <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
        </Form.Item>
      </Form>
      <Typography.Text strong>{t('preview')}</Typography.Text>
      <Card size="small" data-testid="template-preview" style={{ whiteSpace: 'pre-wrap', marginTop: 6 }}>
        <Typography.Text strong>{template.title}</Typography.Text>
        {'\n'}
        {render(template.content, values)}
      </Card>
    </Modal>
  );
}
