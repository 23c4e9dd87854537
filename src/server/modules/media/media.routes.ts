import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { getFollowing } from '../followers/get-follower.ts';
import { getMedia } from './get-media.ts';
import { getPublicMedia } from './get-public-media.ts';
import { presentMedia } from './media.presenter.ts';
import { sendExactJson, sendMediaDownload } from './send-media.ts';
import { FollowerUploadFieldsSchema, MAX_MEDIA_BYTES, MediaGetQuerySchema } from './media.schemas.ts';
import { MEDIA_FILE_PREFIX, mediaUrl } from './media-url.ts';
import { readMediaBytes } from './read-media-bytes.ts';
import { isImageVariant, parseCropBox, renderImageVariant } from './render-image-variant.ts';
import { uploadFollowerMedia, type FollowerUpload } from './upload-follower-media.ts';

type ByFollowing = { Params: { user_id: string; appid: string } };

/** Room for multipart boundaries, part headers and the small fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** The multipart parser's limits: one file in field `media`, a few short fields. */
const MULTIPART_LIMITS = {
  fileSize: MAX_MEDIA_BYTES,
  files: 1,
  fields: 8,
  parts: 9,
  fieldSize: 4096,
  headerPairs: 32,
};

/**
 * `POST /gz/v1/users/:user_id/accounts/:appid/media`: a follower's file
 * (multipart field `media` plus a `type` field, or a raw body with
 * `?type=&filename=`). Registered inside the admin-authenticated scope, in a
 * child scope of its own: bodies here are bytes (no JSON parser), capped at
 * MAX_MEDIA_BYTES, and over-limit bodies answer MEDIA_TOO_LARGE.
 */
export async function mediaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Fastify enforces the route's bodyLimit while buffering, before the handler.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // Multipart streams through busboy, which ignores bodyLimit: MULTIPART_LIMITS bound it instead.
    await scope.register(multipart, { limits: MULTIPART_LIMITS });
    // A raw body past bodyLimit fails before the handler runs: map it to
    // MEDIA_TOO_LARGE here and let the app's error handler render it.
    scope.setErrorHandler(async (err) => {
      throw uploadLimitError(err) ?? err;
    });

    scope.post<ByFollowing>(
      '/users/:user_id/accounts/:appid/media',
      {
        bodyLimit: MAX_MEDIA_BYTES,
        onRequest: rejectDeclaredOversize,
        schema: {
          tags: ['Media'],
          summary:
            'A follower uploads an image, voice, video or thumb (multipart field "media", or a raw body)',
          consumes: ['multipart/form-data', 'application/octet-stream'],
          querystring: toJsonSchema(FollowerUploadFieldsSchema.partial()),
        },
      },
      async (request, reply) => {
        const { account } = await getFollowing(ctx, request.params.user_id, request.params.appid);
        const upload = request.isMultipart() ? await readMultipartUpload(request) : readRawUpload(request);
        const row = await uploadFollowerMedia(ctx, account.id, upload);
        return reply.code(201).send(presentMedia(ctx, row));
      },
    );
  });
}

/**
 * `GET /mmbiz/:media_id`: the public file behind mediaUrl (PicUrl), no
 * credentials; 404 when unknown or expired. `GET /mmbiz/:media_id/:variant`:
 * an image's thumbnail or cover crop (render-image-variant.ts).
 */
