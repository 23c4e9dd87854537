import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';

/** Adds one to `used` on today's row if it is still under `limit`; true when a row was bumped. */
async function bumpQuotaRow(
  db: Db,
  accountId: string,
  cgiPath: string,
  day: string,
  limit: number,
): Promise<boolean> {
  const updated = await db
    .updateTable('api_quota_usage')
    .set({ used: sql`used + 1` })
    .where('account_id', '=', accountId)
    .where('cgi_path', '=', cgiPath)
    .where('day', '=', day)
    .where('used', '<', limit)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/**
 * Counts one call if the account is under `limit` today. Returns false when
 * the quota is used up. The increment is a single guarded UPDATE (or an
 * INSERT for the day's first call), so concurrent callers on several nodes
 * never overshoot the limit.
 */
export async function tryConsumeQuota(
  db: Db,
  accountId: string,
  cgiPath: string,
  day: string,
  limit: number,
): Promise<boolean> {
  if (await bumpQuotaRow(db, accountId, cgiPath, day, limit)) return true;
  if (limit <= 0) return false;
  const inserted = await db
    .insertInto('api_quota_usage')
    .values({ account_id: accountId, cgi_path: cgiPath, day, used: 1 })
    .onConflict((oc) => oc.columns(['account_id', 'cgi_path', 'day']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
  // Lost a race with another caller's first insert: the row exists now.
  return bumpQuotaRow(db, accountId, cgiPath, day, limit);
}

export async function selectQuotaUsed(
  db: Db,
  accountId: string,
  cgiPath: string,
  day: string,
): Promise<number> {
  const row = await db
    .selectFrom('api_quota_usage')
    .select('used')
    .where('account_id', '=', accountId)
    .where('cgi_path', '=', cgiPath)
    .where('day', '=', day)
    .executeTakeFirst();
  return row?.used ?? 0;
}

/** Uses one of the month's clears if any are left; false when the monthly limit is reached. */
export async function tryConsumeClear(
  db: Db,
  accountId: string,
  month: string,
  limit: number,
): Promise<boolean> {
  const updated = await db
    .updateTable('quota_clears')
    .set({ count: sql`count + 1` })
    .where('account_id', '=', accountId)
    .where('month', '=', month)
    .where('count', '<', limit)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return true;
  const inserted = await db
    .insertInto('quota_clears')
    .values({ account_id: accountId, month, count: 1 })
    .onConflict((oc) => oc.columns(['account_id', 'month']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function deleteQuotaUsage(db: Db, accountId: string, day: string): Promise<void> {
  await db.deleteFrom('api_quota_usage').where('account_id', '=', accountId).where('day', '=', day).execute();
}
