import type { Db, MassMediaTable, MassMediaType } from '../../db/schema.ts';

export async function insertMassMedia(db: Db, row: MassMediaTable): Promise<void> {
  await db.insertInto('mass_media').values(row).execute();
}

/** The account's uploadnews/uploadvideo item of this type, if it has not expired at `now`. */
export function selectLiveMassMedia(
  db: Db,
  accountId: string,
  mediaId: string,
  type: MassMediaType,
  now: number,
): Promise<MassMediaTable | undefined> {
  return db
    .selectFrom('mass_media')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('media_id', '=', mediaId)
    .where('type', '=', type)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Drops the account's expired items in one statement. Called on each
 * upload, so the table holds at most about three days of one account's
 * uploads (uploadnews allows 10 a day) without a sweep job of its own.
 */
export async function deleteExpiredMassMedia(db: Db, accountId: string, now: number): Promise<void> {
  await db
    .deleteFrom('mass_media')
    .where('account_id', '=', accountId)
    .where('expires_at', '<=', now)
    .execute();
}
