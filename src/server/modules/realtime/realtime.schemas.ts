import { z } from 'zod';

/** Path of `GET /gz/v1/users/:user_id/stream` and `/ws`. */
export const StreamParamsSchema = z.object({
  /** The simulated user whose conversations to follow (`usr_…`). */
  user_id: z.string().min(1).max(64),
});

/** Query of `GET /gz/v1/users/:user_id/stream` and `/ws`. */
export const StreamQuerySchema = z.object({
  /** Only this account's conversation; every account the user talks to when absent. */
  appid: z.string().min(1).max(64).optional(),
});
export type StreamQuery = z.infer<typeof StreamQuerySchema>;

/**
 * What travels on the PostgreSQL channel: ids only (a NOTIFY payload must stay
 * under 8000 bytes), so each node loads the committed rows itself.
 */
export const MessagesNotificationSchema = z.object({
  user_id: z.string().min(1),
  message_ids: z.array(z.string().min(1)).min(1),
});
export type MessagesNotification = z.infer<typeof MessagesNotificationSchema>;
