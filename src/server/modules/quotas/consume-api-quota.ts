import { chinaDay } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { dailyQuotaFor } from '../../wechat/quotas.ts';
import { tryConsumeQuota } from './quotas.queries.ts';

/** Counts one call of `cgiPath` for the account, or throws 45009 when today's quota is used up. */
export async function consumeApiQuota(ctx: AppContext, accountId: string, cgiPath: string): Promise<void> {
  const limit = dailyQuotaFor(cgiPath);
  const ok = await tryConsumeQuota(ctx.db, accountId, cgiPath, chinaDay(ctx.clock.now()), limit);
  if (!ok)
    throw new AppError('DAILY_QUOTA_REACHED', `${cgiPath} allows ${limit} calls a day; see clear_quota`);
}
