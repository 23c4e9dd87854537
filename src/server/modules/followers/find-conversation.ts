import type { AppContext } from '../../context.ts';
import { decodeCursor, pageOf } from '../../lib/cursor.ts';
import { validate } from '../../lib/validate.ts';
import { presentMessage, type MessageView } from '../messages/messages.presenter.ts';
import { selectConversationPage } from '../messages/messages.queries.ts';
import { ConversationQuerySchema } from './followers.schemas.ts';
import { getFollowing } from './get-follower.ts';

/**
 * One page of the user's conversation with an account, both directions,
 * newest first; `next_cursor` reaches older messages. Readable after an
 * unfollow too (the history stays on the follower's phone).
 */
export async function findConversation(
  ctx: AppContext,
  userId: string,
  appid: string,
  query: unknown,
): Promise<{ items: MessageView[]; next_cursor: string | null }> {
  const { limit, cursor } = validate(ConversationQuerySchema, query);
  const { follower } = await getFollowing(ctx, userId, appid, { subscribed: false });
  const rows = await selectConversationPage(ctx.db, follower.id, limit + 1, decodeCursor(cursor));
  const page = pageOf(rows, limit);
  return { items: page.items.map(presentMessage), next_cursor: page.next_cursor };
}
