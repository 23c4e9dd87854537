import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { getJsapiTicket } from './jsapi-tickets.ts';
import { getWebUserInfo, checkWebToken } from './web-user-info.ts';
import { exchangeCode, refreshWebToken } from './web-tokens.ts';

// Documentation only: the operations read the raw query so WeChat's errcode order holds.
const OptionalText = z.string().optional();

/** `/sns/*` (web authorization, spec §17) and `/cgi-bin/ticket/getticket` (§18.1). */
export const webAuthOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'GET',
    path: '/sns/oauth2/access_token',
    summary:
      "Exchange a web authorization code (single use, 5 minutes) for the user's access_token and openid",
    auth: 'none',
    query: z.object({
      appid: OptionalText,
      secret: OptionalText,
      code: OptionalText,
      grant_type: OptionalText,
    }),
    handler: async ({ ctx, request, query }) =>
      exchangeCode(ctx, query, request.ip, (a) => (request.gz.account = a)),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/sns/oauth2/refresh_token',
    summary: 'Refresh a web access_token (refresh_token lives 30 days)',
    auth: 'none',
    query: z.object({ appid: OptionalText, grant_type: OptionalText, refresh_token: OptionalText }),
    handler: async ({ ctx, request, query }) =>
      refreshWebToken(ctx, query, request.ip, (a) => (request.gz.account = a)),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/sns/userinfo',
    summary: "The authorizing user's profile (needs snsapi_userinfo consent)",
    auth: 'none',
    query: z.object({ access_token: OptionalText, openid: OptionalText, lang: OptionalText }),
    handler: async ({ ctx, query }) => getWebUserInfo(ctx, query),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/sns/auth',
    summary: 'Check a web access_token (openid optional); always answers with errcode',
    auth: 'none',
    query: z.object({ access_token: OptionalText, openid: OptionalText }),
    handler: async ({ ctx, query }) => checkWebToken(ctx, query),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/ticket/getticket',
    summary: 'JS-SDK ticket (type jsapi or wx_card): the same ticket for 7200 s, then a new one',
    auth: 'access_token',
    capability: 'jssdk',
    query: z.object({ type: OptionalText }),
    handler: async ({ ctx, account, query }) => getJsapiTicket(ctx, account, query.type),
  }),
];
