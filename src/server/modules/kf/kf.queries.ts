import type { Db, KfAccountsTable, KfRecordsTable, KfSessionsTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';

/** An account's kf accounts by kf_id. */
export function selectKfAccounts(db: Db, accountId: string): Promise<KfAccountsTable[]> {
  return db
    .selectFrom('kf_accounts')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('kf_id')
    .execute();
}

/** One kf account by its full name (`prefix@wxid`). */
export function selectKfAccount(
  db: Db,
  accountId: string,
  kfAccount: string,
): Promise<KfAccountsTable | undefined> {
  return db
    .selectFrom('kf_accounts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kf_account', '=', kfAccount)
    .executeTakeFirst();
}

/** The follower's open (waiting or active) session, if any. */
export function selectOpenSession(db: Db, followerId: string): Promise<KfSessionsTable | undefined> {
  return db
    .selectFrom('kf_sessions')
    .selectAll()
    .where('open_follower_id', '=', followerId)
    .executeTakeFirst();
}

/** Active sessions per kf account of an account (accepted_case). */
export async function countActiveSessions(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('kf_sessions')
    .select(['kf_account', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .groupBy('kf_account')
    .execute();
  return new Map(rows.map((r) => [r.kf_account ?? '', Number(r.n)]));
}

/** Appends lines to the chat record (msgrecord), in order. */
export async function insertKfRecords(db: Db, rows: Insertable<KfRecordsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('kf_records').values(rows).execute();
}

/**
 * Closes a session row if it is still the one open: the guard on status
 * makes a concurrent close (or claim) lose cleanly instead of writing twice.
 */
export async function closeSessionRow(
  db: Db,
  session: Pick<KfSessionsTable, 'id' | 'status'>,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('kf_sessions')
    .set({ status: 'closed', open_follower_id: null, closed_at: now })
    .where('id', '=', session.id)
    .where('status', '=', session.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
