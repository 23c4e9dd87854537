import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { articleReader, logArticleEvent, type ReadSource } from './article-reader.ts';
import { bumpArticleCounter, selectComment, type ArticleCommentRow } from './articles.queries.ts';
import { getLiveArticle } from './get-article.ts';

/** Longest comment a reader may write, in characters (WeChat's 留言 box stops at 600). */
export const COMMENT_MAX_CHARS = 600;

/**
 * A reader writes a comment (留言). Only where the article has comments open
 * (88000 otherwise), not from people the account blacklisted, and with
 * only_fans_can_comment only from current followers.
 * The comment gets the next user_comment_id of the article (1, 2, …); the
 * counter, the row and an `article_comment` event go in one transaction.
 * Comments wait unelected: other readers see them once the account elects them.
 */
export async function commentOnArticle(
  ctx: AppContext,
  userId: string,
  articleId: string,
  content: string,
  source: ReadSource | null,
): Promise<ArticleCommentRow> {
  const article = await getLiveArticle(ctx, articleId);
  const reader = await articleReader(ctx, userId, article);
  if (article.need_open_comment !== 1)
    throw new AppError('COMMENT_NO_PERMISSION', 'comments are closed on this article');
  // The account's blacklist (拉黑) also stops the person's comments, as in WeChat.
  if (reader.follower.blacklisted === 1)
    throw new AppError('COMMENT_NO_PERMISSION', 'the account has blacklisted this user');
  if (article.only_fans_can_comment === 1 && reader.follower.subscribed !== 1)
    throw new AppError(
      'COMMENTS_FOLLOWERS_ONLY',
      `follow the account first (PUT /gz/v1/users/${reader.user.id}/follows/${reader.account.appid})`,
    );
  const text = content.trim();
  if (text.length === 0 || [...text].length > COMMENT_MAX_CHARS)
    throw new AppError('VALIDATION_FAILED', `content: 1 to ${COMMENT_MAX_CHARS} characters`, {
      details: [{ path: 'content', message: `1 to ${COMMENT_MAX_CHARS} characters` }],
    });
  return ctx.db.transaction().execute(async (trx) => {
    // The counter first: on PostgreSQL its UPDATE locks the article row, so
    // concurrent comments take numbers one after another.
    await bumpArticleCounter(trx, article.id, 'comment_count', 1);
    const last = await trx
      .selectFrom('article_comments')
      .select((eb) => eb.fn.max('user_comment_id').as('n'))
      .where('article_ref', '=', article.id)
      .executeTakeFirst();
    const userCommentId = Number(last?.n ?? 0) + 1;
    await trx
      .insertInto('article_comments')
      .values({
        id: newId('cmt'),
        article_ref: article.id,
        user_comment_id: userCommentId,
        user_id: reader.user.id,
        openid: reader.follower.openid,
        content: text,
        reply_content: null,
        reply_created_at: null,
        deleted_by: null,
        created_at: ctx.clock.now(),
      })
      .execute();
    await logArticleEvent(ctx, trx, reader, article, 'article_comment', {
      action: 'add',
      user_comment_id: userCommentId,
      source,
    });
    return (await selectComment(trx, article.id, userCommentId))!;
  });
}
