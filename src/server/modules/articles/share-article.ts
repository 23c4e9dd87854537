import type { AppContext } from '../../context.ts';
import { articleReader, logArticleEvent, type ReadSource } from './article-reader.ts';
import { bumpArticleCounter, selectArticleById } from './articles.queries.ts';
import { getLiveArticle } from './get-article.ts';
import type { ArticleRow } from './record-articles.ts';

/** Where a reader shared an article: to a friend's chat or to Moments (朋友圈). */
export type ShareTarget = 'friend' | 'moments';

/**
 * The user shared the article (through the follower client): share_count + 1
 * and an `article_share` event with `to` and the read's source, together.
 */
export async function shareArticle(
  ctx: AppContext,
  userId: string,
  articleId: string,
  to: ShareTarget,
  source: ReadSource | null,
): Promise<ArticleRow> {
  const article = await getLiveArticle(ctx, articleId);
  const reader = await articleReader(ctx, userId, article);
  return ctx.db.transaction().execute(async (trx) => {
    await bumpArticleCounter(trx, article.id, 'share_count', 1);
    await logArticleEvent(ctx, trx, reader, article, 'article_share', { to, source });
    return (await selectArticleById(trx, article.id))!;
  });
}
