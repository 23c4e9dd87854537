import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getManagedComment } from './get-comment.ts';
import type { ArticleRow } from './record-articles.ts';

/** Longest reply the account may write, in characters (88007 beyond). */
export const REPLY_MAX_CHARS = 1000;

/**
 * comment/reply/add: the account's one reply (作者回复) under a comment,
 * shown with it. Empty or too long: 88007; a second reply: 88005 (delete
 * the first with comment/reply/delete).
 */
export async function replyToComment(
  ctx: AppContext,
  article: ArticleRow,
  userCommentId: number,
  content: string,
): Promise<void> {
  const comment = await getManagedComment(ctx, article, userCommentId);
  if (content.trim().length === 0 || [...content].length > REPLY_MAX_CHARS)
    throw new AppError('COMMENT_REPLY_INVALID', `1 to ${REPLY_MAX_CHARS} characters`);
  if (comment.reply_content !== null)
    throw new AppError('COMMENT_ALREADY_REPLIED', `comment ${userCommentId} has a reply; delete it first`);
  const result = await ctx.db
    .updateTable('article_comments')
    .set({ reply_content: content, reply_created_at: ctx.clock.now() })
    .where('id', '=', comment.id)
    .where('reply_content', 'is', null)
    .executeTakeFirst();
  // Another reply won a race between the check and the update.
  if (Number(result.numUpdatedRows) === 0)
    throw new AppError('COMMENT_ALREADY_REPLIED', `comment ${userCommentId} has a reply; delete it first`);
}
