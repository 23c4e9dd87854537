import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { selectComment, type ArticleCommentRow } from './articles.queries.ts';
import type { ArticleRow } from './record-articles.ts';

/**
 * A comment the account manages (comment/markelect, delete, reply): 88008
 * when there is no such number or the account deleted it, 88004 when its
 * writer deleted it.
 */
export async function getManagedComment(
  ctx: AppContext,
  article: ArticleRow,
  userCommentId: number,
): Promise<ArticleCommentRow> {
  const comment = await selectComment(ctx.db, article.id, userCommentId);
  if (!comment || comment.deleted_by === 'operator')
    throw new AppError('COMMENT_NOT_FOUND', `no comment ${userCommentId} on this article`);
  if (comment.deleted_by === 'user')
    throw new AppError('COMMENT_DELETED_BY_USER', `comment ${userCommentId} was deleted by its writer`);
  return comment;
}
