import type { AppContext } from '../../context.ts';
import { articleReader, logArticleEvent, type ReadSource } from './article-reader.ts';
import { bumpArticleCounter, selectArticleById } from './articles.queries.ts';
import { getLiveArticle } from './get-article.ts';
import type { ArticleRow } from './record-articles.ts';

/**
 * A user opened the article: read_count + 1 and an `article_read` event
 * with where they came from, in one transaction. Every open counts, as
 * WeChat's 阅读 does.
 */
export async function readArticle(
  ctx: AppContext,
  userId: string,
  articleId: string,
  source: ReadSource,
): Promise<ArticleRow> {
  const article = await getLiveArticle(ctx, articleId);
  const reader = await articleReader(ctx, userId, article);
  return ctx.db.transaction().execute(async (trx) => {
    await bumpArticleCounter(trx, article.id, 'read_count', 1);
    await logArticleEvent(ctx, trx, reader, article, 'article_read', { source });
    return (await selectArticleById(trx, article.id))!;
  });
}
