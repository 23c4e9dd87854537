import type { AppContext } from '../../context.ts';
import type { MediaTable, MediaType } from '../../db/schema.ts';
import { saveMedia } from './save-media.ts';

/** A file a simulated follower sends. */
export interface FollowerUpload {
  type: MediaType;
  /** Name on the follower's device (display only). */
  filename?: string | undefined;
  bytes: Buffer;
  /**
   * The Content-Type the client declared. Informative only: the stored
   * content_type comes from the bytes, so a wrong header never makes a file
   * unreadable and a renamed file never passes as something else.
   */
  contentType?: string | undefined;
}

/**
 * Stores a file a follower sends to an account (origin `follower`): its
 * MediaId goes into the push, and the developer can download it through
 * /cgi-bin/media/get for 3 days. The caller checks that the user follows
 * the account. Throws MEDIA_INVALID or MEDIA_TOO_LARGE (nothing is stored then).
 */
export async function uploadFollowerMedia(
  ctx: AppContext,
  accountId: string,
  upload: FollowerUpload,
): Promise<MediaTable> {
  return saveMedia(ctx, {
    accountId,
    type: upload.type,
    origin: 'follower',
    filename: upload.filename,
    bytes: upload.bytes,
  });
}
