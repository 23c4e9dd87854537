import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { mediaStore } from './media-store.ts';

/**
 * The stored bytes of a media row. A row whose file is gone (a database
 * restored without its media folder) answers MEDIA_NOT_FOUND and logs a warning.
 */
export async function readMediaBytes(ctx: AppContext, row: MediaTable): Promise<Buffer> {
  const bytes = await mediaStore(ctx).get(row.storage_key);
  if (!bytes) {
    ctx.log.warn(
      { media_id: row.media_id, storage_key: row.storage_key },
      'media file missing from the store',
    );
    throw new AppError('MEDIA_NOT_FOUND', 'the file is missing from the media store');
  }
  return bytes;
}
