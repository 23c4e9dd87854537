import type { AppContext } from '../../context.ts';
import type { PublicationsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { ArticleRow } from '../articles/record-articles.ts';
import { selectPublicationByArticleId, selectPublishedArticles } from './publishing.queries.ts';

/**
 * `freepublish/getarticle` (and delete's lookup): the successful
 * publication with this article_id and its articles, deleted ones
 * included, or ARTICLE_ID_INVALID (53600).
 */
export async function getPublishedArticle(
  ctx: AppContext,
  accountId: string,
  articleId: string,
): Promise<{ row: PublicationsTable; articles: ArticleRow[] }> {
  const row = articleId ? await selectPublicationByArticleId(ctx.db, accountId, articleId) : undefined;
  if (!row) throw new AppError('ARTICLE_ID_INVALID', 'the account published nothing with that article_id');
  return { row, articles: await selectPublishedArticles(ctx.db, [row.id]) };
}
