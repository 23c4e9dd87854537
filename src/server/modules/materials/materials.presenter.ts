import type { AppContext } from '../../context.ts';
import type { MaterialNewsArticlesTable, MaterialNewsTable, MediaTable } from '../../db/schema.ts';
import { platformUrl } from '../../lib/platform-url.ts';
import { mediaUrl } from '../media/media-url.ts';

/** Epoch ms → WeChat's epoch seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Where a news article will be read: the platform's article page (served by
 * the article-pages part of issue 6), `idx` 1-based as in WeChat's links.
 */
export function newsArticleUrl(ctx: AppContext, mediaId: string, idx: number): string {
  return platformUrl(ctx, `/s/${mediaId}?idx=${idx + 1}`);
}

/** One article in WeChat's news_item shape (get_material, batchget_material), plus thumb_url. */
export function presentNewsArticle(ctx: AppContext, article: MaterialNewsArticlesTable) {
  return {
    title: article.title,
    thumb_media_id: article.thumb_media_id,
    thumb_url: mediaUrl(ctx, { media_id: article.thumb_media_id }),
    show_cover_pic: article.show_cover_pic,
    author: article.author,
    digest: article.digest,
    content: article.content,
    url: newsArticleUrl(ctx, article.media_id, article.idx),
    content_source_url: article.content_source_url,
    need_open_comment: article.need_open_comment,
    only_fans_can_comment: article.only_fans_can_comment,
  };
}

/** batchget_material's item for a file material: `{media_id, name, update_time, url}`. */
export function presentFileMaterialItem(ctx: AppContext, row: MediaTable) {
  return {
    media_id: row.media_id,
    name: row.filename,
    update_time: seconds(row.created_at),
    url: mediaUrl(ctx, row),
  };
}

/** batchget_material's item for news: `{media_id, content: {news_item, create_time, update_time}, update_time}`. */
export function presentNewsItem(
  ctx: AppContext,
  news: MaterialNewsTable,
  articles: readonly MaterialNewsArticlesTable[],
) {
  return {
    media_id: news.media_id,
    content: {
      news_item: articles.map((a) => presentNewsArticle(ctx, a)),
      create_time: seconds(news.created_at),
      update_time: seconds(news.updated_at),
    },
    update_time: seconds(news.updated_at),
  };
}
