import type { Db, MediaTable } from '../../db/schema.ts';

export async function insertMedia(db: Db, row: MediaTable): Promise<void> {
  await db.insertInto('media').values(row).execute();
}

/** One media row by its id, whoever owns it (callers check owner and expiry). */
export function selectMediaById(db: Db, mediaId: string): Promise<MediaTable | undefined> {
  return db.selectFrom('media').selectAll().where('media_id', '=', mediaId).executeTakeFirst();
}

/** Up to `limit` media whose expiry has passed at `now` (oldest first). */
export function selectExpiredMedia(db: Db, now: number, limit: number): Promise<MediaTable[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

/** Removes media rows (their files are the caller's to delete). */
export async function deleteMediaRows(db: Db, mediaIds: readonly string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  await db.deleteFrom('media').where('media_id', 'in', mediaIds).execute();
}
