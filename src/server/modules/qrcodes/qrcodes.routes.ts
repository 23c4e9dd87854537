import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { createQrcode } from './create-qrcode.ts';
import { findQrcodes } from './find-qrcodes.ts';
import { presentQrcode } from './qrcodes.presenter.ts';
import { CreateQrcodeBodySchema, FindQrcodesQuerySchema, ScanSchema } from './qrcodes.schemas.ts';
import { scanQrcode, scanQrcodeImage } from './scan-qrcode.ts';

/** A picture of a code: a phone photo fits easily; the decoder scales it down anyway. */
const MAX_SCAN_IMAGE_BYTES = 10 * 1024 * 1024;

type ByAccount = { Params: { appid: string } };
type ByUser = { Params: { user_id: string } };

/**
 * `/gz/v1/accounts/:appid/qrcodes` (an account's codes with scan counts) and
 * `/gz/v1/users/:user_id/scans` (a user scans a code: by ticket, by url, or
 * by uploading its picture). Registered in the admin-authenticated scope.
 */
export async function qrcodeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['QR codes'];
  app.get<ByAccount>(
    '/accounts/:appid/qrcodes',
    {
      schema: {
        tags,
        summary: "The account's parametric QR codes, newest first, with scan and follow counts",
        querystring: toJsonSchema(FindQrcodesQuerySchema),
      },
    },
    async (request) => {
      const page = await findQrcodes(ctx, request.params.appid, request.query);
      return { items: page.items.map((row) => presentQrcode(ctx, row)), next_cursor: page.next_cursor };
    },
  );

  app.post<ByAccount>(
    '/accounts/:appid/qrcodes',
    {
      schema: {
        tags,
        summary: "Create a temporary or permanent code with a scene (qrcode/create's body and rules)",
        body: toJsonSchema(CreateQrcodeBodySchema),
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      const body = validate(CreateQrcodeBodySchema, request.body ?? {});
      return reply.code(201).send(presentQrcode(ctx, await createQrcode(ctx, account, body)));
    },
  );

  // Its own scope: besides JSON, this route takes image bytes (raw or multipart).
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      /^(?:image\/|application\/octet-stream)/,
      { parseAs: 'buffer', bodyLimit: MAX_SCAN_IMAGE_BYTES },
      (_request, body, done) => done(null, body),
    );
    await scope.register(multipart, { limits: { fileSize: MAX_SCAN_IMAGE_BYTES, files: 1, fields: 0 } });
    scope.post<ByUser>(
      '/users/:user_id/scans',
      {
        schema: {
          tags,
          summary:
            'A user scans a QR code: {ticket} or {url}, or the image itself (PNG/JPEG body or multipart file). Not following: subscribe with qrscene_; following: SCAN',
          consumes: ['application/json', 'image/png', 'image/jpeg', 'multipart/form-data'],
          body: toJsonSchema(ScanSchema),
        },
      },
      async (request) => {
        const { user_id: userId } = request.params;
        const image = await readImage(request);
        return image ? scanQrcodeImage(ctx, userId, image) : scanQrcode(ctx, userId, request.body);
      },
    );
  });
}

/** The uploaded picture, if the body is one: raw image bytes or the one file of a multipart form. */
async function readImage(request: FastifyRequest): Promise<Buffer | null> {
  if (Buffer.isBuffer(request.body)) return request.body;
  if (!request.isMultipart()) return null;
  try {
    const file = await request.file();
    if (!file) throw new AppError('QRCODE_IMAGE_UNREADABLE', 'the form holds no file');
    return await file.toBuffer();
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('BODY_TOO_LARGE', `images are limited to ${MAX_SCAN_IMAGE_BYTES} bytes`);
    }
    throw new AppError('VALIDATION_FAILED', `malformed multipart/form-data body (${(err as Error).message})`);
  }
}
