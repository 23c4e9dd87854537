import type { AppContext } from '../../context.ts';
import type { DraftArticlesTable, DraftsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectDraft, selectDraftArticles } from './drafts.queries.ts';

/** A draft with its articles. */
export interface DraftWithArticles {
  draft: DraftsTable;
  articles: DraftArticlesTable[];
}

/** `draft/get`: the account's draft and its articles, or MEDIA_NOT_FOUND (40007). */
export async function getDraft(
  ctx: AppContext,
  accountId: string,
  mediaId: string,
): Promise<DraftWithArticles> {
  const draft = mediaId ? await selectDraft(ctx.db, accountId, mediaId) : undefined;
  if (!draft) throw new AppError('MEDIA_NOT_FOUND', 'no draft of this account has that media_id');
  return { draft, articles: await selectDraftArticles(ctx.db, [mediaId]) };
}
