import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { WebDomainKind } from '../../db/schema.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { checkCardSign } from './check-card-sign.ts';
import { checkJsConfig } from './check-js-config.ts';
import { getWebDomains, replaceWebDomains } from './web-domains.ts';
import { CardSignCheckSchema, JsConfigCheckSchema, WebDomainsBodySchema } from './webauth.schemas.ts';

type ByAccount = { Params: { appid: string } };

const KINDS: [WebDomainKind, string, string][] = [
  ['oauth', 'oauth-domains', "web authorization domains (网页授权域名): redirect_uri's host must be one"],
  ['js', 'js-domains', "JS-safe domains (JS接口安全域名): a page's host must be one for wx.config"],
];

/**
 * Our own API for web pages: each account's authorised domains and the
 * wx.config / card-signature checkers with their explainers. Registered in
 * the admin-authenticated scope.
 */
export async function webAuthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Web pages (OAuth, JS-SDK)'];
  for (const [kind, path, what] of KINDS) {
    app.get<ByAccount>(
      `/accounts/:appid/${path}`,
      { schema: { tags, summary: `The account's ${what}` } },
      async (request) => getWebDomains(ctx, request.params.appid, kind),
    );
    app.put<ByAccount>(
      `/accounts/:appid/${path}`,
      {
        schema: { tags, summary: `Replace the account's ${what}`, body: toJsonSchema(WebDomainsBodySchema) },
      },
      async (request) => replaceWebDomains(ctx, request.params.appid, kind, request.body),
    );
  }
  app.post(
    '/jssdk/config-check',
    {
      schema: {
        tags,
        summary:
          'Verify a wx.config as WeChat does; on failure the explainer: the string signed, the URL used, expected vs given signature, what differed',
        body: toJsonSchema(JsConfigCheckSchema),
      },
    },
    async (request) => checkJsConfig(ctx, request.body),
  );
  app.post(
    '/jssdk/card-sign-check',
    {
      schema: {
        tags,
        summary:
          'Verify a card signature (wx_card api_ticket; values sorted and concatenated) with its explainer',
        body: toJsonSchema(CardSignCheckSchema),
      },
    },
    async (request) => checkCardSign(ctx, request.body),
  );
}
