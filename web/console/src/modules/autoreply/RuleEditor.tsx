import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import type { OutboundMessage, Rule } from './types.ts';

interface RuleForm {
  rule_name: string;
  keywords: { match_mode: 'equal' | 'contain'; content: string }[];
  replies: { text: string }[];
  reply_mode: 'reply_all' | 'random_one';
}

/**
 * Add or change a keyword rule: up to 10 keywords (full or contains), up to
 * 5 replies, all or one at random. The editor writes text replies; other
 * reply types a rule already has are kept as they are.
 */
export function RuleEditor({
  appid,
  rule,
  onClose,
}: {
  appid: string;
  rule: Rule | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RuleForm>();
  const [error, setError] = useState<ApiError | null>(null);
  const kept: OutboundMessage[] = rule?.replies.filter((r) => r.msgtype !== 'text') ?? [];

  async function submit() {
    const v = await form.validateFields();
    const body = {
      rule_name: v.rule_name,
      keywords: v.keywords,
      replies: [
        ...v.replies.filter((r) => r.text).map((r) => ({ msgtype: 'text', text: { content: r.text } })),
        ...kept,
      ],
      reply_mode: v.reply_mode,
    };
    try {
      if (rule) await api('PUT', `/accounts/${appid}/autoreply/rules/${rule.id}`, body);
      else await api('POST', `/accounts/${appid}/autoreply/rules`, body);
      onClose(true);
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <Modal
      open
      title={rule ? t('edit') : t('addRule')}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      okText={t('save')}
      width={640}
    >
      <ErrorAlert error={error} />
      <Form<RuleForm>
        form={form}
        layout="vertical"
        initialValues={{
          rule_name: rule?.rule_name ?? '',
          keywords: rule?.keywords ?? [{ match_mode: 'equal', content: '' }],
          replies: rule
            ? rule.replies.filter((r) => r.msgtype === 'text').map((r) => ({ text: r.text?.content ?? '' }))
            : [{ text: '' }],
          reply_mode: rule?.reply_mode ?? 'reply_all',
        }}
      >
        <Form.Item name="rule_name" label={t('ruleName')} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.List name="keywords">
          {(fields, { add, remove }) => (
            <Form.Item label={t('keywords')} required>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'match_mode']} noStyle>
                    <Select
                      style={{ width: 110 }}
                      options={[
                        { value: 'equal', label: t('matchEqual') },
                        { value: 'contain', label: t('matchContain') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'content']} rules={[{ required: true, max: 30 }]}>
                    <Input aria-label={t('keywords')} placeholder={t('keywords')} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                </Space>
              ))}
              {fields.length < 10 && (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ match_mode: 'equal', content: '' })}
                >
                  {t('add')}
                </Button>
              )}
            </Form.Item>
          )}
        </Form.List>
        <Form.List name="replies">
          {(fields, { add, remove }) => (
            <Form.Item label={t('replies')} required>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'text']}
                    rules={[{ required: kept.length === 0, max: 600 }]}
                    style={{ width: 480 }}
                  >
                    <Input.TextArea aria-label={t('replyText')} rows={2} placeholder={t('replyText')} />
                  </Form.Item>
                  {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                </Space>
              ))}
              {fields.length + kept.length < 5 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '' })}>
                  {t('add')}
                </Button>
              )}
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="reply_mode" label={t('replyMode')}>
          <Radio.Group>
            <Radio value="reply_all">{t('replyAll')}</Radio>
            <Radio value="random_one">{t('randomOne')}</Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
