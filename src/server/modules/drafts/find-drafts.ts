import type { AppContext } from '../../context.ts';
import { countDrafts, selectDraftArticles, selectDraftPage } from './drafts.queries.ts';
import type { DraftWithArticles } from './get-draft.ts';

/** `draft/batchget` and the console's list: one page of drafts, most recently updated first, and the total. */
export async function findDrafts(
  ctx: AppContext,
  accountId: string,
  offset: number,
  count: number,
): Promise<{ total: number; rows: DraftWithArticles[] }> {
  const [total, drafts] = await Promise.all([
    countDrafts(ctx.db, accountId),
    selectDraftPage(ctx.db, accountId, offset, count),
  ]);
  const articles = await selectDraftArticles(
    ctx.db,
    drafts.map((d) => d.media_id),
  );
  return {
    total,
    rows: drafts.map((draft) => ({
      draft,
      articles: articles.filter((a) => a.media_id === draft.media_id),
    })),
  };
}

/** `draft/count`: how many drafts the account holds. */
export async function countAccountDrafts(ctx: AppContext, accountId: string): Promise<number> {
  return countDrafts(ctx.db, accountId);
}
