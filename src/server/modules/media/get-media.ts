import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectMediaById } from './media.queries.ts';

/** True once temporary media has passed its 3 days on the platform clock (permanent media never expires). */
export function isMediaExpired(ctx: AppContext, row: MediaTable): boolean {
  return row.expires_at !== null && row.expires_at <= ctx.clock.now();
}

/**
 * The account's media by id. An unknown id, another account's media and
 * expired temporary media all throw MEDIA_NOT_FOUND (WeChat's 40007
 * `invalid media_id`), so a caller cannot tell which it was.
 */
export async function getMedia(ctx: AppContext, accountId: string, mediaId: string): Promise<MediaTable> {
  const row = mediaId ? await selectMediaById(ctx.db, mediaId) : undefined;
  if (!row || row.account_id !== accountId || isMediaExpired(ctx, row)) {
    throw new AppError(
      'MEDIA_NOT_FOUND',
      'unknown media_id, media of another account, or temporary media older than 3 days',
    );
  }
  return row;
}
