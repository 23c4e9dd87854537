import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { MessageWithParties } from '../messages/messages.queries.ts';
import { existingMessageHub, MESSAGES_CHANNEL } from './message-hub.ts';
import type { MessagesNotification } from './realtime.schemas.ts';

/** Largest NOTIFY payload we send; PostgreSQL refuses 8000 bytes and more. */
export const MAX_NOTIFICATION_BYTES = 4000;

/**
 * Announces committed conversation messages to live subscribers. Call it
 * after the transaction that stored them has committed, never inside it.
 *
 * SQLite (one process): hands them to this database's subscribers directly.
 * PostgreSQL: NOTIFYs `gongzhong_messages` with the user id and message ids;
 * every node, this one included, loads the rows and feeds its own
 * subscribers. Best effort: a failed NOTIFY is logged, never thrown, since
 * the messages are already stored and the conversation API shows them.
 */
export async function publishMessages(ctx: AppContext, messages: MessageWithParties[]): Promise<void> {
  if (messages.length === 0) return;
  if (ctx.dialect !== 'postgres') {
    existingMessageHub(ctx)?.deliver(messages);
    return;
  }
  await announceMessageIds(ctx, messages);
}

/**
 * PostgreSQL only: NOTIFYs `gongzhong_messages` for stored messages known
 * by id and recipient, without reading them — what publishMessages does on
 * PostgreSQL, for callers (mass send) that never had the rows in hand.
 */
export async function announceMessageIds(
  ctx: AppContext,
  messages: Pick<MessageWithParties, 'id' | 'user_id'>[],
): Promise<void> {
  if (messages.length === 0) return;
  const payloads = notificationPayloads(messages);
  try {
    // One round trip for any number of payloads, sent in array order.
    await sql`select pg_notify(${MESSAGES_CHANNEL}, payload) from unnest(${payloads}::text[]) as payload`.execute(
      ctx.db,
    );
  } catch (err) {
    ctx.log.warn({ err, messages: messages.length }, 'could not announce messages to live streams');
  }
}

/**
 * NOTIFY payloads for `messages`: one user each, ids in the given order,
 * split so that none exceeds `maxBytes`.
 */
export function notificationPayloads(
  messages: Pick<MessageWithParties, 'id' | 'user_id'>[],
  maxBytes = MAX_NOTIFICATION_BYTES,
): string[] {
  const idsByUser = new Map<string, string[]>();
  for (const m of messages) {
    const ids = idsByUser.get(m.user_id);
    if (ids) ids.push(m.id);
    else idsByUser.set(m.user_id, [m.id]);
  }
  const payloads: string[] = [];
  for (const [userId, ids] of idsByUser) {
    const encode = (chunk: string[]) =>
      JSON.stringify({ user_id: userId, message_ids: chunk } satisfies MessagesNotification);
    const emptyBytes = Buffer.byteLength(encode([]));
    let chunk: string[] = [];
    let bytes = emptyBytes;
    for (const id of ids) {
      // The id's JSON string plus the comma before it.
      const idBytes = Buffer.byteLength(JSON.stringify(id)) + 1;
      if (chunk.length > 0 && bytes + idBytes > maxBytes) {
        payloads.push(encode(chunk));
        chunk = [];
        bytes = emptyBytes;
      }
      chunk.push(id);
      bytes += idBytes;
    }
    if (chunk.length > 0) payloads.push(encode(chunk));
  }
  return payloads;
}
