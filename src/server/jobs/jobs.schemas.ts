import { z } from 'zod';

/** Query of a job listing (console, CLI). */
export const FindJobsQuerySchema = z.object({
  /** Only jobs in this state. */
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
  /** Only jobs of this definition name. */
  name: z.string().min(1).optional(),
  /** Page size, 1–200. Default 50. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type FindJobsQuery = z.infer<typeof FindJobsQuerySchema>;
