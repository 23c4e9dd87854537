import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { isMediaExpired } from './get-media.ts';
import { selectMediaById } from './media.queries.ts';

/**
 * Media behind a public file URL (mediaUrl): any account's, since the URL
 * itself is the credential, but MEDIA_NOT_FOUND once expired.
 */
export async function getPublicMedia(ctx: AppContext, mediaId: string): Promise<MediaTable> {
  const row = await selectMediaById(ctx.db, mediaId);
  if (!row || isMediaExpired(ctx, row))
    throw new AppError('MEDIA_NOT_FOUND', 'no such file, or it has expired');
  return row;
}
