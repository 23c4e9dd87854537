import type { AppContext } from '../../context.ts';
import type { ArticleFields } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { checkDraftArticle } from './check-draft-article.ts';
import { MAX_DRAFT_ARTICLES, type DraftArticle } from './drafts.schemas.ts';

/** A whole draft's articles: 1 to 8 (44003 / 45008), each passing checkDraftArticle. */
export async function checkDraftArticles(
  ctx: AppContext,
  accountId: string,
  articles: readonly DraftArticle[],
): Promise<ArticleFields[]> {
  if (articles.length === 0) throw new AppError('NEWS_EMPTY', 'send 1 to 8 articles');
  if (articles.length > MAX_DRAFT_ARTICLES)
    throw new AppError('NEWS_TOO_MANY_ARTICLES', `a draft holds at most ${MAX_DRAFT_ARTICLES} articles`);
  const out: ArticleFields[] = [];
  for (const [i, article] of articles.entries())
    out.push(await checkDraftArticle(ctx, accountId, article, i, articles.length === 1));
  return out;
}
