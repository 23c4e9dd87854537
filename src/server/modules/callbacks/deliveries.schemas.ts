import { z } from 'zod';

/** Query of `GET /gz/v1/accounts/:appid/deliveries`. */
export const FindDeliveriesQuerySchema = z.object({
  /** Only pushes about this follower. */
  openid: z.string().max(64).optional(),
  /** Only deliveries that ended this way. */
  outcome: z.enum(['pending', 'replied', 'no_reply', 'failed', 'transferred']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next_cursor` of the previous page (older deliveries). */
  cursor: z.string().max(200).optional(),
});
