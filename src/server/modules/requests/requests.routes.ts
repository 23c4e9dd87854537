import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { findApiCalls } from './find-api-calls.ts';
import { findFailedRequests } from './find-failed-requests.ts';
import { FindApiCallsQuerySchema } from './requests.schemas.ts';

/**
 * `/gz/v1/accounts/:appid/api-errors`: the account's failed Open API calls
 * (7 days, with bodies); `…/api-calls`: every call (endpoint, errcode,
 * latency), capped per account, with a latency/volume series.
 */
export async function requestRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { appid: string }; Querystring: { limit?: string } }>(
    '/accounts/:appid/api-errors',
    {
      schema: {
        tags: ['Accounts'],
        summary: 'Failed Open API calls, newest first: endpoint, errcode, latency, request and response',
      },
    },
    async (request) =>
      findFailedRequests(ctx, request.params.appid, Number(request.query.limit ?? 100) || 100),
  );
  app.get<{ Params: { appid: string } }>(
    '/accounts/:appid/api-calls',
    {
      schema: {
        tags: ['Accounts'],
        summary:
          'The API call log, newest first (endpoint, errcode, latency), its endpoints, and calls/latency per time bucket',
        querystring: toJsonSchema(FindApiCallsQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      return findApiCalls(ctx, account, validate(FindApiCallsQuerySchema, request.query));
    },
  );
}
