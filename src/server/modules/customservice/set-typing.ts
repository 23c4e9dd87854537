import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getReachableFollower } from './send-custom-message.ts';
import { TYPING_NEEDS_INTERACTION_MS, TYPING_SHOWS_MS } from './service-window.ts';

/**
 * `/cgi-bin/message/custom/typing`: shows the follower "对方正在输入…" for
 * 15 s (or takes it away). Typing needs an interaction in the last 30 s
 * (45080) and cannot be started again while it shows (45081); sending a
 * message ends it. Same follower checks as sending (40003, 43004, 43019).
 */
export async function setTyping(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
  command: string,
): Promise<{ typing_until: number | null }> {
  if (command !== 'Typing' && command !== 'CancelTyping')
    throw new AppError('TYPING_COMMAND_INVALID', 'command must be Typing or CancelTyping');
  const follower = await getReachableFollower(ctx, account, openid);
  const now = ctx.clock.now();
  if (command === 'CancelTyping') {
    await ctx.db.updateTable('followers').set({ typing_until: null }).where('id', '=', follower.id).execute();
    return { typing_until: null };
  }
  if (
    follower.last_interaction_at === null ||
    now - Number(follower.last_interaction_at) > TYPING_NEEDS_INTERACTION_MS
  )
    throw new AppError('TYPING_NO_INTERACTION', 'the follower has not interacted in the last 30 seconds');
  if (follower.typing_until !== null && Number(follower.typing_until) > now)
    throw new AppError(
      'TYPING_ALREADY',
      'the typing indicator is still showing; wait 15 s or send the message',
    );
  const until = now + TYPING_SHOWS_MS;
  await ctx.db.updateTable('followers').set({ typing_until: until }).where('id', '=', follower.id).execute();
  return { typing_until: until };
}
