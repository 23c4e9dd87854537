import type { Insertable, Selectable } from 'kysely';
import type { ApiCallLogTable, Db } from '../../db/schema.ts';

export type ApiCallRow = Selectable<ApiCallLogTable>;

/** Many calls in one multi-row INSERT (the recorder's batch). */
export async function insertApiCalls(db: Db, rows: Insertable<ApiCallLogTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('api_call_log').values(rows).execute();
}

/** What the call list can be narrowed to. */
export interface ApiCallFilter {
  endpoint?: string;
  /** Only calls answered with an errcode other than 0. */
  failedOnly?: boolean;
  /** Calls at or after this time (epoch ms). */
  since?: number;
}

/** The account's calls, newest first, at most `limit`. */
export function selectApiCalls(db: Db, accountId: string, filter: ApiCallFilter, limit: number) {
  let q = db.selectFrom('api_call_log').selectAll().where('account_id', '=', accountId);
  if (filter.endpoint) q = q.where('endpoint', '=', filter.endpoint);
  if (filter.failedOnly) q = q.where('errcode', '<>', 0);
  if (filter.since !== undefined) q = q.where('created_at', '>=', filter.since);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The endpoints the account has called (for the filter's choices). */
export async function selectCalledEndpoints(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('api_call_log')
    .select('endpoint')
    .distinct()
    .where('account_id', '=', accountId)
    .orderBy('endpoint')
    .execute();
  return rows.map((r) => r.endpoint);
}
