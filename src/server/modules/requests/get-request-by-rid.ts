import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { RID_PATTERN, RID_RETENTION_MS } from './request-ids.ts';

/** `/cgi-bin/openapi/rid/get`: what a failed call sent and got, for the account that made it. */
export async function getRequestByRid(ctx: AppContext, accountId: string, rid: unknown) {
  if (typeof rid !== 'string' || !RID_PATTERN.test(rid.trim())) throw new AppError('RID_INVALID');
  const row = await ctx.db
    .selectFrom('api_request_log')
    .selectAll()
    .where('rid', '=', rid.trim())
    .executeTakeFirst();
  if (!row) throw new AppError('RID_NOT_FOUND');
  if (row.account_id !== accountId) throw new AppError('RID_OTHER_ACCOUNT');
  if (ctx.clock.now() - row.created_at > RID_RETENTION_MS) throw new AppError('RID_EXPIRED');
  return {
    request: {
      invoke_time: row.invoke_time,
      cost_in_ms: row.cost_in_ms,
      request_url: row.request_url,
      request_body: row.request_body,
      response_body: row.response_body,
      client_ip: row.client_ip,
    },
  };
}
