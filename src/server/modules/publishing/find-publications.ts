import type { AppContext } from '../../context.ts';
import type { PublicationsTable } from '../../db/schema.ts';
import type { ArticleRow } from '../articles/record-articles.ts';
import { countPublications, selectPublicationPage, selectPublishedArticles } from './publishing.queries.ts';

/**
 * One page of an account's publications, newest first, with their readable
 * articles. `successfulOnly` is freepublish/batchget's list (status 0: the
 * publications still online, some articles perhaps deleted); the console
 * sees every state, pending and failed ones included.
 */
export async function findPublications(
  ctx: AppContext,
  accountId: string,
  opts: { offset: number; count: number; successfulOnly: boolean },
): Promise<{ total: number; rows: { row: PublicationsTable; articles: ArticleRow[] }[] }> {
  const [total, rows] = await Promise.all([
    countPublications(ctx.db, accountId, opts.successfulOnly),
    selectPublicationPage(ctx.db, accountId, opts),
  ]);
  const articles = await selectPublishedArticles(
    ctx.db,
    rows.map((r) => r.id),
  );
  return {
    total,
    rows: rows.map((row) => ({ row, articles: articles.filter((a) => a.publication_id === row.id) })),
  };
}
