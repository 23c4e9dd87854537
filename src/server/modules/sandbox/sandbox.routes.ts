import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { advanceClock, presentClock, resetClock } from './advance-clock.ts';
import { AdvanceClockSchema } from './sandbox.schemas.ts';

/** `/gz/v1/sandbox/*`: the controllable clock. */
export async function sandboxRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Sandbox'];
  app.get('/sandbox/clock', { schema: { tags, summary: 'Current platform time' } }, async () =>
    presentClock(ctx),
  );
  app.post(
    '/sandbox/clock/advance',
    { schema: { tags, summary: 'Move the platform clock forward', body: toJsonSchema(AdvanceClockSchema) } },
    async (request) => advanceClock(ctx, request.body),
  );
  app.post(
    '/sandbox/clock/reset',
    { schema: { tags, summary: 'Return the platform clock to real time' } },
    async () => resetClock(ctx),
  );
}
