import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getPublication } from './get-publication.ts';

/**
 * Our console's cancel of a publication still pending (status 1, most
 * usefully a scheduled one): the row goes, and its queued job finds
 * nothing to do when it runs. PUBLICATION_NOT_CANCELLABLE once the publish
 * check has settled it; the guarded DELETE makes a cancel racing the job
 * lose cleanly rather than half-publish.
 */
export async function cancelPublication(
  ctx: AppContext,
  accountId: string,
  publishId: number,
): Promise<void> {
  const { row } = await getPublication(ctx, accountId, publishId);
  const deleted = await ctx.db
    .deleteFrom('publications')
    .where('id', '=', row.id)
    .where('publish_status', '=', 1)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0)
    throw new AppError('PUBLICATION_NOT_CANCELLABLE', `publication ${publishId} has already been settled`);
}
