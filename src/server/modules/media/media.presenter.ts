import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { extensionFor } from './media-formats.ts';
import { mediaUrl } from './media-url.ts';

/** A media file as our API shows it (times in epoch ms, like conversation messages). */
export function presentMedia(ctx: AppContext, row: MediaTable) {
  return {
    media_id: row.media_id,
    type: row.type,
    filename: row.filename,
    /** Detected from the bytes, not taken from the upload. */
    content_type: row.content_type,
    size: row.size,
    width: row.width,
    height: row.height,
    /** Public file URL (no credentials; the PicUrl of image messages). */
    url: mediaUrl(ctx, row),
    created_at: row.created_at,
    /** Null for permanent media. */
    expires_at: row.expires_at,
    /** Video materials only. */
    title: row.title,
    introduction: row.introduction,
  };
}

export type MediaView = ReturnType<typeof presentMedia>;

/** The file name downloads carry, as WeChat names them: `<media_id>.<ext>` (header-safe characters only). */
export function downloadFilename(row: Pick<MediaTable, 'media_id' | 'content_type'>): string {
  return `${row.media_id}.${extensionFor(row.content_type)}`;
}

/**
 * media/upload's answer (§12.1): `{type, media_id, created_at}` with
 * created_at in seconds, except that thumbs name the id `thumb_media_id`, as
 * WeChat does (code reading `media_id` for a thumb would break there).
 */
export function presentUploadedMedia(row: Pick<MediaTable, 'type' | 'media_id' | 'created_at'>) {
  const id = row.type === 'thumb' ? { thumb_media_id: row.media_id } : { media_id: row.media_id };
  return { type: row.type, ...id, created_at: Math.floor(row.created_at / 1000) };
}
