import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { useAccount } from '../accounts/useAccount.ts';
import { DraftEditor, type Draft } from './DraftEditor.tsx';
import { MaterialsTab } from './MaterialsTab.tsx';

interface Publication {
  id: string;
  publish_id: number;
  status: string;
  draft_media_id: string;
  created_at: number;
  articles: { idx: number; title: string; url: string; counts: Record<string, number> }[];
}

interface ArticleSummary {
  id: string;
  title: string;
  url: string;
  read_count: number;
  like_count: number;
  share_count: number;
  comment_count: number;
  need_open_comment: number;
  published_at: number;
  deleted: boolean;
}

interface Comment {
  user_comment_id: number;
  nickname: string;
  content: string;
  comment_type: number;
  create_time: number;
  reply?: { content: string };
}

/** Drafts with the article editor, publishing, published articles with counts and comment moderation, and the media library. */
export function ArticlesPage() {
  const { t } = useI18n();
  const { appid, editable } = useAccount();
  const [tab, setTab] = useState('drafts');
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('content')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'drafts',
            label: t('drafts'),
            children: <DraftsTab appid={appid} editable={editable} onPublished={() => setTab('published')} />,
          },
          {
            key: 'published',
            label: t('published'),
            children: <PublishedTab appid={appid} editable={editable} />,
          },
          {
            key: 'materials',
            label: t('materials'),
            children: <MaterialsTab appid={appid} editable={editable} />,
          },
        ]}
      />
    </>
  );
}

function DraftsTab({
  appid,
  editable,
  onPublished,
}: {
  appid: string;
  editable: boolean;
  onPublished: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const drafts = useApi<{ items: Draft[] }>(`/accounts/${appid}/drafts?count=20`);
  const [editing, setEditing] = useState<Draft | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [later, setLater] = useState<number | null>(null);

  async function publish(d: Draft) {
    try {
      const clock = later ? await api<{ now_seconds: number }>('GET', '/sandbox/clock') : null;
      await api('POST', `/accounts/${appid}/publications`, {
        draft_media_id: d.media_id,
        ...(clock && later ? { publish_at: clock.now_seconds * 1000 + later * 60_000 } : {}),
      });
      setError(null);
      void message.success(t('publishing'));
      onPublished();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <>
      <ErrorAlert error={error ?? drafts.error ?? null} />
      {editable && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('newArticle')}
          </Button>
          <InputNumber min={1} value={later} onChange={setLater} addonBefore={t('publishAt')} />
        </Space>
      )}
      <List
        grid={{ gutter: 16, xs: 1, md: 2, xl: 3 }}
        dataSource={drafts.data?.items ?? []}
        renderItem={(d) => (
          <List.Item>
            <Card
              size="small"
              title={d.articles[0]?.title}
              extra={new Date(d.updated_at).toLocaleString()}
              actions={
                editable
                  ? [
                      <a key="edit" onClick={() => setEditing(d)}>
                        {t('edit')}
                      </a>,
                      <a key="preview" href={d.articles[0]?.url} target="_blank" rel="noreferrer">
                        {t('preview')}
                      </a>,
                      <Popconfirm key="publish" title={t('publish')} onConfirm={() => void publish(d)}>
                        <a>{t('publish')}</a>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>
                {d.articles[0]?.digest}
              </Typography.Paragraph>
            </Card>
          </List.Item>
        )}
      />
      {editing && (
        <DraftEditor
          appid={appid}
          draft={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) drafts.reload();
          }}
        />
      )}
    </>
  );
}

