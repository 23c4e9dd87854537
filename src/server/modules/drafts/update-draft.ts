import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { checkDraftArticle } from './check-draft-article.ts';
import { replaceDraftArticle } from './drafts.queries.ts';
import type { DraftArticle } from './drafts.schemas.ts';
import { getDraft } from './get-draft.ts';

/**
 * `draft/update` (§13.1): replaces the article at 0-based `index` with one
 * article object. MEDIA_NOT_FOUND (40007) for an unknown draft,
 * ARTICLE_INDEX_INVALID (40060) past its articles (update never adds one),
 * and draft/add's article rules.
 */
export async function updateDraft(
  ctx: AppContext,
  accountId: string,
  mediaId: string,
  index: number,
  article: DraftArticle,
): Promise<void> {
  const { articles } = await getDraft(ctx, accountId, mediaId);
  if (index < 0 || index >= articles.length)
    throw new AppError(
      'ARTICLE_INDEX_INVALID',
      `this draft has ${articles.length} article(s): index is 0-based, 0..${articles.length - 1}`,
    );
  const row = await checkDraftArticle(ctx, accountId, article, index, articles.length === 1);
  await replaceDraftArticle(ctx.db, mediaId, index, row, ctx.clock.now());
}
