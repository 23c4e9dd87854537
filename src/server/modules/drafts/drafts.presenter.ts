import type { AppContext } from '../../context.ts';
import type { ArticleFields, DraftArticlesTable, DraftsTable } from '../../db/schema.ts';
import { platformUrl } from '../../lib/platform-url.ts';
import { mediaUrl } from '../media/media-url.ts';

/** Epoch ms → WeChat's epoch seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * A draft article's preview link (draft/get's `url`): the article page at
 * `/s/<media_id>?idx=<1-based>`, the convention news materials use too
 * (drafts and materials share the media id space).
 */
export function draftArticleUrl(ctx: AppContext, mediaId: string, idx: number): string {
  return platformUrl(ctx, `/s/${mediaId}?idx=${idx + 1}`);
}

/**
 * The fields of an article in WeChat's news_item shape, without `url`
 * (drafts, publications and published articles each add their own),
 * plus `thumb_url`. `withContent` false drops `content` (no_content=1).
 */
export function presentArticleFields(ctx: AppContext, a: ArticleFields, withContent = true) {
  return {
    article_type: a.article_type,
    title: a.title,
    author: a.author,
    digest: a.digest,
    ...(withContent ? { content: a.content } : {}),
    content_source_url: a.content_source_url,
    thumb_media_id: a.thumb_media_id,
    thumb_url: a.thumb_media_id ? mediaUrl(ctx, { media_id: a.thumb_media_id }) : '',
    show_cover_pic: a.show_cover_pic,
    need_open_comment: a.need_open_comment,
    only_fans_can_comment: a.only_fans_can_comment,
    pic_crop_235_1: a.pic_crop_235_1,
    pic_crop_1_1: a.pic_crop_1_1,
    ...(a.image_info ? { image_info: JSON.parse(a.image_info) as unknown } : {}),
  };
}

/** One draft article as draft/get answers it: the fields, its preview `url` and `thumb_url`. */
export function presentDraftArticle(ctx: AppContext, a: DraftArticlesTable, withContent = true) {
  return { ...presentArticleFields(ctx, a, withContent), url: draftArticleUrl(ctx, a.media_id, a.idx) };
}

/** draft/batchget's item: `{media_id, content: {news_item, create_time, update_time}, update_time}`. */
export function presentDraftItem(
  ctx: AppContext,
  draft: DraftsTable,
  articles: readonly DraftArticlesTable[],
  withContent = true,
) {
  return {
    media_id: draft.media_id,
    content: {
      news_item: articles.map((a) => presentDraftArticle(ctx, a, withContent)),
      create_time: seconds(draft.created_at),
      update_time: seconds(draft.updated_at),
    },
    update_time: seconds(draft.updated_at),
  };
}

/** Our own API's draft: times in epoch ms, articles in news_item shape. */
export function presentDraft(ctx: AppContext, draft: DraftsTable, articles: readonly DraftArticlesTable[]) {
  return {
    media_id: draft.media_id,
    created_at: draft.created_at,
    updated_at: draft.updated_at,
    articles: articles.map((a) => presentDraftArticle(ctx, a)),
  };
}
