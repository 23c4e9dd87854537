import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { deleteDraftRow } from './drafts.queries.ts';

/**
 * `draft/delete`: removes the draft (MEDIA_NOT_FOUND, 40007, when the
 * account has none by that id). Publications already submitted keep their
 * copy of the articles.
 */
export async function deleteDraft(ctx: AppContext, accountId: string, mediaId: string): Promise<void> {
  if (!mediaId || !(await deleteDraftRow(ctx.db, accountId, mediaId)))
    throw new AppError('MEDIA_NOT_FOUND', 'no draft of this account has that media_id');
}
