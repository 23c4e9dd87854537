import { z } from 'zod';
import type { MediaType } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { presentUploadedMedia } from './media.presenter.ts';
import { MediaTypeSchema } from './media.schemas.ts';
import { mediaUrl } from './media-url.ts';
import { uploadArticleImage } from './upload-article-image.ts';
import { readUploadForm, requireUploadedFile } from './upload-form.ts';
import { uploadMedia } from './upload-media.ts';

/** `?type=` of media/upload and add_material; checked in the handler so a bad one is 40004, not 40035. */
export const UploadTypeQuerySchema = z.object({
  /** image, voice, video or thumb. */
  type: z.string().default(''),
});

/** The upload's type, or MEDIA_TYPE_INVALID (40004). */
export function parseMediaType(type: string): MediaType {
  const parsed = MediaTypeSchema.safeParse(type);
  if (!parsed.success) {
    throw new AppError(
      'MEDIA_TYPE_INVALID',
      `type must be image, voice, video or thumb, got ${JSON.stringify(type)}`,
    );
  }
  return parsed.data;
}

/**
 * WeChat's temporary media and article image uploads (§12.1, §12.4): multipart,
 * file in field `media`. Registered with registerUploadOpenApi (upload body limit).
 */
export const mediaUploadOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/media/upload',
    summary: 'Upload temporary media (kept 3 days); thumbs answer thumb_media_id',
    auth: 'access_token',
    capability: 'material',
    query: UploadTypeQuerySchema,
    handler: async ({ ctx, account, query, request }) => {
      const type = parseMediaType(query.type);
      const file = requireUploadedFile(await readUploadForm(request));
      return presentUploadedMedia(await uploadMedia(ctx, account.id, type, file));
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/media/uploadimg',
    summary: 'Upload an image for article content (JPEG/PNG, at most 1 MB, permanent); answers {url}',
    auth: 'access_token',
    capability: 'material',
    handler: async ({ ctx, account, request }) => {
      const file = requireUploadedFile(await readUploadForm(request));
      return { url: mediaUrl(ctx, await uploadArticleImage(ctx, account.id, file)) };
    },
  }),
];
