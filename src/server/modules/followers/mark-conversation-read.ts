import { sql } from 'kysely';
import type { AppContext } from '../../context.ts';
import { NOTIFICATION_TYPES } from './followers.queries.ts';
import { getFollowing } from './get-follower.ts';

/**
 * The user opened their conversation with the account: everything in it so
 * far is read. The mark is the newest message's created_at (not the clock,
 * so a sandbox clock moved back cannot hide newer messages) and only ever
 * moves forward. Kept on the server so unread badges follow the user to any
 * browser or device.
 */
export async function markConversationRead(
  ctx: AppContext,
  userId: string,
  appid: string,
): Promise<{ appid: string; read_up_to: number; unread_count: number }> {
  // A former follower still reads the old conversation.
  const { user, account, follower } = await getFollowing(ctx, userId, appid, { subscribed: false });
  const now = ctx.clock.now();
  const newest = await ctx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('created_at').as('newest'))
    .where('follower_id', '=', follower.id)
    .where('msg_type', 'not in', NOTIFICATION_TYPES)
    .executeTakeFirst();
  const upTo = Number(newest?.newest ?? 0);
  await ctx.db
    .insertInto('conversation_reads')
    .values({ user_id: user.id, account_id: account.id, read_up_to: upTo, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['user_id', 'account_id']).doUpdateSet({
        read_up_to: sql<number>`CASE WHEN excluded.read_up_to > conversation_reads.read_up_to THEN excluded.read_up_to ELSE conversation_reads.read_up_to END`,
        updated_at: now,
      }),
    )
    .execute();
  const row = await ctx.db
    .selectFrom('conversation_reads')
    .select('read_up_to')
    .where('user_id', '=', user.id)
    .where('account_id', '=', account.id)
    .executeTakeFirstOrThrow();
  return { appid: account.appid, read_up_to: Number(row.read_up_to), unread_count: 0 };
}
