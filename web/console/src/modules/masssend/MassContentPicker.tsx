import { Form, Input, Radio, Select } from 'antd';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { useApi } from '../../lib/useApi.ts';

/** Where an mpnews message's articles come from. */
export type NewsSource = 'published' | 'draft' | 'material';

/** The composer's content fields (besides target and schedule). */
export interface MassContent {
  msgtype: 'text' | 'mpnews' | 'image' | 'voice' | 'mpvideo';
  content?: string;
  news_source?: NewsSource;
  /** The picked item: an article id, a draft or material media_id, or a video material. */
  pick?: string;
  video_title?: string;
  video_description?: string;
}

interface Titled {
  media_id: string;
  articles: { title: string }[];
}

/**
 * The mass message as sendall takes it, from what was picked. A published
 * article and a video first go through the operations WeChat's API uses
 * for them (…/mass-sends/news copies the article as uploadnews does;
 * …/mass-sends/videos is media/uploadvideo), whose media_id the message
 * then carries.
 */
export async function massMessageOf(appid: string, v: MassContent): Promise<Record<string, unknown>> {
  if (v.msgtype === 'text') return { msgtype: 'text', text: { content: v.content ?? '' } };
  let mediaId = v.pick ?? '';
  if (v.msgtype === 'mpnews' && v.news_source === 'published') {
    mediaId = (
      await api<{ media_id: string }>('POST', `/accounts/${appid}/mass-sends/news`, { article_id: mediaId })
    ).media_id;
  }
  if (v.msgtype === 'mpvideo') {
    const video = await api<{ media_id: string }>('POST', `/accounts/${appid}/mass-sends/videos`, {
      media_id: mediaId,
      title: v.video_title ?? '',
      description: v.video_description ?? '',
    });
    return {
      msgtype: 'mpvideo',
      mpvideo: { media_id: video.media_id, title: v.video_title, description: v.video_description },
    };
  }
  return { msgtype: v.msgtype, [v.msgtype]: { media_id: mediaId } };
}

/**
 * Picks what a mass message carries instead of typing media_ids: text; for
 * mpnews a published article, a draft or a news material; an image, voice
 * or video from the media library (a video with the title and description
 * followers see).
 */
export function MassContentPicker({ appid, msgtype }: { appid: string; msgtype: MassContent['msgtype'] }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<MassContent>();
  const newsSource = Form.useWatch('news_source', form) ?? 'published';
  const mediaType = msgtype === 'mpvideo' ? 'video' : msgtype;
  const needsList = msgtype !== 'text';
  const published = useApi<{ items: { id: string; title: string }[] }>(
    needsList && msgtype === 'mpnews' && newsSource === 'published' ? `/accounts/${appid}/articles` : null,
  );
  const drafts = useApi<{ items: Titled[] }>(
    needsList && msgtype === 'mpnews' && newsSource === 'draft' ? `/accounts/${appid}/drafts?count=20` : null,
  );
  const news = useApi<{ items: Titled[] }>(
    needsList && msgtype === 'mpnews' && newsSource === 'material'
      ? `/accounts/${appid}/materials?type=news&count=20`
      : null,
  );
  const files = useApi<{ items: { media_id: string; filename: string; title: string | null }[] }>(
    needsList && msgtype !== 'mpnews' ? `/accounts/${appid}/materials?type=${mediaType}&count=20` : null,
  );

  if (msgtype === 'text')
    return (
      <Form.Item name="content" label={t('textContent')} rules={[{ required: true }]}>
        <Input.TextArea rows={4} maxLength={2048} showCount />
      </Form.Item>
    );

  const titled = (items: Titled[] | undefined) =>
    (items ?? []).map((d) => ({
      value: d.media_id,
      label: d.articles.map((a) => a.title).join(' / '),
    }));
  let options: { value: string; label: string }[];
  if (msgtype === 'mpnews')
    options =
      newsSource === 'published'
        ? (published.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))
        : titled(newsSource === 'draft' ? drafts.data?.items : news.data?.items);
  else
    options = (files.data?.items ?? []).map((m) => ({
      value: m.media_id,
      label: m.title ? `${m.title} (${m.filename})` : m.filename,
    }));

  return (
    <>
      {msgtype === 'mpnews' && (
        <Form.Item name="news_source" label={t('newsSource')} initialValue="published">
          <Radio.Group
            onChange={() => form.setFieldValue('pick', undefined)}
            options={[
              { value: 'published', label: t('publishedArticle') },
              { value: 'draft', label: t('drafts') },
              { value: 'material', label: t('newsMaterial') },
            ]}
          />
        </Form.Item>
      )}
      <Form.Item name="pick" label={t('pickContent')} rules={[{ required: true }]}>
        <Select aria-label={t('pickContent')} showSearch optionFilterProp="label" options={options} />
      </Form.Item>
      {msgtype === 'mpnews' && newsSource === 'draft' && (
        <Form.Item>
          <span className="ant-form-item-extra">{t('draftLeavesBox')}</span>
        </Form.Item>
      )}
      {msgtype === 'mpvideo' && (
        <>
          <Form.Item name="video_title" label={t('videoTitle')} rules={[{ max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="video_description" label={t('videoDescription')} rules={[{ max: 120 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
    </>
  );
}
