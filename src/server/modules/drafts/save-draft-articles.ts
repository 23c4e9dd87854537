import type { AppContext } from '../../context.ts';
import { checkDraftArticles } from './check-draft-articles.ts';
import { replaceDraftArticles } from './drafts.queries.ts';
import type { DraftArticle } from './drafts.schemas.ts';
import { getDraft, type DraftWithArticles } from './get-draft.ts';

/**
 * Our console's whole-draft save: replaces every article at once, so an
 * operator can add, remove and reorder (draft/update only edits one in
 * place). The same rules as draft/add.
 */
export async function saveDraftArticles(
  ctx: AppContext,
  accountId: string,
  mediaId: string,
  articles: readonly DraftArticle[],
): Promise<DraftWithArticles> {
  await getDraft(ctx, accountId, mediaId);
  const rows = await checkDraftArticles(ctx, accountId, articles);
  await replaceDraftArticles(ctx.db, mediaId, rows, ctx.clock.now());
  return getDraft(ctx, accountId, mediaId);
}
