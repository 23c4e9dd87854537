import type { AppContext } from '../../context.ts';
import type { FollowersTable } from '../../db/schema.ts';
import type { XmlObject } from '../../wechat/xml.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { pushEvent } from '../callbacks/push-event.ts';

/**
 * pushEvent for jobs, which carry the account's id rather than its row:
 * reads the account fresh (its developer settings may have changed since
 * the job was queued) and reports what happened as the job's result.
 */
export async function pushAccountEvent(
  ctx: AppContext,
  accountId: string,
  follower: Pick<FollowersTable, 'id' | 'openid'>,
  event: { event: string; fields: XmlObject },
): Promise<{ pushed: boolean; outcome?: string }> {
  const account = await selectAccountById(ctx.db, accountId);
  const result = account ? await pushEvent(ctx, account, follower, event) : null;
  return result ? { pushed: true, outcome: result.delivery.outcome } : { pushed: false };
}
