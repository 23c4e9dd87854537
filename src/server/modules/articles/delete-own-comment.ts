import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { articleReader, logArticleEvent } from './article-reader.ts';
import { bumpArticleCounter, selectComment } from './articles.queries.ts';
import { getArticle } from './get-article.ts';

/**
 * The writer deletes their own comment. It disappears from the page and
 * from comment/list, and comment/* answer 88004 for it from then on. Only
 * its writer may do this (COMMENT_NOT_FOUND for anyone else's, so comment
 * numbers of others cannot be probed).
 */
export async function deleteOwnComment(
  ctx: AppContext,
  userId: string,
  articleId: string,
  userCommentId: number,
): Promise<void> {
  const article = await getArticle(ctx, articleId);
  const reader = await articleReader(ctx, userId, article);
  const comment = await selectComment(ctx.db, article.id, userCommentId);
  if (!comment || comment.user_id !== reader.user.id || comment.deleted_by === 'operator')
    throw new AppError('COMMENT_NOT_FOUND', `you have no comment ${userCommentId} on this article`);
  if (comment.deleted_by === 'user') return;
  await ctx.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('article_comments')
      .set({ deleted_by: 'user' })
      .where('id', '=', comment.id)
      .where('deleted_by', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return;
    await bumpArticleCounter(trx, article.id, 'comment_count', -1);
    await logArticleEvent(ctx, trx, reader, article, 'article_comment', {
      action: 'delete',
      user_comment_id: userCommentId,
    });
  });
}
