import type { AppContext } from '../../context.ts';
import type { AccountsTable, MassMediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { VIDEO_INTRODUCTION_MAX, VIDEO_TITLE_MAX } from '../materials/materials.schemas.ts';
import { isMediaExpired } from '../media/get-media.ts';
import { TEMPORARY_MEDIA_TTL_MS } from '../media/media.schemas.ts';
import { selectMediaById } from '../media/media.queries.ts';
import { deleteExpiredMassMedia, insertMassMedia } from './mass-media.queries.ts';
import type { UploadVideoBody } from './masssend.schemas.ts';
import type { MassMediaUploaded } from './upload-mass-news.ts';

/**
 * `/cgi-bin/media/uploadvideo`: wraps a live video of the account (from
 * media/upload, or a video material as newer docs allow) with a title and
 * description into the id mpvideo mass messages take. 40007 for anything
 * else; 45003/45004 past the mp console's title (64) and description (120)
 * lengths. The id expires after 3 days, and never outlives the video it
 * wraps, whose bytes the expired-media sweep deletes.
 */
export async function uploadMassVideo(
  ctx: AppContext,
  account: AccountsTable,
  body: UploadVideoBody,
): Promise<MassMediaUploaded> {
  const video = body.media_id ? await selectMediaById(ctx.db, body.media_id) : undefined;
  if (!video || video.account_id !== account.id || video.type !== 'video' || isMediaExpired(ctx, video))
    throw new AppError(
      'MEDIA_NOT_FOUND',
      'media_id must be a live video of this account (media/upload type=video)',
    );
  const title = body.title ?? '';
  const description = body.description ?? '';
  if ([...title].length > VIDEO_TITLE_MAX)
    throw new AppError('TITLE_TOO_LONG', `title is limited to ${VIDEO_TITLE_MAX} characters`);
  if ([...description].length > VIDEO_INTRODUCTION_MAX)
    throw new AppError(
      'DESCRIPTION_TOO_LONG',
      `description is limited to ${VIDEO_INTRODUCTION_MAX} characters`,
    );
  const now = ctx.clock.now();
  const row: MassMediaTable = {
    media_id: randomUrlSafe(64),
    account_id: account.id,
    type: 'video',
    articles: null,
    video_media_id: video.media_id,
    title,
    description,
    created_at: now,
    expires_at: Math.min(now + TEMPORARY_MEDIA_TTL_MS, video.expires_at ?? Number.MAX_SAFE_INTEGER),
  };
  await deleteExpiredMassMedia(ctx.db, account.id, now);
  await insertMassMedia(ctx.db, row);
  return { type: 'video', media_id: row.media_id, created_at: Math.floor(now / 1000) };
}
