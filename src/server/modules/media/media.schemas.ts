import { z } from 'zod';
import type { MediaType } from '../../db/schema.ts';

const MiB = 1024 * 1024;

/** `image`, `voice`, `video` (short videos too) or `thumb` (a video's cover, JPEG). */
export const MediaTypeSchema = z.enum(['image', 'voice', 'video', 'thumb']) satisfies z.ZodType<MediaType>;

/**
 * Largest file per type, after WeChat's media/upload limits (§12.1): image
 * 10 MB (current docs), voice 2 MB, video 10 MB, thumb 64 KB.
 */
export const MEDIA_SIZE_LIMITS: Readonly<Record<MediaType, number>> = {
  image: 10 * MiB,
  voice: 2 * MiB,
  video: 10 * MiB,
  thumb: 64 * 1024,
};

/** The largest file of any type: uploads stop reading here, before the type is known. */
export const MAX_MEDIA_BYTES = Math.max(...Object.values(MEDIA_SIZE_LIMITS));

/** Longest voice WeChat accepts (§12.1: at most 60 s). */
export const MAX_VOICE_MS = 60_000;

/** How long follower and temporary media stay downloadable (WeChat: 3 days). */
export const TEMPORARY_MEDIA_TTL_MS = 3 * 24 * 3600 * 1000;

/** What comes with a follower's file: multipart fields, or the query string of a raw upload. */
export const FollowerUploadFieldsSchema = z.object({
  /** What the file is meant to be; its bytes must agree. */
  type: MediaTypeSchema,
  /** Original file name, for display only (downloads are named `<media_id>.<ext>`). */
  filename: z.string().max(1024).optional(),
});
export type FollowerUploadFields = z.infer<typeof FollowerUploadFieldsSchema>;

/** Query of `GET /cgi-bin/media/get`; a missing id is just an unknown one (40007). */
export const MediaGetQuerySchema = z.object({
  /** From a follower message's MediaId (or, later, media/upload). */
  media_id: z.string().default(''),
});
