import type { AppContext } from '../../context.ts';
import { bumpArticleCounter } from './articles.queries.ts';
import { getManagedComment } from './get-comment.ts';
import type { ArticleRow } from './record-articles.ts';

/**
 * comment/delete: the account removes a comment (and its reply) from the
 * article; comment/* answer 88008 for it afterwards. The row is kept,
 * marked, so the writer's event log entries still point at something.
 */
export async function deleteComment(
  ctx: AppContext,
  article: ArticleRow,
  userCommentId: number,
): Promise<void> {
  const comment = await getManagedComment(ctx, article, userCommentId);
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('article_comments')
      .set({ deleted_by: 'operator' })
      .where('id', '=', comment.id)
      .where('deleted_by', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) await bumpArticleCounter(trx, article.id, 'comment_count', -1);
  });
}
