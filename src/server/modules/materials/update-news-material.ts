import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { articleRow, checkArticle } from './create-news-material.ts';
import { replaceNewsArticle, selectNews } from './materials.queries.ts';
import type { NewsArticle } from './materials.schemas.ts';

/**
 * Replaces the article at 0-based `index` of a news material (legacy
 * `update_news`): MEDIA_NOT_FOUND (40007) for an unknown news id,
 * ARTICLE_INDEX_INVALID (40060) past its articles, and the same article
 * rules as add_news.
 */
export async function updateNewsMaterial(
  ctx: AppContext,
  accountId: string,
  mediaId: string,
  index: number,
  article: NewsArticle,
): Promise<void> {
  const news = mediaId ? await selectNews(ctx.db, accountId, mediaId) : undefined;
  if (!news) throw new AppError('MEDIA_NOT_FOUND', 'no news material of this account has that media_id');
  await checkArticle(ctx, accountId, article, index);
  const replaced =
    index >= 0 && (await replaceNewsArticle(ctx.db, articleRow(mediaId, index, article), ctx.clock.now()));
  if (!replaced)
    throw new AppError(
      'ARTICLE_INDEX_INVALID',
      `this news material has no article at index ${index} (0-based)`,
    );
}
