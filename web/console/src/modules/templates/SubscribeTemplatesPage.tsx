import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
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

interface SubscribeTemplate {
  priTmplId: string;
  title: string;
  content: string;
  example: string;
  /** 2 one-time, 3 long-term. */
  type: number;
}

interface LibraryTemplate {
  tid: string;
  title: string;
  type: number;
  categoryId: number;
  keywords: { kid: number; name: string; example: string; rule: string }[];
}

interface SubscribeView {
  templates: SubscribeTemplate[];
  categories: { id: number; name: string }[];
  library: LibraryTemplate[];
}

/**
 * Subscribe notifications (订阅通知): the account's templates, and adding
 * one from the library — a category, a title, 2 to 5 of its keywords and the
 * scene shown in the follower's popup — or deleting one, on newtmpl/*'s
 * operations.
 */
export function SubscribeTemplatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { appid, editable } = useAccount();
  const base = `/accounts/${appid}/subscribe-templates`;
  const view = useApi<SubscribeView>(base);
  const [error, setError] = useState<ApiError | null>(null);
  const [category, setCategory] = useState<number>();
  const [tid, setTid] = useState<string>();
  const [kids, setKids] = useState<number[]>([]);
  const [scene, setScene] = useState('');

  async function run(method: 'POST' | 'DELETE', path: string, body?: unknown) {
    try {
      await api(method, path, body);
      setError(null);
      void message.success(t('saved'));
      view.reload();
      return true;
    } catch (err) {
      setError(err as ApiError);
      return false;
    }
  }

  if (view.error) return <ErrorAlert error={view.error} />;
  const v = view.data;
  if (!v) return null;
  const picked = v.library.find((l) => l.tid === tid);
  const typeTag = (type: number) => (
    <Tag color={type === 3 ? 'blue' : 'default'}>{type === 3 ? t('longTerm') : t('oneTime')}</Tag>
  );
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {t('subscribeTemplates')}
      </Typography.Title>
      <ErrorAlert error={error} />
      <Row gutter={[16, 16]}>
        {editable && (
          <Col xs={24} xl={10}>
            <Card title={t('addFromLibrary')}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Select
                  aria-label={t('category')}
                  placeholder={t('category')}
                  style={{ width: '100%' }}
                  value={category}
                  onChange={(c: number) => {
                    setCategory(c);
                    setTid(undefined);
                    setKids([]);
                  }}
                  options={v.categories.map((c) => ({ value: c.id, label: c.name }))}
                />
                <Select
                  aria-label={t('libraryTemplate')}
                  placeholder={t('libraryTemplate')}
                  style={{ width: '100%' }}
                  value={tid}
                  disabled={category === undefined}
                  onChange={(id: string) => {
                    setTid(id);
                    setKids([]);
                  }}
                  options={v.library
                    .filter((l) => l.categoryId === category)
                    .map((l) => ({ value: l.tid, label: l.title }))}
                />
                {picked && (
                  <>
                    <Typography.Text type="secondary">{t('pickKeywords')}</Typography.Text>
                    <Checkbox.Group
                      value={kids}
                      onChange={(values) => setKids(values)}
                      options={picked.keywords.map((k) => ({
                        value: k.kid,
                        label: `${k.name}（${k.example}）`,
                      }))}
                    />
                    <Input
                      aria-label={t('sceneDesc')}
                      placeholder={t('sceneDesc')}
                      maxLength={15}
                      showCount
                      value={scene}
                      onChange={(e) => setScene(e.target.value)}
                    />
                  </>
                )}
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  disabled={!picked || kids.length < 2 || kids.length > 5 || scene.trim() === ''}
                  onClick={() => {
                    // The order picked is the order the template lists its keywords in.
                    const ordered = picked!.keywords.map((k) => k.kid).filter((k) => kids.includes(k));
                    void run('POST', base, { tid, kidList: ordered, sceneDesc: scene }).then((ok) => {
                      if (!ok) return;
                      setTid(undefined);
                      setKids([]);
                      setScene('');
                    });
                  }}
                >
                  {t('add')}
                </Button>
              </Space>
            </Card>
          </Col>
        )}
        <Col xs={24} xl={editable ? 14 : 24}>
          <Card title={t('myTemplates')}>
            <Table
              rowKey="priTmplId"
              size="small"
              dataSource={v.templates}
              scroll={{ x: 560 }}
              columns={[
                { title: t('title'), dataIndex: 'title' },
                { title: '', dataIndex: 'type', render: typeTag },
                {
                  title: t('example'),
                  dataIndex: 'example',
                  render: (e: string) => <pre className="mono">{e}</pre>,
                },
                {
                  title: 'priTmplId',
                  dataIndex: 'priTmplId',
                  render: (id: string) => (
                    <Typography.Text className="mono" copyable ellipsis style={{ maxWidth: 140 }}>
                      {id}
                    </Typography.Text>
                  ),
                },
                ...(editable
                  ? [
                      {
                        title: '',
                        key: 'actions',
                        render: (_: unknown, tpl: SubscribeTemplate) => (
                          <Popconfirm
                            title={t('delete')}
                            onConfirm={() => void run('DELETE', `${base}/${tpl.priTmplId}`)}
                          >
                            <Button size="small" danger>
                              {t('delete')}
                            </Button>
                          </Popconfirm>
                        ),
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
