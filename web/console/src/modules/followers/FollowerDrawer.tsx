import { App, Button, Checkbox, Descriptions, Drawer, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { messageSummary, type OutboundMessage } from '../autoreply/types.ts';
import type { Follower, TagView } from './types.ts';

/** A conversation message (modules/messages/messages.presenter.ts). */
export interface ConversationMessage extends OutboundMessage {
  id: string;
  direction: 'in' | 'out';
  source: string;
  kf_account: string | null;
  created_at: number;
}

/**
 * Opens the follower client (/app, same origin) as this follower: starts the
 * device session, adds the user to it (sandbox only: the API says so
 * otherwise) and makes them the app's current identity, then opens the chat.
 */
export async function openFollowerClient(userId: string, appid: string): Promise<void> {
  await api('POST', '/app/session');
  await api('PUT', `/app/session/users/${userId}`);
  localStorage.setItem('gz.app.user', userId);
  window.open(`/app/chat/${appid}`, '_blank', 'noopener');
}

/** ms left in the service window on the platform clock, ticking every second. */
export function useWindowLeft(expiresAt: number | null): number {
  const clock = useApi<{ now_seconds: number }>('/sandbox/clock');
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const [base] = useState(() => Date.now());
  if (!expiresAt || !clock.data) return 0;
  const platformNow = clock.data.now_seconds * 1000 + (tick - base);
  return Math.max(0, expiresAt - platformNow);
}

export function formatLeft(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}

/** The conversation, both directions, oldest first. */
export function Conversation({ messages }: { messages: ConversationMessage[] }) {
  return (
    <div className="chat-list" data-testid="conversation">
      {[...messages].reverse().map((m) => (
        <div key={m.id} className={`chat-msg ${m.direction}`}>
          <div className="chat-bubble">{messageSummary(m)}</div>
        </div>
      ))}
    </div>
  );
}

/** Profile drawer: tags, blacklist, the service window countdown, the conversation and a reply box. */
export function FollowerDrawer(props: {
  appid: string;
  openid: string;
  tags: TagView[];
  editable: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const base = `/accounts/${props.appid}/followers/${props.openid}`;
  const follower = useApi<Follower>(base);
  const conversation = useApi<{ items: ConversationMessage[] }>(`${base}/messages?limit=50`);
  const left = useWindowLeft(follower.data?.window_expires_at ?? null);
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  async function run(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
    try {
      await api(method, path, body);
      setError(null);
      void message.success(t('saved'));
      follower.reload();
      conversation.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  const f = follower.data;
  return (
    <Drawer
      open
      title={f?.nickname ?? props.openid}
      onClose={props.onClose}
      width={Math.min(560, window.innerWidth)}
    >
      <ErrorAlert error={error ?? follower.error ?? null} />
      {f && (
        <>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="openid">
              <span className="mono">{f.openid}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('remark')}>
              <Typography.Text
                data-testid="remark"
                editable={
                  props.editable
                    ? {
                        maxLength: 29,
                        onChange: (remark) => {
                          if (remark !== f.remark) void run('PUT', `${base}/remark`, { remark });
                        },
                      }
                    : false
                }
              >
                {f.remark}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('subscribeTime')}>
              {f.subscribe_time ? new Date(f.subscribe_time * 1000).toLocaleString() : '—'} ·{' '}
              {f.subscribe_scene}
            </Descriptions.Item>
            <Descriptions.Item label={t('serviceWindow')}>
              <span data-testid="window-state">
                {left > 0 ? (
                  <Tag color="green">
                    {t('windowOpen')} {formatLeft(left)} · {f.window_remaining} {t('messagesLeft')}
                  </Tag>
                ) : (
                  <Tag>{t('windowClosed')}</Tag>
                )}
              </span>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('tags')}</Typography.Title>
          <Checkbox.Group
            disabled={!props.editable}
            value={f.tag_ids}
            options={props.tags.filter((tg) => tg.id >= 100).map((tg) => ({ value: tg.id, label: tg.name }))}
            onChange={(next) => {
              const added = next.filter((id) => !f.tag_ids.includes(id));
              const removed = f.tag_ids.filter((id) => !next.includes(id));
              for (const id of added)
                void run('POST', `/accounts/${props.appid}/tags/${id}/members`, { openids: [f.openid] });
              for (const id of removed)
                void run('DELETE', `/accounts/${props.appid}/tags/${id}/members/${f.openid}`);
            }}
          />
          {props.editable && (
            <div style={{ margin: '12px 0' }}>
              <Button
                danger={!f.blacklisted}
                onClick={() =>
                  void run(f.blacklisted ? 'DELETE' : 'PUT', `/accounts/${props.appid}/blacklist/${f.openid}`)
                }
              >
                {f.blacklisted ? t('removeFromBlacklist') : t('addToBlacklist')}
              </Button>
            </div>
          )}
          <Button
            style={{ marginBottom: 12 }}
            onClick={() => {
              void openFollowerClient(f.user_id, props.appid).catch((e: unknown) => setError(e as ApiError));
            }}
          >
            {t('openAsFollower')}
          </Button>
          <Typography.Title level={5}>{t('conversation')}</Typography.Title>
          <Conversation messages={conversation.data?.items ?? []} />
          {props.editable && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input
                value={text}
                onChange={(e) => setText(e.target.value)}
                disabled={left === 0}
                aria-label={t('sendReply')}
              />
              <Button
                type="primary"
                disabled={left === 0 || !text}
                onClick={() => {
                  void run('POST', `${base}/messages`, { msgtype: 'text', text: { content: text } }).then(
                    () => setText(''),
                  );
                }}
              >
                {t('sendReply')}
              </Button>
            </Space.Compact>
          )}
        </>
      )}
    </Drawer>
  );
}
