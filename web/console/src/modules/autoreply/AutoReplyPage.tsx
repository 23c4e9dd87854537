import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Row,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { messageSummary, type OutboundMessage, type Rule } from './types.ts';

interface Autoreply {
  settings: {
    autoreply_open: boolean;
    follow_reply_open: boolean;
    follow_reply: OutboundMessage | null;
    default_reply_open: boolean;
    default_reply: OutboundMessage | null;
  };
  rules: Rule[];
}

interface TestResult {
  replies: OutboundMessage[];
  rule: { id: string; rule_name: string } | null;
  reason: string;
  developer_mode?: true;
}

function textOf(m: OutboundMessage | null): string {
  return m?.msgtype === 'text' ? (m.text?.content ?? '') : '';
}

/** Keyword rules, follow and default replies, and the rule tester. */
export function AutoReplyPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, account, editable } = useAccount();
  const { data, reload, error } = useApi<Autoreply>(`/accounts/${appid}/autoreply`);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  async function call(method: 'PUT' | 'DELETE', path: string, body?: unknown) {
    try {
      await api(method, `/accounts/${appid}/autoreply${path}`, body);
      setSaveError(null);
      void message.success(t('saved'));
      reload();
    } catch (err) {
      setSaveError(err as ApiError);
    }
  }

  if (error) return <ErrorAlert error={error} />;
  if (!data) return null;
  const s = data.settings;
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('autoreply')}
      </Typography.Title>
      {account?.developer.enabled && (
        <Alert
          type="warning"
          showIcon
          message={t('devModeBanner')}
          style={{ marginBottom: 16 }}
          data-testid="devmode-banner"
        />
      )}
      <ErrorAlert error={saveError} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            title={t('keywordRules')}
            extra={
              <Space>
                <Switch
                  aria-label={t('autoreplyOpen')}
                  checked={s.autoreply_open}
                  disabled={!editable}
                  onChange={(v) => void call('PUT', '/settings', { autoreply_open: v })}
                />
                {t('autoreplyOpen')}
                {editable && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                    {t('addRule')}
                  </Button>
                )}
              </Space>
            }
          >
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.rules}
              scroll={{ x: 560 }}
              columns={[
                { title: t('ruleName'), dataIndex: 'rule_name' },
                {
                  title: t('keywords'),
                  key: 'keywords',
                  render: (_: unknown, r: Rule) =>
                    r.keywords.map((k, i) => (
                      <Tag key={i} color={k.match_mode === 'equal' ? 'green' : 'blue'}>
                        {k.content} · {k.match_mode === 'equal' ? t('matchEqual') : t('matchContain')}
                      </Tag>
                    )),
                },
                {
                  title: t('replies'),
                  key: 'replies',
                  render: (_: unknown, r: Rule) => (
                    <>
                      {r.replies.map((m, i) => (
                        <div key={i}>{messageSummary(m)}</div>
                      ))}
                      <Typography.Text type="secondary">
                        {r.reply_mode === 'reply_all' ? t('replyAll') : t('randomOne')}
                      </Typography.Text>
                    </>
                  ),
                },
                ...(editable
                  ? [
                      {
                        title: '',
                        key: 'actions',
                        width: 96,
                        render: (_: unknown, r: Rule) => (
                          <Space>
                            <Button
                              size="small"
                              icon={<EditOutlined />}
                              aria-label={t('edit')}
                              onClick={() => setEditing(r)}
                            />
                            <Popconfirm
                              title={t('delete')}
                              onConfirm={() => void call('DELETE', `/rules/${r.id}`)}
                            >
                              <Button
                                size="small"
                                danger
                                icon={<DeleteOutlined />}
                                aria-label={t('delete')}
                              />
                            </Popconfirm>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <RuleTester appid={appid} />
          <Card title={t('followReply')} style={{ marginTop: 16 }}>
            <ReplySetting
              open={s.follow_reply_open}
              text={textOf(s.follow_reply)}
              editable={editable}
              onSave={(open, text) =>
                void call('PUT', '/settings', {
                  follow_reply_open: open,
                  follow_reply: text ? { msgtype: 'text', text: { content: text } } : null,
                })
              }
            />
          </Card>
          <Card title={t('defaultReply')} style={{ marginTop: 16 }}>
            <ReplySetting
              open={s.default_reply_open}
              text={textOf(s.default_reply)}
              editable={editable}
              onSave={(open, text) =>
                void call('PUT', '/settings', {
                  default_reply_open: open,
                  default_reply: text ? { msgtype: 'text', text: { content: text } } : null,
                })
              }
            />
          </Card>
        </Col>
      </Row>
      {editing && (
        <RuleEditor
          appid={appid}
          rule={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      )}
    </>
  );
}

function ReplySetting(props: {
  open: boolean;
  text: string;
  editable: boolean;
  onSave: (open: boolean, text: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Form
      layout="vertical"
      disabled={!props.editable}
      initialValues={{ open: props.open, text: props.text }}
      onFinish={(v: { open: boolean; text: string }) => props.onSave(v.open, v.text)}
    >
      <Form.Item name="open" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Switch />
      </Form.Item>
      <Form.Item name="text" label={t('replyText')}>
        <Input.TextArea rows={2} maxLength={600} />
      </Form.Item>
      {props.editable && <Button htmlType="submit">{t('save')}</Button>}
    </Form>
  );
}

function RuleTester({ appid }: { appid: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <Card title={t('ruleTester')}>
      <Typography.Paragraph type="secondary">{t('ruleTesterHelp')}</Typography.Paragraph>
      <Input.Search
        aria-label={t('ruleTester')}
        enterButton={t('test')}
        onSearch={(text) => {
          if (!text) return;
          api<TestResult>('POST', `/accounts/${appid}/autoreply/test`, { text })
            .then((r) => {
              setResult(r);
              setError(null);
            })
            .catch((e: unknown) => setError(e as ApiError));
        }}
      />
      <ErrorAlert error={error} />
      {result && (
        <Descriptions column={1} size="small" style={{ marginTop: 12 }} data-testid="tester-result">
          <Descriptions.Item label={t('firedRule')}>
            {result.rule?.rule_name ?? t('noRule')}
          </Descriptions.Item>
          <Descriptions.Item label={t('doctorWhy')}>{result.reason}</Descriptions.Item>
          <Descriptions.Item label={t('replies')}>
            <div>
              {result.replies.length === 0
                ? t('noRule')
                : result.replies.map((m, i) => <div key={i}>{messageSummary(m)}</div>)}
            </div>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
