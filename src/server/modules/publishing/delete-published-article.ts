import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getPublishedArticle } from './get-published-article.ts';

/**
 * `freepublish/delete` (§13.2): `index` 1..n deletes that article, 0
 * deletes them all (40060 outside the range). A deleted article's page says
 * so and getarticle marks it is_deleted; once every article is gone the
 * publication's status is 5 ("deleted by the user after success").
 * Deleting what is already deleted changes nothing.
 */
export async function deletePublishedArticle(
  ctx: AppContext,
  accountId: string,
  articleId: string,
  index = 0,
): Promise<void> {
  const { row, articles } = await getPublishedArticle(ctx, accountId, articleId);
  if (index < 0 || index > articles.length)
    throw new AppError('ARTICLE_INDEX_INVALID', `index must be 0 (all) or 1..${articles.length}`);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    let q = trx
      .updateTable('articles')
      .set({ deleted_at: now })
      .where('publication_id', '=', row.id)
      .where('deleted_at', 'is', null);
    if (index > 0) q = q.where('idx', '=', index - 1);
    await q.execute();
    const left = await trx
      .selectFrom('articles')
      .select('id')
      .where('publication_id', '=', row.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!left)
      await trx
        .updateTable('publications')
        .set({ publish_status: 5 })
        .where('id', '=', row.id)
        .where('publish_status', '=', 0)
        .execute();
  });
}
