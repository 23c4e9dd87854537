import type { AccessTokensTable, Db, TokenKind } from '../../db/schema.ts';

export async function insertToken(db: Db, row: AccessTokensTable): Promise<void> {
  await db.insertInto('access_tokens').values(row).execute();
}

export function selectToken(db: Db, tokenHash: string): Promise<AccessTokensTable | undefined> {
  return db.selectFrom('access_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Cuts every other live token of this kind down to `until` (WeChat's
 * 5-minute overlap for /cgi-bin/token, immediate for a forced stable refresh).
 */
export async function supersedeTokens(
  db: Db,
  accountId: string,
  kind: TokenKind,
  exceptHash: string,
  until: number,
): Promise<void> {
  await db
    .updateTable('access_tokens')
    .set({ expires_at: until })
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('token_hash', '!=', exceptHash)
    .where('expires_at', '>', until)
    .execute();
}

/** The newest still-valid stable token of an account. */
export function selectCurrentStableToken(
  db: Db,
  accountId: string,
  now: number,
): Promise<AccessTokensTable | undefined> {
  return db
    .selectFrom('access_tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', 'stable')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Forced stable refreshes since `since` (counted against the daily 20) and the newest one's time. */
export async function selectForcedRefreshes(
  db: Db,
  accountId: string,
  since: number,
): Promise<{ count: number; last: number | null }> {
  const row = await db
    .selectFrom('access_tokens')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('created_at').as('last')])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'stable')
    .where('forced', '=', 1)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), last: row.last === null ? null : Number(row.last) };
}

/** Forgets tokens that expired before `before`; afterwards they answer 40001 instead of 42001. */
export async function deleteExpiredTokens(db: Db, before: number): Promise<void> {
  await db.deleteFrom('access_tokens').where('expires_at', '<', before).execute();
}
