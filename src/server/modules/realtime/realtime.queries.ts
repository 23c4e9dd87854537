import type { Db } from '../../db/schema.ts';

/** True when a simulated user with this id exists. */
export async function userExists(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
