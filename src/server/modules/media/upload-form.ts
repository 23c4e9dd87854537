import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { MediaType } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { firstQueryValue } from '../../http/request-state.ts';
import { registerOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { mediaSizeError } from './check-media-content.ts';
import { MAX_MEDIA_BYTES, MediaTypeSchema } from './media.schemas.ts';

/** Room for multipart boundaries, part headers and the small fields around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** Largest upload body: the largest file of any type plus the multipart framing. */
export const UPLOAD_BODY_LIMIT = MAX_MEDIA_BYTES + MULTIPART_OVERHEAD;

/** The file of an upload, as the client sent it (nothing checked yet). */
export interface UploadedFile {
  bytes: Buffer;
  /** The part's file name (display only; the bytes decide the format). */
  filename: string;
  /** The part's declared Content-Type (informative only). */
  contentType: string;
}

/** A parsed multipart upload: the `media` file and the text fields beside it. */
export interface UploadForm {
  file: UploadedFile | null;
  fields: Record<string, string>;
}

/**
 * Reads a buffered multipart/form-data body (WeChat's upload encoding, the
 * file in field `media`). Parsing a buffer with the platform's own
 * `Request.formData()` keeps uploads inside the Open API scope, whose body
 * is always raw bytes (open-api.ts). A body that is not multipart, or not
 * well-formed, has no file: MEDIA_MISSING (41005), as WeChat answers.
 */
export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new AppError('MEDIA_MISSING', 'send multipart/form-data with the file in field "media"');
  }
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  let form: FormData;
  try {
    form = await new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    }).formData();
  } catch {
    throw new AppError('MEDIA_MISSING', 'the multipart/form-data body is malformed');
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      fields[name] ??= value;
    } else if (name === 'media' && !file) {
      file = {
        bytes: Buffer.from(await value.arrayBuffer()),
        filename: value.name,
        contentType: value.type,
      };
    }
  }
  return { file, fields };
}

/** The upload's file, or MEDIA_MISSING (41005) naming the field it belongs in. */
export function requireUploadedFile(form: UploadForm): UploadedFile {
  if (!form.file) {
    throw new AppError('MEDIA_MISSING', 'no file: send it in multipart field "media" with a filename');
  }
  return form.file;
}

/**
 * A child scope for upload routes: bodies arrive as raw bytes (read them with
 * readUploadForm) up to UPLOAD_BODY_LIMIT instead of the 1 MiB JSON limit. A
 * body past it is refused while it arrives, before the handler: that error
 * becomes the size errcode of the `type` in the query (40009–40012), or
 * MEDIA_TOO_LARGE (45001) when the type is not known yet.
 */
export async function registerUploadScope(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // onRoute hooks also run for routes added in child scopes (registerOpenApi's).
    scope.addHook('onRoute', (route) => {
      route.bodyLimit = UPLOAD_BODY_LIMIT;
    });
    scope.setErrorHandler(async (err, request) => {
      throw uploadBodyError(err, request) ?? err;
    });
    await register(scope);
  });
}

/** WeChat upload endpoints (media/upload, uploadimg, add_material): the Open API conventions in an upload scope. */
export async function registerUploadOpenApi(
  app: FastifyInstance,
  ctx: AppContext,
  routes: readonly AnyOpenApiRoute[],
): Promise<void> {
  await registerUploadScope(app, (scope) => registerOpenApi(scope, ctx, routes));
}

function uploadBodyError(err: unknown, request: FastifyRequest): AppError | null {
  if ((err as { code?: unknown } | null)?.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return null;
  const declared = Number(request.headers['content-length'] ?? 0);
  const type = uploadTypeOf(request);
  return type
    ? mediaSizeError(type, declared)
    : new AppError('MEDIA_TOO_LARGE', `uploads are limited to ${MAX_MEDIA_BYTES} bytes`);
}

/** What an upload request is meant to hold: uploadimg is always an image, the others say in `?type=`. */
function uploadTypeOf(request: FastifyRequest): MediaType | null {
  if (request.url.startsWith('/cgi-bin/media/uploadimg')) return 'image';
  const type = MediaTypeSchema.safeParse(firstQueryValue((request.query as Record<string, unknown>)?.type));
  return type.success ? type.data : null;
}
