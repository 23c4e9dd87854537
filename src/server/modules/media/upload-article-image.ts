import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { FORMATS } from './media-formats.ts';
import { saveMedia } from './save-media.ts';
import type { UploadedFile } from './upload-form.ts';

/** media/uploadimg takes JPEG or PNG below 1 MB (§12.4). */
export const ARTICLE_IMAGE_LIMIT = 1024 * 1024;

/**
 * Stores an image for article HTML (`media/uploadimg`): JPEG or PNG, at most
 * 1 MB, permanent, outside the material quota and the material lists. Its
 * public URL (mediaUrl) is what goes into `<img src>` of article content.
 * The size and format are checked before anything is written.
 */
export async function uploadArticleImage(
  ctx: AppContext,
  accountId: string,
  file: UploadedFile,
): Promise<MediaTable> {
  return saveMedia(ctx, {
    accountId,
    type: 'image',
    origin: 'article_image',
    filename: file.filename,
    bytes: file.bytes,
    limit: ARTICLE_IMAGE_LIMIT,
    accept: (content) => {
      if (
        content.contentType !== FORMATS.jpeg.contentType &&
        content.contentType !== FORMATS.png.contentType
      ) {
        throw new AppError(
          'MEDIA_INVALID',
          `uploadimg takes JPEG or PNG only, this is ${content.contentType}`,
        );
      }
    },
  });
}
