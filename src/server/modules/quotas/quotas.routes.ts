import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { findQuotaUsage } from './find-quota-usage.ts';

/** `/gz/v1/accounts/:appid/quotas`: today's API usage against the daily limits. */
export async function quotaRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { appid: string } }>(
    '/accounts/:appid/quotas',
    { schema: { tags: ['Accounts'], summary: "Today's calls and daily limit per cgi path" } },
    async (request) => findQuotaUsage(ctx, request.params.appid),
  );
}
