import { AppError } from '../../errors.ts';
import { firstQueryValue } from '../../http/request-state.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { clearApiQuota } from '../quotas/clear-api-quota.ts';
import { getApiQuota } from '../quotas/get-api-quota.ts';
import { getRequestByRid } from '../requests/get-request-by-rid.ts';
import { authenticateApp } from '../tokens/authenticate-app.ts';
import { callbackIpList } from './callback-addresses.ts';
import { checkCallbackNetwork } from './check-callback-network.ts';
import {
  CallbackCheckBodySchema,
  ClearQuotaBodySchema,
  QuotaGetBodySchema,
  RidGetBodySchema,
} from './platform.schemas.ts';

const OK = { errcode: 0, errmsg: 'ok' } as const;

/** Platform basics: callback IPs, network check, quotas, rid lookup. */
export const platformRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/getcallbackip',
    summary: 'Addresses Gongzhong pushes callbacks from',
    auth: 'access_token',
    handler: async ({ ctx }) => ({ ip_list: callbackIpList(ctx.config.host) }),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/get_api_domain_ip',
    summary: 'Addresses behind the API domain',
    auth: 'access_token',
    handler: async ({ ctx }) => ({ ip_list: callbackIpList(ctx.config.host) }),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/callback/check',
    summary: "Check DNS and reachability of the account's developer server",
    auth: 'access_token',
    body: CallbackCheckBodySchema,
    handler: async ({ ctx, account, body }) =>
      checkCallbackNetwork(ctx, account, body.action, body.check_operator),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/clear_quota',
    summary: "Reset today's API call counters (10 times a month)",
    auth: 'access_token',
    body: ClearQuotaBodySchema,
    handler: async ({ ctx, account, body }) => {
      if (body.appid !== undefined && body.appid !== account.appid) {
        throw new AppError('APPID_INVALID', 'appid does not match the access_token');
      }
      await clearApiQuota(ctx, account.id);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/clear_quota/v2',
    summary: "Reset today's API call counters with appid + appsecret (query or form body)",
    auth: 'none',
    handler: async ({ ctx, request }) => {
      const q = request.query as Record<string, unknown>;
      const form = parseLooseBody(request.body);
      const pick = (key: string): string | undefined => {
        const fromQuery = firstQueryValue(q[key]);
        const fromForm = firstQueryValue(form[key]);
        return typeof fromQuery === 'string'
          ? fromQuery
          : typeof fromForm === 'string'
            ? fromForm
            : undefined;
      };
      const account = await authenticateApp(
        ctx,
        {
          grant_type: 'client_credential',
          appid: pick('appid'),
          secret: pick('appsecret') ?? pick('secret'),
        },
        request.ip,
        (a) => (request.gz.account = a),
      );
      await clearApiQuota(ctx, account.id);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/openapi/quota/get',
    summary: "Today's daily limit, use and remainder of one API",
    auth: 'access_token',
    body: QuotaGetBodySchema,
    handler: async ({ ctx, account, body }) => ({
      ...OK,
      ...(await getApiQuota(ctx, account.id, body.cgi_path)),
    }),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/openapi/rid/get',
    summary: 'What a failed call sent and received, by the rid in its errmsg',
    auth: 'access_token',
    body: RidGetBodySchema,
    handler: async ({ ctx, account, body }) => ({
      ...OK,
      ...(await getRequestByRid(ctx, account.id, body.rid)),
    }),
  }),
];

/** clear_quota/v2 callers send JSON or a urlencoded form; either is read. */
function parseLooseBody(raw: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8').trim() : '';
  if (!text) return {};
  if (text.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      throw new AppError('BAD_REQUEST_BODY', 'body is not valid JSON');
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}
