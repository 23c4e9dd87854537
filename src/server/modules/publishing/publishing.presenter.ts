import type { AppContext } from '../../context.ts';
import type { ArticleFields, PublicationsTable } from '../../db/schema.ts';
import { articleUrl, type ArticleRow } from '../articles/record-articles.ts';
import { presentArticleFields } from '../drafts/drafts.presenter.ts';

/** Epoch ms → WeChat's epoch seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/** The articles a publication copied from its draft at submit time. */
export function publicationArticles(row: PublicationsTable): ArticleFields[] {
  return JSON.parse(row.articles) as ArticleFields[];
}

/** fail_idx as stored (JSON), or []. */
export function failIdx(row: PublicationsTable): number[] {
  return row.fail_idx ? (JSON.parse(row.fail_idx) as number[]) : [];
}

/**
 * `freepublish/get`: publish_id (a JSON number, spec §13.2) and status;
 * on success article_id and article_detail with each article's permanent
 * link (1-based idx); fail_idx for statuses 2 and 4.
 */
export function presentPublishStatus(
  ctx: AppContext,
  row: PublicationsTable,
  articles: readonly ArticleRow[],
) {
  return {
    publish_id: row.publish_id,
    publish_status: row.publish_status,
    ...(row.article_id !== null ? { article_id: row.article_id } : {}),
    ...(row.publish_status === 0 || row.publish_status === 5
      ? {
          article_detail: {
            count: articles.length,
            item: articles.map((a) => ({ idx: a.idx + 1, article_url: articleUrl(ctx, a) })),
          },
        }
      : {}),
    ...(row.publish_status === 2 || row.publish_status === 4 ? { fail_idx: failIdx(row) } : {}),
  };
}

/** One published article in news_item shape: the fields, its `url` and `is_deleted`. */
export function presentPublishedArticle(ctx: AppContext, a: ArticleRow, withContent = true) {
  return {
    ...presentArticleFields(ctx, a, withContent),
    url: articleUrl(ctx, a),
    is_deleted: a.deleted_at !== null,
  };
}

/** freepublish/batchget's item: `{article_id, content: {news_item, create_time, update_time}, update_time}`. */
export function presentPublishedItem(
  ctx: AppContext,
  row: PublicationsTable,
  articles: readonly ArticleRow[],
  withContent = true,
) {
  const updated = seconds(row.finished_at ?? row.created_at);
  return {
    article_id: row.article_id,
    content: {
      news_item: articles.map((a) => presentPublishedArticle(ctx, a, withContent)),
      create_time: seconds(row.created_at),
      update_time: updated,
    },
    update_time: updated,
  };
}

/** Our own API's publication: state, schedule, and per-article counters from the readable articles. */
export function presentPublication(ctx: AppContext, row: PublicationsTable, articles: readonly ArticleRow[]) {
  const submitted = publicationArticles(row);
  const sum = (key: 'read_count' | 'like_count' | 'wow_count' | 'share_count' | 'comment_count') =>
    articles.reduce((n, a) => n + a[key], 0);
  return {
    id: row.id,
    publish_id: row.publish_id,
    publish_status: row.publish_status,
    status: STATUS_NAMES[row.publish_status] ?? 'unknown',
    draft_media_id: row.draft_media_id,
    article_id: row.article_id,
    msg_data_id: row.msg_data_id,
    fail_idx: failIdx(row),
    scheduled_at: row.scheduled_at,
    created_at: row.created_at,
    finished_at: row.finished_at,
    finish_delivery_id: row.finish_delivery_id,
    articles:
      articles.length > 0
        ? articles.map((a) => ({
            idx: a.idx,
            title: a.title,
            url: articleUrl(ctx, a),
            is_deleted: a.deleted_at !== null,
            counts: {
              read: a.read_count,
              like: a.like_count,
              wow: a.wow_count,
              share: a.share_count,
              comment: a.comment_count,
            },
          }))
        : submitted.map((a, idx) => ({ idx, title: a.title, url: null, is_deleted: false, counts: null })),
    counts: {
      read: sum('read_count'),
      like: sum('like_count'),
      wow: sum('wow_count'),
      share: sum('share_count'),
      comment: sum('comment_count'),
    },
  };
}

/** publish_status as a word, for people (spec §13.2). */
const STATUS_NAMES: Record<number, string> = {
  0: 'published',
  1: 'publishing',
  2: 'originality_check_failed',
  3: 'failed',
  4: 'review_rejected',
  5: 'deleted',
  6: 'banned',
};
