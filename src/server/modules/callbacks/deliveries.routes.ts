import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { FindDeliveriesQuerySchema } from './deliveries.schemas.ts';
import { findDeliveries } from './find-deliveries.ts';
import { getDelivery } from './get-delivery.ts';
import { replayDelivery } from './replay-delivery.ts';

/** `/gz/v1/…/deliveries`: the delivery log of pushes to developer servers, and replay. */
export async function deliveryRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Deliveries'];
  app.get<{ Params: { appid: string } }>(
    '/accounts/:appid/deliveries',
    {
      schema: {
        tags,
        summary: "The account's pushes, newest first (filter by openid, outcome)",
        querystring: toJsonSchema(FindDeliveriesQuerySchema),
      },
    },
    async (request) => findDeliveries(ctx, request.params.appid, request.query),
  );
  app.get<{ Params: { id: string } }>(
    '/deliveries/:id',
    { schema: { tags, summary: 'One delivery with every try (request, response, timing, error)' } },
    async (request) => getDelivery(ctx, request.params.id),
  );
  app.post<{ Params: { id: string } }>(
    '/deliveries/:id/replay',
    { schema: { tags, summary: 'Send a logged push again (same XML, same MsgId)' } },
    async (request) => replayDelivery(ctx, request.params.id),
  );
}
