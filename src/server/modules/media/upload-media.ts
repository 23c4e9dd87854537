import type { AppContext } from '../../context.ts';
import type { MediaTable, MediaType } from '../../db/schema.ts';
import type { UploadedFile } from './upload-form.ts';
import { saveMedia } from './save-media.ts';

/**
 * Stores an account's temporary media (`media/upload`): checked by content
 * and per-type limits (checkMediaContent), downloadable through media/get
 * for 3 days on the platform clock, then 40007 and deleted by the expiry sweep.
 */
export async function uploadMedia(
  ctx: AppContext,
  accountId: string,
  type: MediaType,
  file: UploadedFile,
): Promise<MediaTable> {
  return saveMedia(ctx, {
    accountId,
    type,
    origin: 'temporary',
    filename: file.filename,
    bytes: file.bytes,
  });
}
