import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { countElectedComments } from './articles.queries.ts';
import { getManagedComment } from './get-comment.ts';
import type { ArticleRow } from './record-articles.ts';

/** Elected (精选) comments an article may show at once (88003 beyond). */
export const ELECTED_COMMENT_LIMIT = 100;

/**
 * comment/markelect and unmarkelect: elected comments are the ones every
 * reader sees under the article. Electing an elected comment (or the
 * reverse) changes nothing and succeeds.
 */
export async function setCommentElected(
  ctx: AppContext,
  article: ArticleRow,
  userCommentId: number,
  elected: boolean,
): Promise<void> {
  const comment = await getManagedComment(ctx, article, userCommentId);
  if ((comment.comment_type === 1) === elected) return;
  if (elected && (await countElectedComments(ctx.db, article.id)) >= ELECTED_COMMENT_LIMIT)
    throw new AppError('COMMENT_ELECT_LIMIT', `at most ${ELECTED_COMMENT_LIMIT} elected comments`);
  await ctx.db
    .updateTable('article_comments')
    .set({ comment_type: elected ? 1 : 0 })
    .where('id', '=', comment.id)
    .execute();
}
