import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { platformUrl } from '../../lib/platform-url.ts';

/** Prefix of public media file URLs (after WeChat's mmbiz.qpic.cn image host). */
export const MEDIA_FILE_PREFIX = '/mmbiz';

/**
 * The absolute public URL of a media file (an image message's PicUrl, a
 * video's video_url). Developer servers fetch it with a plain GET, so it
 * needs no credentials; it is unguessable because media ids are 64
 * characters of 6 random bits each, and it stops working when the media expires.
 */
export function mediaUrl(ctx: AppContext, row: Pick<MediaTable, 'media_id'>): string {
  return platformUrl(ctx, `${MEDIA_FILE_PREFIX}/${row.media_id}`);
}
