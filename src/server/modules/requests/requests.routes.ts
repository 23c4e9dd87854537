import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { findFailedRequests } from './find-failed-requests.ts';

/** `/gz/v1/accounts/:appid/api-errors`: the account's failed Open API calls (7 days). */
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
}
