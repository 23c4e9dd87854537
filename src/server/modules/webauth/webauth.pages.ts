import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { firstQueryValue } from '../../http/request-state.ts';
import { toAppError } from '../../http/error-handler.ts';
import { authorizeUser } from './authorize-user.ts';
import {
  AuthorizeRefusal,
  checkAuthorizeRequest,
  type AuthorizeCheck,
  type AuthorizeRequest,
} from './check-authorize-request.ts';
import { checkJsConfig } from './check-js-config.ts';
import { renderJssdkScript } from './jssdk-script.ts';
import { renderAuthorizeError, renderAuthorizeForm } from './render-authorize-page.ts';

/** How many users the picker lists (newest first); others are typed in. */
const PICKER_USERS = 50;

/**
 * The browser-facing pages, outside /gz/v1 and without the admin key:
 * `/connect/oauth2/authorize` (GET the page, POST the decision), the JS-SDK
 * script (`/open/js/jweixin-<version>.js`, `/jssdk/wx.js`) and the script's
 * `POST /jssdk/config-check` (CORS-open; the explainer's details only in
 * sandbox mode, since they contain the account's ticket).
 */
export async function webAuthPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    const hide = { hide: true };

    scope.get('/connect/oauth2/authorize', { schema: hide }, async (request, reply) => {
      const query = queryOf(request);
      const checked = await check(ctx, request, reply, query);
      if (!checked) return reply;
      const asUser = query.as_user;
      // snsapi_base is silent in WeChat: with the user known, straight to the redirect.
      if (asUser && checked.scope === 'snsapi_base')
        return redirect(reply, await authorizeUser(ctx, checked, asUser, true));
      const users = asUser
        ? await ctx.db.selectFrom('users').select(['id', 'nickname']).where('id', '=', asUser).execute()
        : await ctx.db
            .selectFrom('users')
            .select(['id', 'nickname'])
            .orderBy('created_at', 'desc')
            .limit(PICKER_USERS)
            .execute();
      return reply.type('text/html; charset=utf-8').send(
        renderAuthorizeForm({
          account: checked.account,
          scope: checked.scope,
          redirectHost: checked.redirectUri.host,
          action: request.url,
          users,
          selectedUserId: asUser ?? null,
        }),
      );
    });

    scope.post('/connect/oauth2/authorize', { schema: hide }, async (request, reply) => {
      const query = queryOf(request);
      const checked = await check(ctx, request, reply, query);
      if (!checked) return reply;
      const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const userId = (form.get('other_user_id') ?? '').trim() || form.get('user_id') || query.as_user || '';
      const allow = form.get('decision') !== 'deny';
      try {
        if (allow && !userId) throw new AppError('VALIDATION_FAILED', 'pick a user (user_id)');
        return redirect(reply, await authorizeUser(ctx, checked, userId, allow));
      } catch (err) {
        const error = toAppError(err);
        if (error.code === 'SYSTEM_ERROR') throw err;
        return sendRefusal(reply, error, [{ rule: error.message, passed: false }], request.url);
      }
    });

    const script = renderJssdkScript();
    const sendScript = async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script);
    scope.get<{ Params: { file: string } }>('/open/js/:file', { schema: hide }, async (request, reply) => {
      if (!/^jweixin-\d+(?:\.\d+)*\.js$/.test(request.params.file))
        throw new AppError('NOT_FOUND', 'no such script');
      return sendScript(request, reply);
    });
    scope.get('/jssdk/wx.js', { schema: hide }, sendScript);

    scope.options('/jssdk/config-check', { schema: hide }, async (_request, reply) =>
      reply
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .code(204)
        .send(),
    );
    scope.post('/jssdk/config-check', { schema: hide }, async (request, reply) => {
      reply.header('access-control-allow-origin', '*');
      let input: unknown;
      try {
        input = JSON.parse(typeof request.body === 'string' ? request.body : '');
      } catch {
        throw new AppError('BAD_REQUEST_BODY', 'send the wx.config fields as JSON');
      }
      const verdict = await checkJsConfig(ctx, input);
      if (ctx.config.sandbox) return verdict;
      return { ok: verdict.ok, errMsg: verdict.errMsg };
    });
  });
}

function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(request.query as object)) out[key] = firstQueryValue(value);
  return out;
}

/** The checked link, or null after rendering the explainer page. */
async function check(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  query: Record<string, string | undefined>,
): Promise<AuthorizeRequest | null> {
  try {
    return await checkAuthorizeRequest(ctx, query);
  } catch (err) {
    const error = toAppError(err);
    if (error.code === 'SYSTEM_ERROR') throw err;
    sendRefusal(reply, error, err instanceof AuthorizeRefusal ? err.checks : [], request.url);
    return null;
  }
}

function sendRefusal(
  reply: FastifyReply,
  error: AppError,
  checks: AuthorizeCheck[],
  url: string,
): FastifyReply {
  return reply
    .code(error.status)
    .type('text/html; charset=utf-8')
    .send(renderAuthorizeError({ errcode: error.errcode, message: error.message, checks, url }));
}

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(302).header('location', location).header('cache-control', 'no-store').send();
}
