import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { messageHub, type MessageListener, type SubscribeOptions } from './message-hub.ts';

/**
 * Subscribes `listener` to the user's conversation messages as they are
 * committed on any node (optionally only one account's, by `appid`).
 * Resolves once the subscription is live: every message published after that
 * reaches the listener exactly once. On PostgreSQL the first subscription
 * starts this node's LISTEN. Returns the unsubscribe function (safe to call
 * twice). Does not check that the user exists.
 */
export async function subscribeToUser(
  ctx: AppContext,
  userId: string,
  options: SubscribeOptions,
  listener: MessageListener,
): Promise<() => void> {
  const hub = await liveHub(ctx);
  return hub.add(userId, options, listener);
}

/**
 * Subscribes `listener` to every conversation message of one account as it
 * is committed on any node (the console inbox's live stream), with the same
 * guarantees as subscribeToUser. Does not check that the account exists.
 */
export async function subscribeToAccount(
  ctx: AppContext,
  appid: string,
  options: Pick<SubscribeOptions, 'onEnd'>,
  listener: MessageListener,
): Promise<() => void> {
  const hub = await liveHub(ctx);
  return hub.addAccount(appid, options, listener);
}

/** The hub, listening on PostgreSQL; SYSTEM_ERROR when the stream cannot start. */
async function liveHub(ctx: AppContext) {
  const hub = messageHub(ctx);
  if (ctx.dialect === 'postgres') {
    try {
      await hub.listen();
    } catch (err) {
      ctx.log.error({ err }, 'could not LISTEN for live messages');
      throw new AppError('SYSTEM_ERROR', 'the live stream is unavailable; try again');
    }
  }
  // The hub closed, or the connection dropped, while we waited.
  if (hub.closed || (ctx.dialect === 'postgres' && !hub.listening)) {
    throw new AppError('SYSTEM_ERROR', 'the live stream is unavailable; try again');
  }
  return hub;
}
