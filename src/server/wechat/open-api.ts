import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { AccountsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { firstQueryValue } from '../http/request-state.ts';
import { toJsonSchema } from '../lib/json-schema.ts';
import { validate } from '../lib/validate.ts';
import { hasCapability, type Capability } from '../modules/accounts/capabilities.ts';
import { consumeApiQuota } from '../modules/quotas/consume-api-quota.ts';
import { recordApiCall } from '../modules/requests/record-api-call.ts';
import { authenticateAccessToken } from '../modules/tokens/authenticate-access-token.ts';

type Auth = 'access_token' | 'none';

/** What a WeChat-compatible handler receives: parsed input and, for token routes, the caller's account. */
export interface OpenApiCall<A extends Auth, Q, B> {
  ctx: AppContext;
  request: FastifyRequest;
  reply: FastifyReply;
  query: Q;
  body: B;
  account: A extends 'access_token' ? AccountsTable : undefined;
}

/** One WeChat-compatible endpoint: the conventions below are applied by `registerOpenApi`. */
export interface OpenApiRoute<A extends Auth, Q extends z.ZodType, B extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Exactly WeChat's path. */
  path: string;
  summary: string;
  /** `access_token` (query) for account APIs; `none` when the handler authenticates itself. */
  auth: A;
  /** Permission group the account needs (48001 otherwise). Default `basic`. */
  capability?: Capability;
  /** Count the call against the path's daily quota. Default: true for access_token routes. */
  quota?: boolean;
  query?: Q;
  /** JSON body schema; a POST route with one rejects empty bodies (44002) and bad JSON (47001). */
  body?: B;
  handler: (call: OpenApiCall<A, z.output<Q>, z.output<B>>) => Promise<object>;
}

/** A route value with its generics erased, so routes of different shapes share one list. */
export type AnyOpenApiRoute = OpenApiRoute<Auth, z.ZodType, z.ZodType>;

/** Keeps a route's generics while checking it (use when declaring a route). */
export function defineOpenApi<A extends Auth, Q extends z.ZodType, B extends z.ZodType>(
  route: OpenApiRoute<A, Q, B>,
): AnyOpenApiRoute {
  return route;
}

/**
 * Registers WeChat-compatible routes in an encapsulated scope where every
 * body, whatever its Content-Type, arrives as raw bytes: WeChat parses JSON
 * regardless of the header (wechatpy sends none), so we do too.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  ctx: AppContext,
  routes: readonly AnyOpenApiRoute[],
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // The API call log: after the answer has gone out, so the caller never waits on it.
    scope.addHook('onResponse', (request, reply, done) => {
      const account = request.gz?.account;
      if (account)
        recordApiCall(ctx, {
          accountId: account.id,
          method: request.method,
          endpoint: request.routeOptions.url ?? request.url.split('?')[0]!,
          errcode: request.gz.errcode ?? 0,
          latencyMs: reply.elapsedTime,
        });
      done();
    });
    for (const route of routes) registerOne(scope, ctx, route);
  });
}

function registerOne(scope: FastifyInstance, ctx: AppContext, route: AnyOpenApiRoute): void {
  // The other method gets WeChat's 43001/43002 instead of a bare 404.
  const wrongMethod = route.method === 'GET' ? 'POST' : 'GET';
  scope.route({
    method: wrongMethod,
    url: route.path,
    config: { openApi: true },
    schema: { hide: true },
    handler: async () => {
      throw new AppError(route.method === 'GET' ? 'REQUIRE_GET' : 'REQUIRE_POST');
    },
  });
  const querystring = route.query
    ? withToken(route, toJsonSchema(route.query))
    : route.auth === 'access_token'
      ? withToken(route, { type: 'object', properties: {} })
      : undefined;
  scope.route({
    method: route.method,
    url: route.path,
    config: { openApi: true },
    schema: {
      summary: route.summary,
      tags: ['WeChat Open API'],
      ...(querystring ? { querystring } : {}),
      ...(route.body ? { body: toJsonSchema(route.body) } : {}),
    },
    handler: async (request, reply) => {
      const rawQuery = normalizeQuery(request.query);
      let account: AccountsTable | undefined;
      if (route.auth === 'access_token') {
        account = await authenticateAccessToken(ctx, rawQuery.access_token, request.ip, (a) => {
          request.gz.account = a;
        });
        const capability = route.capability ?? 'basic';
        if (!hasCapability(account.type, account.verified === 1, capability)) {
          const kind = `${account.verified ? 'verified' : 'unverified'} ${account.type}`;
          throw new AppError('API_UNAUTHORIZED', `a ${kind} account has no ${capability} permission`);
        }
      }
      const query: unknown = route.query ? validate(route.query, rawQuery, 'INVALID_PARAMETER') : rawQuery;
      const body: unknown = route.body
        ? validate(route.body, parseJsonBody(request.body), 'BAD_REQUEST_BODY')
        : undefined;
      if (account && route.quota !== false) await consumeApiQuota(ctx, account.id, route.path);
      const result = await route.handler({ ctx, request, reply, query, body, account });
      if (reply.sent) return reply;
      return reply.type('application/json').send(JSON.stringify(result));
    },
  });
}

function withToken(route: AnyOpenApiRoute, schema: Record<string, unknown>): Record<string, unknown> {
  if (route.auth !== 'access_token') return schema;
  const properties = {
    access_token: { type: 'string', description: 'From /cgi-bin/token or /cgi-bin/stable_token' },
    ...((schema.properties as object) ?? {}),
  };
  return {
    ...schema,
    type: 'object',
    properties,
    required: ['access_token', ...((schema.required as string[]) ?? [])],
  };
}

/** Query values as single strings: a repeated parameter counts by its first value. */
function normalizeQuery(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (query && typeof query === 'object') {
    for (const [key, value] of Object.entries(query)) out[key] = firstQueryValue(value);
  }
  return out;
}

/** Parses a raw body as a JSON object: 44002 when empty, 47001 when not JSON or not an object. */
export function parseJsonBody(raw: unknown): Record<string, unknown> {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  if (text.trim() === '') throw new AppError('EMPTY_POST_DATA');
  let value: unknown;
  try {
    // A UTF-8 byte-order mark is legal on the wire but not in JSON.parse.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('BAD_REQUEST_BODY', `body is not valid JSON (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('BAD_REQUEST_BODY', 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