export async function mediaFileRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { media_id: string } }>(
    `${MEDIA_FILE_PREFIX}/:media_id`,
    { schema: { tags: ['Media'], summary: 'A media file by its public URL (PicUrl)' } },
    async (request, reply) => {
      const row = await getPublicMedia(ctx, request.params.media_id);
      const bytes = await readMediaBytes(ctx, row);
      return (
        reply
          .type(row.content_type)
          // Same origin as the console: never let a browser second-guess the type.
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(bytes)
      );
    },
  );

  app.get<{ Params: { media_id: string; variant: string }; Querystring: { crop?: string } }>(
    `${MEDIA_FILE_PREFIX}/:media_id/:variant`,
    {
      schema: {
        tags: ['Media'],
        summary: 'A derived image: thumb, cover-2.35 or cover-1 (optional ?crop=X1_Y1_X2_Y2), as JPEG',
      },
    },
    async (request, reply) => {
      const { media_id: mediaId, variant } = request.params;
      const row = await getPublicMedia(ctx, mediaId);
      if (!isImageVariant(variant) || (row.type !== 'image' && row.type !== 'thumb')) {
        throw new AppError('NOT_FOUND', 'variants are thumb, cover-2.35 and cover-1, of images only');
      }
      const crop = request.query.crop ? parseCropBox(request.query.crop) : undefined;
      let jpeg: Buffer;
      try {
        jpeg = await renderImageVariant(await readMediaBytes(ctx, row), variant, crop);
      } catch (err) {
        if (err instanceof AppError) throw err;
        // BMP, which sharp cannot read, is the one accepted format without variants.
        throw new AppError('NOT_FOUND', `no ${variant} for this image (${row.content_type})`);
      }
      return (
        reply
          .type('image/jpeg')
          .header('x-content-type-options', 'nosniff')
          // The bytes under a media id never change: a variant can be cached for good
          // (temporary media only until they expire).
          .header(
            'cache-control',
            row.expires_at === null ? 'public, max-age=31536000, immutable' : 'private, max-age=3600',
          )
          .send(jpeg)
      );
    },
  );
}

/** WeChat's media download (§12.2, Appendix A.4). */
export const mediaOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/media/get',
    summary: 'Download temporary media (follower media for 3 days); video answers {video_url}',
    auth: 'access_token',
    query: MediaGetQuerySchema,
    handler: async ({ ctx, account, query, reply }) => {
      const row = await getMedia(ctx, account.id, query.media_id);
      if (row.type === 'video') {
        await sendExactJson(reply, { video_url: mediaUrl(ctx, row) });
      } else {
        await sendMediaDownload(reply, row, await readMediaBytes(ctx, row));
      }
      return {};
    },
  }),
];

/** A multipart upload: the file from field `media`, `type`/`filename` from fields or the query. */
async function readMultipartUpload(request: FastifyRequest): Promise<FollowerUpload> {
  const fields: Record<string, string> = {};
  let file: { filename: string; mimetype: string; bytes: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'media') {
          part.file.resume();
          throw new AppError('VALIDATION_FAILED', `the file goes in field "media", not "${part.fieldname}"`);
        }
        file = { filename: part.filename, mimetype: part.mimetype, bytes: await part.toBuffer() };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw (
      uploadLimitError(err) ??
      new AppError('VALIDATION_FAILED', `malformed multipart/form-data body (${(err as Error).message})`)
    );
  }
  if (!file) throw new AppError('MEDIA_INVALID', 'no file: send it in multipart field "media"');
  const query = request.query as Record<string, unknown>;
  const data = validate(FollowerUploadFieldsSchema, {
    type: fields.type ?? query.type,
    filename: fields.filename ?? query.filename ?? file.filename,
  });
  return { ...data, bytes: file.bytes, contentType: file.mimetype };
}

/** A raw upload: the body is the file; `type` and `filename` come from the query. */
function readRawUpload(request: FastifyRequest): FollowerUpload {
  const data = validate(FollowerUploadFieldsSchema, request.query);
  const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { ...data, bytes, contentType: request.headers['content-type'] };
}

/**
 * Refuses a multipart body whose declared length cannot fit before reading
 * any of it (raw bodies get the same from Fastify's bodyLimit).
 */
async function rejectDeclaredOversize(request: FastifyRequest): Promise<void> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_MEDIA_BYTES + MULTIPART_OVERHEAD) {
    throw new AppError('MEDIA_TOO_LARGE', `uploads are limited to ${MAX_MEDIA_BYTES} bytes`);
  }
}

/** Our code for a body or multipart limit error, or null for anything else. */
function uploadLimitError(err: unknown): AppError | null {
  switch ((err as { code?: unknown } | null)?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('MEDIA_TOO_LARGE', `uploads are limited to ${MAX_MEDIA_BYTES} bytes`);
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError(
        'VALIDATION_FAILED',
        'send one file (field "media") and at most a few short fields (type, filename)',
      );
    default:
      return null;
  }
}
