import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Drawer, Form, Input, List, Modal, Row, Select, Space, Tabs } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { ErrorAlert } from '../../lib/ErrorAlert.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';
import { CoverCropper } from './CoverCropper.tsx';
import type { Material } from './MaterialsTab.tsx';
import { RichTextEditor } from './RichTextEditor.tsx';

/** One article of a draft as the API returns it. */
export interface DraftArticle {
  title: string;
  author: string;
  digest: string;
  content: string;
  content_source_url: string;
  thumb_media_id: string;
  need_open_comment: number;
  only_fans_can_comment: number;
  pic_crop_235_1: string;
  pic_crop_1_1: string;
  url: string;
}

/** A draft: up to 8 articles under one media_id. */
export interface Draft {
  media_id: string;
  updated_at: number;
  articles: DraftArticle[];
}

/** WeChat's limit of articles in one draft (draft/add). */
const MAX_ARTICLES = 8;

/** An article being edited; `key` keeps React state with the article when the order changes. */
type EditedArticle = Omit<DraftArticle, 'url'> & { key: number };

let nextKey = 1;
function blankArticle(): EditedArticle {
  return {
    key: nextKey++,
    title: '',
    author: '',
    digest: '',
    content: '',
    content_source_url: '',
    thumb_media_id: '',
    need_open_comment: 1,
    only_fans_can_comment: 0,
    pic_crop_235_1: '',
    pic_crop_1_1: '',
  };
}

/**
 * The draft editor: the draft's articles in order (add up to 8, remove,
 * move up/down), the selected article's fields, its cover from the media
 * library with the 2.35:1 and 1:1 crop boxes, and a phone-sized preview of
 * the saved page as followers see it. Saving sends every article at once
 * (PUT …/drafts/:media_id), so the order on screen is the order stored.
 */
