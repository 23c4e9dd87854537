import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getManagedComment } from './get-comment.ts';
import type { ArticleRow } from './record-articles.ts';

/** comment/reply/delete: removes the account's reply; 88009 when the comment has none. */
export async function deleteCommentReply(
  ctx: AppContext,
  article: ArticleRow,
  userCommentId: number,
): Promise<void> {
  const comment = await getManagedComment(ctx, article, userCommentId);
  if (comment.reply_content === null)
    throw new AppError('COMMENT_REPLY_NOT_FOUND', `comment ${userCommentId} has no reply`);
  await ctx.db
    .updateTable('article_comments')
    .set({ reply_content: null, reply_created_at: null })
    .where('id', '=', comment.id)
    .execute();
}
