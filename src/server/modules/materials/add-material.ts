import type { AppContext } from '../../context.ts';
import type { MediaTable, MediaType } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { saveMedia } from '../media/save-media.ts';
import type { UploadedFile } from '../media/upload-form.ts';
import { countFileMaterials, mediaTypesOf } from './materials.queries.ts';
import {
  MATERIAL_LIMITS,
  VIDEO_INTRODUCTION_MAX,
  VIDEO_TITLE_MAX,
  VideoDescriptionSchema,
} from './materials.schemas.ts';

/** A permanent file material on its way in. */
export interface NewMaterial {
  type: MediaType;
  file: UploadedFile;
  /** Video only: the `description` JSON text ({"title", "introduction"}), from the form or the query. */
  description?: string | undefined;
}

/**
 * Adds a permanent image, voice, video or thumb material (`add_material`):
 * the bytes are checked like every upload (content decides the format;
 * WeChat's size limits), the account's library must have room (45034), and
 * a video needs its `description` title. Never expires.
 */
export async function addMaterial(
  ctx: AppContext,
  accountId: string,
  material: NewMaterial,
): Promise<MediaTable> {
  const video = material.type === 'video' ? parseVideoDescription(material.description) : null;
  const kind = material.type === 'thumb' ? 'image' : material.type;
  // Count then insert: two concurrent uploads at the very limit may both
  // pass, leaving the library one over. WeChat's limit is a soft cap, and a
  // lock per account for this is not worth it.
  const held = await countFileMaterials(ctx.db, accountId, mediaTypesOf(kind));
  if (held >= MATERIAL_LIMITS[kind]) {
    throw new AppError(
      'MATERIAL_QUOTA_REACHED',
      `an account holds at most ${MATERIAL_LIMITS[kind]} ${kind} materials`,
    );
  }
  return saveMedia(ctx, {
    accountId,
    type: material.type,
    origin: 'permanent',
    filename: material.file.filename,
    bytes: material.file.bytes,
    title: video?.title,
    introduction: video?.introduction,
  });
}

/** `{"title", "introduction"}` as JSON text: 40035 when missing or not JSON, 45003/45004 past the lengths. */
function parseVideoDescription(text: string | undefined): { title: string; introduction: string } {
  if (text === undefined || text.trim() === '') {
    throw new AppError(
      'INVALID_PARAMETER',
      'a video needs description={"title": ..., "introduction": ...} (a form field, or in the query)',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_PARAMETER', 'description must be JSON: {"title": ..., "introduction": ...}');
  }
  const parsed = VideoDescriptionSchema.safeParse(json);
  if (!parsed.success || parsed.data.title.trim() === '') {
    throw new AppError(
      'INVALID_PARAMETER',
      'description needs a non-empty "title" (and may have "introduction")',
    );
  }
  const { title, introduction } = parsed.data;
  if ([...title].length > VIDEO_TITLE_MAX) {
    throw new AppError('TITLE_TOO_LONG', `a video title is limited to ${VIDEO_TITLE_MAX} characters`);
  }
  if ([...introduction].length > VIDEO_INTRODUCTION_MAX) {
    throw new AppError(
      'DESCRIPTION_TOO_LONG',
      `a video introduction is limited to ${VIDEO_INTRODUCTION_MAX} characters`,
    );
  }
  return { title, introduction };
}
