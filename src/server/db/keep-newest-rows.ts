import { sql } from 'kysely';
import type { Db } from './schema.ts';

/** The per-account logs capped at a number of rows (newest kept). */
export type CappedLogTable = 'deliveries' | 'api_call_log';

/**
 * Keeps the newest `keep` rows of an account in a capped log and deletes the
 * rest, in two set statements: find the keep-th newest row (created_at, then
 * id, so equal times still cut at one row), then delete everything older.
 */
export async function keepNewestRows(
  db: Db,
  table: CappedLogTable,
  accountId: string,
  keep: number,
): Promise<void> {
  const edge = await sql<{ created_at: number; id: string }>`
    select created_at, id from ${sql.table(table)}
    where account_id = ${accountId}
    order by created_at desc, id desc
    limit 1 offset ${keep - 1}`.execute(db);
  const row = edge.rows[0];
  if (!row) return;
  await sql`
    delete from ${sql.table(table)}
    where account_id = ${accountId}
      and (created_at < ${row.created_at} or (created_at = ${row.created_at} and id < ${row.id}))`.execute(
    db,
  );
}
