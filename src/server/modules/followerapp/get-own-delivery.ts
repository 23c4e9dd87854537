import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getDelivery } from '../callbacks/get-delivery.ts';
import { selectDelivery } from '../callbacks/deliveries.queries.ts';
import { selectFollowerUserId } from './followerapp.queries.ts';

/**
 * A delivery of this user's own conversation ("show raw" on a bubble): the
 * XML pushed to the developer server and what it answered. Another user's
 * delivery is reported as not found, so ids cannot be probed.
 */
export async function getOwnDelivery(ctx: AppContext, userId: string, deliveryId: string) {
  const row = await selectDelivery(ctx.db, deliveryId);
  const owner = row?.follower_id ? await selectFollowerUserId(ctx.db, row.follower_id) : null;
  if (!row || owner !== userId)
    throw new AppError('DELIVERY_NOT_FOUND', `no delivery ${deliveryId} for this user`);
  return getDelivery(ctx, deliveryId);
}
