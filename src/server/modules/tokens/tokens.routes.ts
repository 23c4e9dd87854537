import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { LooseBooleanSchema } from '../../wechat/schemas.ts';
import { consumeApiQuota } from '../quotas/consume-api-quota.ts';
import { authenticateApp } from './authenticate-app.ts';
import { issueAccessToken } from './issue-access-token.ts';
import { issueStableToken } from './issue-stable-token.ts';
import { StableTokenBodySchema, TokenQuerySchema } from './tokens.schemas.ts';

/** `/cgi-bin/token` and `/cgi-bin/stable_token`. */
export const tokenRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/token',
    summary: 'Get an access_token (7200 s; a new one retires the previous after 5 minutes)',
    auth: 'none',
    query: TokenQuerySchema,
    handler: async ({ ctx, request, query }) => {
      const account = await authenticateApp(ctx, query, request.ip, (a) => (request.gz.account = a));
      await consumeApiQuota(ctx, account.id, '/cgi-bin/token');
      return issueAccessToken(ctx, account);
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/stable_token',
    summary: 'Get the stable access_token (same token while valid; force_refresh rotates it)',
    auth: 'none',
    body: StableTokenBodySchema,
    handler: async ({ ctx, request, body }) => {
      const account = await authenticateApp(ctx, body, request.ip, (a) => (request.gz.account = a));
      await consumeApiQuota(ctx, account.id, '/cgi-bin/stable_token');
      const force = body.force_refresh === undefined ? false : LooseBooleanSchema.parse(body.force_refresh);
      return issueStableToken(ctx, account, force);
    },
  }),
];
