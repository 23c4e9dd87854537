import { z } from 'zod';

/** Query of `GET …/api-calls`: the call log's filters. */
export const FindApiCallsQuerySchema = z.object({
  /** Only calls to this WeChat path, e.g. `/cgi-bin/message/custom/send`. */
  endpoint: z.string().max(256).optional(),
  /** `1`: only calls answered with an errcode other than 0. */
  failed: z.enum(['0', '1']).optional(),
  /** Rows listed, newest first (1–500, default 100). */
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The chart's window in minutes back from now (5–10080, default 60). */
  window: z.coerce.number().int().min(5).max(10_080).default(60),
});
export type FindApiCallsQuery = z.infer<typeof FindApiCallsQuerySchema>;
