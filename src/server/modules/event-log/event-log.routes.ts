import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { presentEvent, selectEventsAfter } from './event-log.ts';

/** Query of the event log endpoints: read forward from a position. */
export const EventLogQuerySchema = z.object({
  /** Return entries with seq greater than this (0 = from the start). */
  after_seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Only this user's entries. */
  user_id: z.string().max(64).optional(),
  /** Only this account's entries (platform-wide endpoint). */
  appid: z.string().max(64).optional(),
});

/** `/gz/v1/events`: the follower event log, read forward by `seq` (analytics, exports). */
export async function eventLogRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Event log'];
  const read = async (query: unknown, appid?: string) => {
    const q = validate(EventLogQuerySchema, query);
    const target = appid ?? q.appid;
    const accountId = target ? (await getAccount(ctx, target)).id : undefined;
    const rows = await selectEventsAfter(ctx.db, { accountId, userId: q.user_id }, q.after_seq, q.limit);
    const items = rows.map(presentEvent);
    return { items, next_after_seq: items.length > 0 ? items[items.length - 1]!.seq : q.after_seq };
  };
  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'Follower event log, all accounts, in seq order',
        querystring: toJsonSchema(EventLogQuerySchema),
      },
    },
    async (request) => read(request.query),
  );
  app.get<{ Params: { appid: string } }>(
    '/accounts/:appid/events',
    {
      schema: {
        tags,
        summary: "One account's follower event log, in seq order",
        querystring: toJsonSchema(EventLogQuerySchema),
      },
    },
    async (request) => read(request.query, request.params.appid),
  );
}
