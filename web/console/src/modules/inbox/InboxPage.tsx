import {
  App,
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Input,
  List,
  Row,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import { useInboxStream } from './useInboxStream.ts';
import {
  Conversation,
  formatLeft,
  useWindowLeft,
  type ConversationMessage,
} from '../followers/FollowerDrawer.tsx';
import type { Follower } from '../followers/types.ts';

interface KfAccount {
  kf_account: string;
  kf_nick: string;
  online: boolean;
}

interface KfSession {
  openid: string;
  status: 'waiting' | 'active';
  kf_account: string | null;
  created_at: number;
  latest_time: number | null;
}

/** The customer-service inbox: waiting, mine, all; claim, reply, close, with the service window visible. */
export function InboxPage() {
  const { t } = useI18n();
  const { appid } = useAccount();
  const agents = useApi<{ items: KfAccount[] }>(`/accounts/${appid}/kf-accounts`);
  const storageKey = `gz-console-kf-${appid}`;
  const [me, setMe] = useState<string | undefined>(() => localStorage.getItem(storageKey) ?? undefined);
  const [tab, setTab] = useState<'waiting' | 'mine' | 'all'>('waiting');
  const sessions = useApi<{ items: KfSession[] }>(
    `/accounts/${appid}/kf-sessions?status=${tab === 'waiting' ? 'waiting' : 'open'}`,
  );
  const [current, setCurrent] = useState<string | null>(null);
  const items = (sessions.data?.items ?? []).filter(
    (s) => tab !== 'mine' || (s.status === 'active' && s.kf_account === me),
  );
  const myAgent = agents.data?.items.find((a) => a.kf_account === me);
  // Live: a message in any conversation may open or move a session; the one
  // on screen re-reads its conversation.
  const [live, setLive] = useState<{ openid: string | null; n: number }>({ openid: null, n: 0 });
  const { reload: reloadSessions } = sessions;
  useInboxStream(appid, {
    onMessage: (m) => {
      reloadSessions();
      setLive((l) => ({ openid: m.openid, n: l.n + 1 }));
    },
    onConnected: () => {
      reloadSessions();
      setLive((l) => ({ openid: null, n: l.n + 1 }));
    },
  });

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('inbox')}
      </Typography.Title>
      <ErrorAlert error={agents.error ?? sessions.error ?? null} />
      {agents.data && agents.data.items.length === 0 && (
        <Alert type="info" showIcon message={t('noKfAccount')} style={{ marginBottom: 16 }} />
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>{t('kfAccount')}</Typography.Text>
        <Select
          aria-label={t('kfAccount')}
          style={{ minWidth: 240 }}
          value={myAgent ? me : undefined}
          onChange={(v: string) => {
            localStorage.setItem(storageKey, v);
            setMe(v);
          }}
          options={(agents.data?.items ?? []).map((a) => ({
            value: a.kf_account,
            label: `${a.kf_nick} (${a.kf_account})${a.online ? '' : ' · offline'}`,
          }))}
        />
        <Button onClick={sessions.reload}>↻</Button>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card>
            <Tabs
              activeKey={tab}
              onChange={(k) => setTab(k as typeof tab)}
              items={[
                { key: 'waiting', label: t('waiting') },
                { key: 'mine', label: t('mine') },
                { key: 'all', label: t('all') },
              ]}
            />
            <List
              dataSource={items}
              locale={{ emptyText: <Empty /> }}
              renderItem={(s) => (
                <List.Item
                  data-testid={`session-${s.openid}`}
                  onClick={() => setCurrent(s.openid)}
                  style={{ cursor: 'pointer', background: current === s.openid ? '#f0fff4' : undefined }}
                >
                  <List.Item.Meta
                    title={<span className="mono">{s.openid}</span>}
                    description={
                      <>
                        <Tag color={s.status === 'waiting' ? 'orange' : 'green'}>
                          {s.status === 'waiting' ? t('waiting') : s.kf_account}
                        </Tag>
                        {new Date(s.latest_time ?? s.created_at).toLocaleString()}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {current ? (
            <SessionPane
              key={current}
              agents={agents.data?.items ?? []}
              appid={appid}
              openid={current}
              me={myAgent ? me : undefined}
              session={(sessions.data?.items ?? []).find((s) => s.openid === current)}
              onChanged={sessions.reload}
              live={live.openid === null || live.openid === current ? live.n : 0}
            />
          ) : (
            <Card>
              <Empty />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

function SessionPane(props: {
  agents: KfAccount[];
  appid: string;
  openid: string;
  me: string | undefined;
  session: KfSession | undefined;
  onChanged: () => void;
  /** Changes whenever the live stream brings this conversation a message (or reconnects). */
  live: number;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const base = `/accounts/${props.appid}/followers/${props.openid}`;
  const follower = useApi<Follower>(base);
  const conversation = useApi<{ items: ConversationMessage[] }>(`${base}/messages?limit=50`);
  const left = useWindowLeft(follower.data?.window_expires_at ?? null);
  const [text, setText] = useState('');
  const [kind, setKind] = useState('text');
  const [find, setFind] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const sessionPath = `/accounts/${props.appid}/kf-sessions/${props.openid}`;
  const { reload: reloadConversation } = conversation;
  const { reload: reloadFollower } = follower;
  useEffect(() => {
    if (props.live === 0) return;
    reloadConversation();
    // A follower's message reopens the 48-hour window.
    reloadFollower();
  }, [props.live, reloadConversation, reloadFollower]);

  function send() {
    const body =
      kind === 'text'
        ? { msgtype: 'text', text: { content: text } }
        : kind === 'mpnewsarticle'
          ? { msgtype: kind, mpnewsarticle: { article_id: text } }
          : { msgtype: kind, [kind]: { media_id: text } };
    return run(`${sessionPath}/messages`, { kf_account: props.me, ...body }).then(() => setText(''));
  }

  async function run(path: string, body: unknown) {
    try {
      await api('POST', path, body);
      setError(null);
      void message.success(t('saved'));
      props.onChanged();
      conversation.reload();
      follower.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  const s = props.session;
  return (
    <Card
      title={follower.data?.nickname ?? props.openid}
      extra={
        <Space>
          {s?.status === 'waiting' && (
            <Button
              type="primary"
              disabled={!props.me}
              onClick={() => void run(`${sessionPath}/claim`, { kf_account: props.me })}
            >
              {t('claim')}
            </Button>
          )}
          {s?.status === 'active' && (
            <Select
              aria-label={t('transfer')}
              placeholder={t('transfer')}
              style={{ minWidth: 140 }}
              value={null}
              onChange={(to: string) => void run(`${sessionPath}/transfer`, { to_kf_account: to })}
              options={props.agents
                .filter((a) => a.kf_account !== s.kf_account)
                .map((a) => ({ value: a.kf_account, label: a.kf_nick }))}
            />
          )}
          {s?.status === 'active' && (
            <Button
              onClick={() => void run(`${sessionPath}/close`, props.me ? { kf_account: props.me } : {})}
            >
              {t('close')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <Typography.Paragraph data-testid="window-state">
        {left > 0 ? (
          <Tag color="green">
            {t('windowOpen')} {formatLeft(left)} · {follower.data?.window_remaining} {t('messagesLeft')}
          </Tag>
        ) : (
          <Tag>{t('windowClosed')}</Tag>
        )}
      </Typography.Paragraph>
      <Input.Search allowClear placeholder={t('search')} onSearch={setFind} style={{ marginBottom: 8 }} />
      <Conversation
        messages={(conversation.data?.items ?? []).filter((m) => !find || JSON.stringify(m).includes(find))}
      />
      {s?.status === 'active' && s.kf_account === props.me && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Select
            aria-label={t('messageType')}
            value={kind}
            onChange={setKind}
            style={{ width: 110 }}
            options={['text', 'image', 'mpnews', 'mpnewsarticle'].map((v) => ({ value: v, label: v }))}
          />
          <Input
            aria-label={t('sendReply')}
            placeholder={kind === 'text' ? '' : kind === 'mpnewsarticle' ? 'article_id' : 'media_id'}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={() => text && void send()}
          />
          <Button type="primary" disabled={!text} onClick={() => void send()}>
            {t('sendReply')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
