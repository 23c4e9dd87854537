import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectMediaById } from './media.queries.ts';

/** True once temporary media has passed its 3 days on the platform clock (permanent media never expires). */
export function isMediaExpired(ctx: AppContext, row: MediaTable): boolean {
  return row.expires_at !== null && row.expires_at <= ctx.clock.now();
}

/**
 * The account's temporary media by id (what media/get serves: follower
 * uploads and media/upload). An unknown id, another account's media, expired
 * temporary media and permanent materials (those are get_material's) all
 * throw MEDIA_NOT_FOUND (WeChat's 40007 `invalid media_id`), so a caller
 * cannot tell which it was.
 */
export async function getMedia(ctx: AppContext, accountId: string, mediaId: string): Promise<MediaTable> {
  const row = mediaId ? await selectMediaById(ctx.db, mediaId) : undefined;
  const temporary = row?.origin === 'follower' || row?.origin === 'temporary';
  if (!row || !temporary || row.account_id !== accountId || isMediaExpired(ctx, row)) {
    throw new AppError(
      'MEDIA_NOT_FOUND',
      'unknown media_id, media of another account, a permanent material (use get_material), or temporary media older than 3 days',
    );
  }
  return row;
}
