import { chinaDay } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { DAILY_QUOTAS } from '../../wechat/quotas.ts';
import { selectQuotaUsed } from './quotas.queries.ts';

/** `/cgi-bin/openapi/quota/get`: today's limit, use and remainder for one cgi path. */
export async function getApiQuota(ctx: AppContext, accountId: string, cgiPath: string) {
  if (cgiPath.startsWith('/sns/')) throw new AppError('CGI_PATH_NO_QUOTA', 'no permission');
  const limit = DAILY_QUOTAS[cgiPath];
  if (limit === undefined) throw new AppError('CGI_PATH_NOT_FOUND', 'please check');
  const used = Math.min(limit, await selectQuotaUsed(ctx.db, accountId, cgiPath, chinaDay(ctx.clock.now())));
  return {
    quota: { daily_limit: limit, used, remain: limit - used },
    // Gongzhong enforces no per-minute window besides the daily quota; report
    // WeChat's documented shape with the whole day as the refresh period.
    rate_limit: { call_count: limit, refresh_second: 86400 },
    component_rate_limit: { call_count: limit, refresh_second: 86400 },
  };
}
