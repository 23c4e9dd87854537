import type { AppContext } from '../../context.ts';
import type { DraftsTable } from '../../db/schema.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { checkDraftArticles } from './check-draft-articles.ts';
import { insertDraft } from './drafts.queries.ts';
import type { DraftArticle } from './drafts.schemas.ts';

/**
 * `draft/add` (§13.1): a draft of 1 to 8 articles, each checked as
 * checkDraftArticle says. Its media_id is 64 URL-safe characters, in the
 * media id space materials use.
 */
export async function createDraft(
  ctx: AppContext,
  accountId: string,
  articles: readonly DraftArticle[],
): Promise<DraftsTable> {
  const rows = await checkDraftArticles(ctx, accountId, articles);
  const now = ctx.clock.now();
  const draft: DraftsTable = {
    media_id: randomUrlSafe(64),
    account_id: accountId,
    created_at: now,
    updated_at: now,
  };
  await insertDraft(ctx.db, draft, rows);
  return draft;
}
