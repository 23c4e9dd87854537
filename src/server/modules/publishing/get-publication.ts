import type { AppContext } from '../../context.ts';
import type { PublicationsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { ArticleRow } from '../articles/record-articles.ts';
import { selectPublicationByPublishId, selectPublishedArticles } from './publishing.queries.ts';

/**
 * `freepublish/get` and the console's one publication: the account's
 * publication with this publish_id and its readable articles (none until
 * it succeeds), or PUBLISH_ID_INVALID (53502).
 */
export async function getPublication(
  ctx: AppContext,
  accountId: string,
  publishId: number,
): Promise<{ row: PublicationsTable; articles: ArticleRow[] }> {
  const row = await selectPublicationByPublishId(ctx.db, accountId, publishId);
  if (!row) throw new AppError('PUBLISH_ID_INVALID', `the account made no publication ${publishId}`);
  return { row, articles: await selectPublishedArticles(ctx.db, [row.id]) };
}
