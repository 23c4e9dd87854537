import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { selectCommentPage, type CommentListType, type CommentWithNickname } from './articles.queries.ts';
import type { ArticleRow } from './record-articles.ts';

/** comment/list's largest page (88010 beyond it). */
export const COMMENT_PAGE_MAX = 50;

/**
 * A page of an article's comments for the account (comment/list): the
 * comments its readers have not deleted, oldest first; `begin` is the
 * 0-based position to start at and `count` 1–50 (88010 otherwise); `type`
 * 0 all, 1 normal only, 2 elected only. `total` counts every match.
 */
export async function findComments(
  ctx: AppContext,
  article: ArticleRow,
  options: { begin: number; count: number; type: CommentListType },
): Promise<{ total: number; comments: CommentWithNickname[] }> {
  if (!Number.isInteger(options.count) || options.count <= 0 || options.count > COMMENT_PAGE_MAX)
    throw new AppError('COMMENT_COUNT_INVALID', `count ${options.count}`);
  const page = await selectCommentPage(ctx.db, article.id, options.type, options.begin, options.count);
  return { total: page.total, comments: page.rows };
}
