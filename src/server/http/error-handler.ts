import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError, ERRORS, type ErrorCode } from '../errors.ts';
import { recordFailedRequest } from '../modules/requests/record-failed-request.ts';
import { newRid } from '../modules/requests/request-ids.ts';
import { isWechatPath } from './request-state.ts';

/** Turns anything thrown into a catalog error; unknown failures become SYSTEM_ERROR. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError;
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413) {
    return new AppError('BODY_TOO_LARGE', 'request body is too large');
  }
  if (e?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('BAD_REQUEST_BODY', 'send JSON with Content-Type: application/json');
  }
  if (e?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new AppError('EMPTY_POST_DATA');
  if (e instanceof SyntaxError || (typeof e?.code === 'string' && e.code.startsWith('FST_ERR_CTP'))) {
    return new AppError('BAD_REQUEST_BODY', e.message);
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('INVALID_PARAMETER', e.message);
  }
  return new AppError('SYSTEM_ERROR');
}

function isOpenApiRequest(request: FastifyRequest): boolean {
  return request.routeOptions.config?.openApi === true || isWechatPath(request.url);
}

/**
 * One place decides the wire format of every error: WeChat's
 * `{errcode, errmsg}` (HTTP 200, ` rid:` suffix, logged for rid/get) on
 * the Open API, `{code, message}` with a real HTTP status on our own API.
 */
export function registerErrorHandling(app: FastifyInstance, ctx: AppContext): void {
  app.setErrorHandler(async (err, request, reply) => {
    const appError = toAppError(err);
    if (appError.code === 'SYSTEM_ERROR') request.log.error({ err }, 'unhandled error');
    else request.log.info({ code: appError.code }, 'request failed');
    if (isOpenApiRequest(request)) return sendWechatError(ctx, request, reply, appError);
    return sendOwnApiError(reply, appError);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (isWechatPath(path)) {
      return sendWechatError(
        ctx,
        request,
        reply,
        new AppError('API_NOT_FOUND', `Gongzhong does not serve ${path}`),
      );
    }
    return reply
      .code(404)
      .send({ code: 'NOT_FOUND', message: `${request.method} ${path} is not a Gongzhong route` });
  });
}

/**
 * Errors Fastify raises before routing (a URL that is not valid
 * percent-encoding) skip setErrorHandler; this sends them through the same
 * two wire formats, without echoing the URL (it may carry a token).
 */
export function frameworkErrorHandler(ctx: AppContext) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = (request.raw.url ?? '').split('?')[0] ?? '';
    const promise = isWechatPath(path)
      ? sendWechatError(
          ctx,
          request,
          reply,
          new AppError('API_NOT_FOUND', 'the URL is not valid percent-encoding'),
        )
      : Promise.resolve(
          sendOwnApiError(
            reply,
            new AppError(
              'INVALID_PARAMETER',
              error.code === 'FST_ERR_BAD_URL' ? 'the URL is not valid percent-encoding' : error.message,
            ),
          ),
        );
    promise.catch((err: unknown) => request.log.error({ err }, 'could not answer a framework error'));
  };
}

async function sendWechatError(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
): Promise<FastifyReply> {
  const rid = newRid(ctx.clock.now());
  const { errmsg: override, details: _details, ...extra } = error.extra ?? {};
  const stem =
    typeof override === 'string'
      ? override
      : error.hint
        ? `${ERRORS[error.code].errmsg}, ${error.hint}`
        : ERRORS[error.code].errmsg;
  const body = { errcode: error.errcode, errmsg: `${stem} rid: ${rid}`, ...extra };
  const payload = JSON.stringify(body);
  if (request.gz) request.gz.errcode = error.errcode;
  try {
    await recordFailedRequest(ctx, {
      rid,
      accountId: request.gz?.account?.id ?? null,
      startedAt: request.gz?.startedAt ?? ctx.clock.now(),
      url: request.raw.url ?? '',
      body: Buffer.isBuffer(request.body)
        ? request.body.toString('utf8')
        : request.body
          ? JSON.stringify(request.body)
          : '',
      response: payload,
      clientIp: request.ip,
    });
  } catch (err) {
    // The caller still deserves its error even if the log write failed.
    request.log.warn({ err }, 'could not record failed request');
  }
  // WeChat answers business errors with HTTP 200; only unknown paths are 404.
  const status = error.code === 'API_NOT_FOUND' ? 404 : 200;
  // Exactly `application/json`, no charset: on binary downloads (media/get)
  // wechat-api only reads the body as an error on that exact value, WxJava
  // on the prefix (spec Appendix A.4). A string payload would make Fastify
  // append `; charset=utf-8`; a Buffer keeps the header as set.
  return reply.code(status).type('application/json').send(Buffer.from(payload));
}

function sendOwnApiError(reply: FastifyReply, error: AppError): FastifyReply {
  const details = (error.extra as { details?: unknown } | undefined)?.details;
  const message = error.hint ? `${ERRORS[error.code].errmsg}: ${error.hint}` : ERRORS[error.code].errmsg;
  return reply
    .code(error.status)
    .send({ code: error.code satisfies ErrorCode, message, ...(details ? { details } : {}) });
}
