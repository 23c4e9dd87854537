import type { AppContext } from '../../context.ts';
import { articleReader, logArticleEvent, type ReadSource } from './article-reader.ts';
import { bumpArticleCounter, selectArticleById } from './articles.queries.ts';
import { getLiveArticle } from './get-article.ts';
import type { ArticleRow } from './record-articles.ts';

/**
 * Sets or clears the user's like (赞) or wow (在看) on an article. Idempotent:
 * only a change moves the counter and logs an event (`article_like` or
 * `article_wow` with `on`), and both happen in the transaction that adds or
 * removes the reaction row, so the counter always equals the rows.
 */
export async function setArticleReaction(
  ctx: AppContext,
  userId: string,
  articleId: string,
  kind: 'like' | 'wow',
  on: boolean,
  source: ReadSource | null,
): Promise<ArticleRow> {
  const article = await getLiveArticle(ctx, articleId);
  const reader = await articleReader(ctx, userId, article);
  const column = kind === 'like' ? 'like_count' : 'wow_count';
  return ctx.db.transaction().execute(async (trx) => {
    let changed: boolean;
    if (on) {
      const result = await trx
        .insertInto('article_reactions')
        .values({ article_ref: article.id, user_id: reader.user.id, kind, created_at: ctx.clock.now() })
        .onConflict((oc) => oc.columns(['article_ref', 'user_id', 'kind']).doNothing())
        .executeTakeFirst();
      changed = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    } else {
      const result = await trx
        .deleteFrom('article_reactions')
        .where('article_ref', '=', article.id)
        .where('user_id', '=', reader.user.id)
        .where('kind', '=', kind)
        .executeTakeFirst();
      changed = Number(result.numDeletedRows) > 0;
    }
    if (changed) {
      await bumpArticleCounter(trx, article.id, column, on ? 1 : -1);
      await logArticleEvent(ctx, trx, reader, article, kind === 'like' ? 'article_like' : 'article_wow', {
        on,
        source,
      });
    }
    return (await selectArticleById(trx, article.id))!;
  });
}
