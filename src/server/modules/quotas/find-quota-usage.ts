import { chinaDay } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import { DAILY_QUOTAS, dailyQuotaFor } from '../../wechat/quotas.ts';
import { getAccount } from '../accounts/get-account.ts';

/**
 * Today's (Beijing day) calls against the daily limit for every cgi path
 * WeChat publishes a quota for, plus any other path the account called: the
 * console's quota table and chart. One query for the day's rows.
 */
export async function findQuotaUsage(ctx: AppContext, appid: string) {
  const account = await getAccount(ctx, appid);
  const day = chinaDay(ctx.clock.now());
  const rows = await ctx.db
    .selectFrom('api_quota_usage')
    .select(['cgi_path', 'used'])
    .where('account_id', '=', account.id)
    .where('day', '=', day)
    .execute();
  const used = new Map(rows.map((r) => [r.cgi_path, Number(r.used)]));
  const paths = [...new Set([...Object.keys(DAILY_QUOTAS), ...used.keys()])].sort();
  return {
    day,
    items: paths.map((cgi_path) => ({
      cgi_path,
      daily_limit: dailyQuotaFor(cgi_path),
      used: used.get(cgi_path) ?? 0,
    })),
  };
}
