import type { AppContext } from '../../context.ts';
import { getAccount } from '../accounts/get-account.ts';

/**
 * The account's failed Open API calls, newest first (the records
 * `openapi/rid/get` reads, kept 7 days): the console's API error log.
 * Successful calls are counted per day in quotas, not logged one by one.
 */
export async function findFailedRequests(ctx: AppContext, appid: string, limit = 100) {
  const account = await getAccount(ctx, appid);
  const rows = await ctx.db
    .selectFrom('api_request_log')
    .selectAll()
    .where('account_id', '=', account.id)
    .orderBy('invoke_time', 'desc')
    .limit(Math.min(Math.max(1, limit), 500))
    .execute();
  return {
    items: rows.map((r) => {
      let errcode: number | null = null;
      let errmsg: string | null = null;
      try {
        const body = JSON.parse(r.response_body) as { errcode?: number; errmsg?: string };
        errcode = body.errcode ?? null;
        errmsg = body.errmsg ?? null;
      } catch {
        // Not JSON (an image endpoint's error page): the raw body is still shown.
      }
      return {
        rid: r.rid,
        invoke_time: Number(r.invoke_time),
        cost_in_ms: Number(r.cost_in_ms),
        endpoint: r.request_url.split('?')[0] ?? r.request_url,
        request_url: r.request_url,
        request_body: r.request_body,
        response_body: r.response_body,
        errcode,
        errmsg,
        client_ip: r.client_ip,
      };
    }),
  };
}
