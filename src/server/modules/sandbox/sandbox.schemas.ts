import { z } from 'zod';

/** Body of `POST /gz/v1/sandbox/clock/advance`. */
export const AdvanceClockSchema = z.object({
  /** Seconds to move the platform clock forward (1 second to 400 days). */
  seconds: z
    .number()
    .int()
    .min(1)
    .max(400 * 86400),
});
