import type { FastifyReply } from 'fastify';
import { AppError, ERRORS } from '../../errors.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { newRid } from '../requests/request-ids.ts';
import { createQrcode } from './create-qrcode.ts';
import { createShortKey } from './create-short-key.ts';
import { getQrcodeByTicket } from './get-qrcode.ts';
import { getShortKey } from './get-short-key.ts';
import { QRCODE_URL_PREFIX } from './qrcode-values.ts';
import { presentCreatedQrcode } from './qrcodes.presenter.ts';
import {
  CreateQrcodeBodySchema,
  ShortenFetchBodySchema,
  ShortenGenBodySchema,
  ShowQrcodeQuerySchema,
} from './qrcodes.schemas.ts';
import { renderQrcodePng } from './render-qrcode-png.ts';

/** WeChat's parametric QR codes and short keys (spec §11). */
export const qrcodeOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/qrcode/create',
    summary: 'Create a temporary or permanent parametric QR code (ticket, expire_seconds, url)',
    auth: 'access_token',
    // Parametric codes are a verified service account's (接口权限说明).
    capability: 'qrcode',
    body: CreateQrcodeBodySchema,
    handler: async ({ ctx, account, body }) => presentCreatedQrcode(await createQrcode(ctx, account, body)),
  }),
  defineOpenApi({
    method: 'GET',
    // WeChat serves this from mp.weixin.qq.com; SDKs pointed here (wechat-api's
    // mpPrefix, WxJava's mpHost) build this same path on our host.
    path: '/cgi-bin/showqrcode',
    summary: "A code's image (PNG) by ticket; no access_token; HTTP 404 for unknown or expired tickets",
    auth: 'none',
    query: ShowQrcodeQuerySchema,
    handler: async ({ ctx, query, reply }) => {
      let url: string;
      try {
        url = (await getQrcodeByTicket(ctx, query.ticket)).url;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'QRCODE_NOT_FOUND') throw err;
        await sendNotFound(reply, ctx.clock.now(), err);
        return {};
      }
      const png = await renderQrcodePng(url);
      // A named attachment, as WxJava's download executors expect of any
      // binary answer (spec Appendix A.4); the name is the code's url part.
      await reply
        .type('image/png')
        .header('content-disposition', `attachment; filename="${url.slice(QRCODE_URL_PREFIX.length)}.png"`)
        .send(png);
      return {};
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/shorten/gen',
    summary: 'Keep up to 4 KB behind a 15-character short key for up to 30 days',
    auth: 'access_token',
    // The docs name no account type for short keys, so every account may call them.
    body: ShortenGenBodySchema,
    handler: async ({ ctx, account, body }) => createShortKey(ctx, account, body),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/shorten/fetch',
    summary: 'The data behind a short key, its creation time and seconds left',
    auth: 'access_token',
    body: ShortenFetchBodySchema,
    handler: async ({ ctx, account, body }) => getShortKey(ctx, account, body),
  }),
];

/**
 * showqrcode's miss: HTTP 404, as WeChat answers (spec §11.2), not the
 * usual errcode-with-200, and a WeChat JSON body sent as exactly
 * `text/plain` (a Buffer keeps Fastify from adding a charset). Of the two
 * error types Appendix A.4 allows, this is the one every WxJava QR
 * executor (Apache, OkHttp, Jodd) reads as an error: they compare the type
 * with text/plain and would otherwise save the body as the image.
 */
async function sendNotFound(reply: FastifyReply, now: number, error: AppError): Promise<void> {
  const body = {
    errcode: error.errcode,
    errmsg: `${ERRORS[error.code].errmsg}${error.hint ? `, ${error.hint}` : ''} rid: ${newRid(now)}`,
  };
  await reply
    .code(404)
    .type('text/plain')
    .send(Buffer.from(JSON.stringify(body)));
}
