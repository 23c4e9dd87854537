import type { AppContext } from '../../context.ts';
import { selectArticlePage } from './articles.queries.ts';
import type { ArticleRow } from './record-articles.ts';

/**
 * A page of the account's articles, newest first (deleted ones too, marked),
 * or with `q` a search of its live articles: title, digest and text, any
 * substring, CJK included; title matches come first, then newest.
 */
export async function findArticles(
  ctx: AppContext,
  accountId: string,
  options: { q?: string | undefined; offset: number; limit: number },
): Promise<{ total: number; rows: ArticleRow[] }> {
  return selectArticlePage(ctx.db, ctx.dialect, { accountId, ...options });
}
