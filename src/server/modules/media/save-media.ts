import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { MediaOrigin, MediaTable, MediaType } from '../../db/schema.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { checkMediaContent, type MediaContent } from './check-media-content.ts';
import { scheduleExpiredMediaSweep } from './delete-expired-media.ts';
import { mediaStore, newStorageKey } from './media-store.ts';
import { insertMedia } from './media.queries.ts';
import { TEMPORARY_MEDIA_TTL_MS } from './media.schemas.ts';

/** A file on its way into the media library. */
export interface NewMedia {
  accountId: string;
  type: MediaType;
  /** `follower` (sent by a follower), `temporary` (media/upload) or `permanent` (materials, never expire). */
  origin: MediaOrigin;
  /** Name as uploaded, kept for display; null or blank becomes `<type>.<ext>`. */
  filename?: string | null | undefined;
  bytes: Buffer;
  /** Largest size accepted; default the type's WeChat limit (uploadimg allows less). */
  limit?: number | undefined;
  /** A further check of what the bytes turned out to be (throws to refuse), before anything is stored. */
  accept?: ((content: MediaContent) => void) | undefined;
  /** A video material's title and introduction (add_material's `description`). */
  title?: string | null | undefined;
  introduction?: string | null | undefined;
}

/**
 * Checks the bytes (checkMediaContent: MEDIA_INVALID, MEDIA_EMPTY, the
 * type's size error, VOICE_TOO_LONG), writes them to the media store and
 * records the row. Temporary origins expire 3 days after `ctx.clock.now()`
 * and make sure a sweep is queued to delete them then. The file is written before the row
 * and removed again if the insert fails, so a row never points at nothing.
 * Shared by every way media arrives (follower uploads, media/upload,
 * uploadimg, add_material).
 */
export async function saveMedia(ctx: AppContext, media: NewMedia): Promise<MediaTable> {
  const content = await checkMediaContent(media.type, media.bytes, media.limit);
  media.accept?.(content);
  const now = ctx.clock.now();
  const row: MediaTable = {
    media_id: randomUrlSafe(64),
    account_id: media.accountId,
    type: media.type,
    origin: media.origin,
    filename: cleanFilename(media.filename) || `${media.type}.${content.ext}`,
    content_type: content.contentType,
    size: media.bytes.length,
    sha256: createHash('sha256').update(media.bytes).digest('hex'),
    storage_key: newStorageKey(),
    width: content.width,
    height: content.height,
    created_at: now,
    expires_at: expires(media.origin) ? now + TEMPORARY_MEDIA_TTL_MS : null,
    title: media.title ?? null,
    introduction: media.introduction ?? null,
  };
  const store = mediaStore(ctx);
  await store.put(row.storage_key, media.bytes);
  try {
    await insertMedia(ctx.db, row);
  } catch (err) {
    await store.delete(row.storage_key).catch((cleanup: unknown) => {
      ctx.log.warn({ err: cleanup, storage_key: row.storage_key }, 'could not remove an orphaned media file');
    });
    throw err;
  }
  if (row.expires_at !== null) await scheduleExpiredMediaSweep(ctx, row.expires_at);
  return row;
}

/** Follower and media/upload files live 3 days; materials and article images stay. */
function expires(origin: MediaOrigin): boolean {
  return origin === 'follower' || origin === 'temporary';
}

/** The last path segment, without control characters, at most 128 characters. */
function cleanFilename(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  return printable.trim().slice(0, 128);
}