export function DraftEditor({
  appid,
  draft,
  onClose,
}: {
  appid: string;
  draft: Draft | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const images = useApi<{ items: Material[] }>(`/accounts/${appid}/materials?type=image&count=20`);
  const [articles, setArticles] = useState<EditedArticle[]>(() =>
    draft ? draft.articles.map(({ url: _url, ...a }) => ({ ...a, key: nextKey++ })) : [blankArticle()],
  );
  const [selected, setSelected] = useState(0);
  const [mediaId, setMediaId] = useState(draft?.media_id ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = articles[selected] ?? articles[0]!;

  function patch(change: Partial<EditedArticle>) {
    setArticles((list) => list.map((a, i) => (i === selected ? { ...a, ...change } : a)));
  }
  function moveTo(from: number, to: number) {
    if (to < 0 || to >= articles.length) return;
    const list = [...articles];
    const [item] = list.splice(from, 1);
    list.splice(to, 0, item!);
    setArticles(list);
    setSelected(to);
  }
  function remove(index: number) {
    setArticles(articles.filter((_, i) => i !== index));
    setSelected(Math.max(0, Math.min(selected, articles.length - 2)));
  }

  /** Saves the whole draft; returns its media_id, or null when the API said no. */
  async function save(): Promise<string | null> {
    const body = { articles: articles.map(({ key: _key, ...a }) => a) };
    try {
      const result = mediaId
        ? await api<Draft>('PUT', `/accounts/${appid}/drafts/${mediaId}`, body)
        : await api<Draft>('POST', `/accounts/${appid}/drafts`, body);
      setMediaId(result.media_id);
      setError(null);
      setSaved(true);
      return result.media_id;
    } catch (err) {
      setError(err as ApiError);
      return null;
    }
  }

  const library = images.data?.items ?? [];
  const imageOptions = library.map((m) => ({ url: m.url, label: m.filename, media_id: m.media_id }));
  const coverUrl = library.find((m) => m.media_id === current.thumb_media_id)?.url;
  return (
    <Drawer
      open
      width={Math.min(1080, window.innerWidth)}
      title={draft ? t('edit') : t('newArticle')}
      onClose={() => onClose(saved)}
      extra={
        <Space>
          <Button onClick={() => void save().then((id) => id && setPreview(`/s/${id}?idx=${selected + 1}`))}>
            {t('saveAndPreview')}
          </Button>
          <Button type="primary" onClick={() => void save().then((id) => id && onClose(true))}>
            {t('saveDraft')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} />
      <Row gutter={16}>
        <Col flex="220px">
          <List
            className="draft-article-list"
            size="small"
            bordered
            dataSource={articles}
            renderItem={(a, i) => (
              <List.Item
                key={a.key}
                data-testid={`draft-article-${i}`}
                className={i === selected ? 'selected' : ''}
                style={{ cursor: 'pointer' }}
                onClick={() => setSelected(i)}
                actions={[
                  <ArrowUpOutlined
                    key="up"
                    aria-label={t('moveUp')}
                    onClick={(e) => {
                      e.stopPropagation();
                      moveTo(i, i - 1);
                    }}
                  />,
                  <ArrowDownOutlined
                    key="down"
                    aria-label={t('moveDown')}
                    onClick={(e) => {
                      e.stopPropagation();
                      moveTo(i, i + 1);
                    }}
                  />,
                ]}
              >
                {i + 1}. {a.title || t('untitled')}
              </List.Item>
            )}
          />
          <Space direction="vertical" style={{ marginTop: 8, width: '100%' }}>
            <Button
              block
              icon={<PlusOutlined />}
              disabled={articles.length >= MAX_ARTICLES}
              title={articles.length >= MAX_ARTICLES ? t('maxArticles') : undefined}
              onClick={() => {
                setArticles([...articles, blankArticle()]);
                setSelected(articles.length);
              }}
            >
              {t('addArticle')}
            </Button>
            <Button
              block
              danger
              icon={<DeleteOutlined />}
              disabled={articles.length <= 1}
              onClick={() => remove(selected)}
            >
              {t('removeArticle')}
            </Button>
          </Space>
        </Col>
        <Col flex="auto">
          <ArticleFieldsForm
            key={current.key}
            article={current}
            images={imageOptions}
            coverUrl={coverUrl}
            onChange={patch}
          />
        </Col>
      </Row>
      <Modal
        open={preview !== null}
        title={t('phonePreview')}
        footer={null}
        width={440}
        onCancel={() => setPreview(null)}
      >
        {preview && (
          <Tabs
            activeKey={preview}
            onChange={setPreview}
            items={articles.map((a, i) => ({
              key: `/s/${mediaId}?idx=${i + 1}`,
              label: t('articleN').replace('{n}', String(i + 1)),
              children: (
                <div className="phone-frame">
                  <iframe title={t('phonePreview')} src={`/s/${mediaId}?idx=${i + 1}`} />
                </div>
              ),
            }))}
          />
        )}
      </Modal>
    </Drawer>
  );
}

/** The fields of one article; every change goes straight to the draft being edited. */
function ArticleFieldsForm(props: {
  article: EditedArticle;
  images: { url: string; label: string; media_id: string }[];
  coverUrl: string | undefined;
  onChange: (change: Partial<EditedArticle>) => void;
}) {
  const { t } = useI18n();
  const { article, onChange } = props;
  return (
    <Form layout="vertical">
      <Form.Item label={t('title')} required htmlFor="article-title">
        <Input
          id="article-title"
          showCount
          maxLength={32}
          value={article.title}
          onChange={(e) => onChange({ title: e.target.value })}
        />
      </Form.Item>
      <Space wrap style={{ width: '100%' }}>
        <Form.Item label={t('author')} htmlFor="article-author">
          <Input
            id="article-author"
            maxLength={16}
            value={article.author}
            onChange={(e) => onChange({ author: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('cover')} required>
          <Select
            aria-label={t('cover')}
            style={{ minWidth: 220 }}
            value={article.thumb_media_id || undefined}
            // A new picture invalidates the boxes drawn on the old one.
            onChange={(v: string) => onChange({ thumb_media_id: v, pic_crop_235_1: '', pic_crop_1_1: '' })}
            options={props.images.map((i) => ({ value: i.media_id, label: i.label }))}
          />
        </Form.Item>
      </Space>
      {props.coverUrl && (
        <Space align="start" wrap style={{ marginBottom: 16 }}>
          <CoverCropper
            src={props.coverUrl}
            ratio={2.35}
            label={t('crop235')}
            value={article.pic_crop_235_1}
            onChange={(v) => onChange({ pic_crop_235_1: v })}
          />
          <CoverCropper
            src={props.coverUrl}
            ratio={1}
            label={t('crop1')}
            value={article.pic_crop_1_1}
            onChange={(v) => onChange({ pic_crop_1_1: v })}
          />
        </Space>
      )}
      <Form.Item label={t('digest')} htmlFor="article-digest">
        <Input.TextArea
          id="article-digest"
          rows={2}
          maxLength={120}
          value={article.digest}
          onChange={(e) => onChange({ digest: e.target.value })}
        />
      </Form.Item>
      <Form.Item label={t('body')} required>
        <RichTextEditor
          initial={article.content}
          images={props.images}
          onChange={(content) => onChange({ content })}
        />
      </Form.Item>
      <Form.Item label={t('originalLink')} htmlFor="article-source">
        <Input
          id="article-source"
          placeholder="https://"
          value={article.content_source_url}
          onChange={(e) => onChange({ content_source_url: e.target.value })}
        />
      </Form.Item>
      <Space>
        <Checkbox
          checked={article.need_open_comment === 1}
          onChange={(e) => onChange({ need_open_comment: e.target.checked ? 1 : 0 })}
        >
          {t('openComments')}
        </Checkbox>
        <Checkbox
          checked={article.only_fans_can_comment === 1}
          onChange={(e) => onChange({ only_fans_can_comment: e.target.checked ? 1 : 0 })}
        >
          {t('fansOnly')}
        </Checkbox>
      </Space>
    </Form>
  );
}