function PublishedTab({ appid, editable }: { appid: string; editable: boolean }) {
  const { t } = useI18n();
  const publications = useApi<{ items: Publication[] }>(`/accounts/${appid}/publications`);
  const articles = useApi<{ items: ArticleSummary[] }>(`/accounts/${appid}/articles`);
  const [comments, setComments] = useState<ArticleSummary | null>(null);
  const pending = (publications.data?.items ?? []).filter(
    (p) => p.status !== 'published' && p.status !== 'deleted',
  );
  return (
    <>
      <ErrorAlert error={articles.error ?? publications.error ?? null} />
      {pending.length > 0 && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          extra={<Button onClick={publications.reload}>↻</Button>}
        >
          {pending.map((p) => (
            <div key={p.id}>
              <Tag color={p.status === 'publishing' ? 'blue' : 'red'}>{p.status}</Tag> {p.publish_id}
            </div>
          ))}
        </Card>
      )}
      <Table
        rowKey="id"
        size="small"
        dataSource={articles.data?.items ?? []}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('title'),
            key: 'title',
            render: (_: unknown, a: ArticleSummary) => (
              <a href={a.url} target="_blank" rel="noreferrer">
                {a.title}
              </a>
            ),
          },
          { title: t('reads'), dataIndex: 'read_count' },
          { title: t('likes'), dataIndex: 'like_count' },
          { title: t('shares'), dataIndex: 'share_count' },
          {
            title: t('comments'),
            key: 'comments',
            render: (_: unknown, a: ArticleSummary) => (
              <a onClick={() => setComments(a)}>{a.comment_count}</a>
            ),
          },
          {
            title: t('time'),
            dataIndex: 'published_at',
            render: (v: number) => new Date(v).toLocaleString(),
          },
        ]}
      />
      {comments && (
        <CommentsDrawer
          appid={appid}
          article={comments}
          editable={editable}
          onClose={() => setComments(null)}
        />
      )}
    </>
  );
}

function CommentsDrawer(props: {
  appid: string;
  article: ArticleSummary;
  editable: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const base = `/accounts/${props.appid}/articles/${props.article.id}/comments`;
  const list = useApi<{ items: Comment[] }>(base);
  const [error, setError] = useState<ApiError | null>(null);
  const [replying, setReplying] = useState<Record<number, string>>({});

  function run(method: 'PUT' | 'DELETE', path: string, body?: unknown) {
    api(method, `${base}/${path}`, body)
      .then(() => {
        setError(null);
        list.reload();
      })
      .catch((e: unknown) => setError(e as ApiError));
  }

  return (
    <Drawer
      open
      title={`${t('comments')} · ${props.article.title}`}
      width={Math.min(560, window.innerWidth)}
      onClose={props.onClose}
    >
      <ErrorAlert error={error ?? list.error ?? null} />
      <List
        dataSource={list.data?.items ?? []}
        renderItem={(c) => (
          <List.Item
            actions={
              props.editable
                ? [
                    c.comment_type === 1 ? (
                      <a key="u" onClick={() => run('DELETE', `${c.user_comment_id}/elected`)}>
                        {t('unelect')}
                      </a>
                    ) : (
                      <a key="e" onClick={() => run('PUT', `${c.user_comment_id}/elected`)}>
                        {t('elect')}
                      </a>
                    ),
                    <Popconfirm
                      key="d"
                      title={t('delete')}
                      onConfirm={() => run('DELETE', String(c.user_comment_id))}
                    >
                      <a>{t('delete')}</a>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <>
                  {c.nickname} {c.comment_type === 1 && <Tag color="gold">{t('elect')}</Tag>}
                </>
              }
              description={
                <>
                  <div>{c.content}</div>
                  {c.reply && <div style={{ color: '#07c160' }}>↳ {c.reply.content}</div>}
                  {props.editable && !c.reply && (
                    <Space.Compact style={{ marginTop: 6 }}>
                      <Input
                        size="small"
                        value={replying[c.user_comment_id] ?? ''}
                        onChange={(e) => setReplying({ ...replying, [c.user_comment_id]: e.target.value })}
                      />
                      <Button
                        size="small"
                        onClick={() =>
                          run('PUT', `${c.user_comment_id}/reply`, {
                            content: replying[c.user_comment_id] ?? '',
                          })
                        }
                      >
                        {t('reply')}
                      </Button>
                    </Space.Compact>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
