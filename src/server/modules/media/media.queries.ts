import type { Db, MediaTable } from '../../db/schema.ts';

export async function insertMedia(db: Db, row: MediaTable): Promise<void> {
  await db.insertInto('media').values(row).execute();
}

/** One media row by its id, whoever owns it (callers check owner and expiry). */
export function selectMediaById(db: Db, mediaId: string): Promise<MediaTable | undefined> {
  return db.selectFrom('media').selectAll().where('media_id', '=', mediaId).executeTakeFirst();
}
