import { chinaDay, chinaMonth } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { CLEAR_QUOTA_MONTHLY_LIMIT } from '../../wechat/quotas.ts';
import { deleteQuotaUsage, tryConsumeClear } from './quotas.queries.ts';

/**
 * `/cgi-bin/clear_quota`: resets today's counters of every API for the
 * account, at most 10 times a (Beijing) month, else 48006.
 */
export async function clearApiQuota(ctx: AppContext, accountId: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const ok = await tryConsumeClear(trx, accountId, chinaMonth(now), CLEAR_QUOTA_MONTHLY_LIMIT);
    if (!ok) throw new AppError('CLEAR_QUOTA_LIMIT', `${CLEAR_QUOTA_MONTHLY_LIMIT} clears a month`);
    await deleteQuotaUsage(trx, accountId, chinaDay(now));
  });
}
