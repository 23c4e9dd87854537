import type { AppContext } from '../../context.ts';
import type { MaterialNewsArticlesTable, MaterialNewsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { checkNewsArticle } from './check-news-article.ts';
import { countNews, insertNews, selectFileMaterial } from './materials.queries.ts';
import { MATERIAL_LIMITS, MAX_NEWS_ARTICLES, type NewsArticle } from './materials.schemas.ts';

/**
 * Adds a news material (legacy `add_news`): 1 to 8 articles (44003 / 45008),
 * each passing checkNewsArticle, each cover a permanent image or thumb
 * material of the account (40007), within the 100,000 news limit (45034).
 * Content is stored as given; the article page sanitises it when rendering.
 */
export async function createNewsMaterial(
  ctx: AppContext,
  accountId: string,
  articles: readonly NewsArticle[],
): Promise<MaterialNewsTable> {
  if (articles.length === 0) throw new AppError('NEWS_EMPTY', 'send 1 to 8 articles');
  if (articles.length > MAX_NEWS_ARTICLES) {
    throw new AppError(
      'NEWS_TOO_MANY_ARTICLES',
      `a news material holds at most ${MAX_NEWS_ARTICLES} articles`,
    );
  }
  for (const [i, article] of articles.entries()) await checkArticle(ctx, accountId, article, i);
  if ((await countNews(ctx.db, accountId)) >= MATERIAL_LIMITS.news) {
    throw new AppError(
      'MATERIAL_QUOTA_REACHED',
      `an account holds at most ${MATERIAL_LIMITS.news} news materials`,
    );
  }
  const now = ctx.clock.now();
  const news: MaterialNewsTable = {
    media_id: randomUrlSafe(64),
    account_id: accountId,
    created_at: now,
    updated_at: now,
  };
  await insertNews(
    ctx.db,
    news,
    articles.map((a, idx) => articleRow(news.media_id, idx, a)),
  );
  return news;
}

/** checkNewsArticle plus the cover: a permanent image or thumb material of this account. */
export async function checkArticle(
  ctx: AppContext,
  accountId: string,
  article: NewsArticle,
  at: number,
): Promise<void> {
  checkNewsArticle(article, at);
  const cover = article.thumb_media_id
    ? await selectFileMaterial(ctx.db, accountId, article.thumb_media_id)
    : undefined;
  if (!cover || (cover.type !== 'image' && cover.type !== 'thumb')) {
    throw new AppError(
      'MEDIA_NOT_FOUND',
      `article ${at}: thumb_media_id must be a permanent image or thumb material of this account`,
    );
  }
}

/** The stored form of an article at `idx`. */
export function articleRow(mediaId: string, idx: number, a: NewsArticle): MaterialNewsArticlesTable {
  return {
    media_id: mediaId,
    idx,
    title: a.title,
    thumb_media_id: a.thumb_media_id,
    author: a.author,
    digest: a.digest,
    content: a.content,
    content_source_url: a.content_source_url,
    show_cover_pic: a.show_cover_pic,
    need_open_comment: a.need_open_comment,
    only_fans_can_comment: a.only_fans_can_comment,
  };
}
