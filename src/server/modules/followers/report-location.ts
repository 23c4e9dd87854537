import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { appendEvents } from '../event-log/event-log.ts';
import { dispatchFollowerAction, type DispatchResult } from '../messages/dispatch-follower-action.ts';
import { ReportLocationSchema } from './followers.schemas.ts';
import { getFollowing } from './get-follower.ts';
import { locationPush } from './inbound-push.ts';

/**
 * The follower's client reports its position (the LOCATION event). WeChat
 * sends it only when the account turned location reporting on; otherwise the
 * report is logged and nothing is pushed.
 */
export async function reportLocation(
  ctx: AppContext,
  userId: string,
  appid: string,
  input: unknown,
): Promise<{ pushed: boolean; reason: string | null; result: DispatchResult | null }> {
  const location = validate(ReportLocationSchema, input);
  const { account, follower } = await getFollowing(ctx, userId, appid);
  const now = ctx.clock.now();
  if (account.location_report === 0) {
    await appendEvents(ctx.db, [
      {
        account_id: account.id,
        user_id: follower.user_id,
        openid: follower.openid,
        type: 'location',
        detail: { ...location, pushed: false },
        created_at: now,
      },
    ]);
    return {
      pushed: false,
      reason: 'location reporting is off for this account (PATCH /gz/v1/accounts/:appid location_report)',
      result: null,
    };
  }
  const result = await dispatchFollowerAction(ctx, account, follower, {
    push: locationPush(location, Math.floor(now / 1000)),
    autoReply: null,
    log: { type: 'location', detail: { ...location, pushed: true } },
    canReceive: true,
  });
  return { pushed: true, reason: null, result };
}
