import type { Insertable, Selectable } from 'kysely';
import type { Db, QrCodesTable, ShortKeysTable } from '../../db/schema.ts';

/** A qr_codes row as read back (counters filled in). */
export type QrCode = Selectable<QrCodesTable>;

export function selectQrcodeByTicket(db: Db, ticket: string): Promise<QrCode | undefined> {
  return db.selectFrom('qr_codes').selectAll().where('ticket', '=', ticket).executeTakeFirst();
}

export function selectQrcodeByUrl(db: Db, url: string): Promise<QrCode | undefined> {
  return db.selectFrom('qr_codes').selectAll().where('url', '=', url).executeTakeFirst();
}

/** The account's permanent code for a scene (one at most: partial unique indexes). */
export function selectPermanentQrcode(
  db: Db,
  accountId: string,
  scene:
    | { action_name: 'QR_LIMIT_SCENE'; scene_id: number }
    | { action_name: 'QR_LIMIT_STR_SCENE'; scene_str: string },
): Promise<QrCode | undefined> {
  let q = db
    .selectFrom('qr_codes')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('action_name', '=', scene.action_name);
  q =
    'scene_id' in scene
      ? q.where('scene_id', '=', scene.scene_id)
      : q.where('scene_str', '=', scene.scene_str);
  return q.executeTakeFirst();
}

/** How many permanent codes the account has (they never expire, so never stop counting). */
export async function countPermanentQrcodes(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('qr_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('expires_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertQrcode(db: Db, row: Insertable<QrCodesTable>): Promise<void> {
  await db.insertInto('qr_codes').values(row).execute();
}

/** The account's codes, newest first, keyset-paged on (created_at, ticket). */
export function selectQrcodesPage(
  db: Db,
  accountId: string,
  limit: number,
  before?: { created_at: number; id: string },
): Promise<QrCode[]> {
  let q = db.selectFrom('qr_codes').selectAll().where('account_id', '=', accountId);
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', before.created_at),
        eb.and([eb('created_at', '=', before.created_at), eb('ticket', '<', before.id)]),
      ]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('ticket', 'desc').limit(limit).execute();
}

/** Counts one scan, and one follow when it made a follower; in SQL, so concurrent scans all count. */
export async function incrementQrcodeCounts(db: Db, ticket: string, subscribed: boolean): Promise<void> {
  await db
    .updateTable('qr_codes')
    .set((eb) => ({
      scan_count: eb('scan_count', '+', 1),
      subscribe_count: eb('subscribe_count', '+', subscribed ? 1 : 0),
    }))
    .where('ticket', '=', ticket)
    .execute();
}

export async function insertShortKey(db: Db, row: ShortKeysTable): Promise<void> {
  await db.insertInto('short_keys').values(row).execute();
}

export function selectShortKey(
  db: Db,
  accountId: string,
  shortKey: string,
): Promise<ShortKeysTable | undefined> {
  return db
    .selectFrom('short_keys')
    .selectAll()
    .where('short_key', '=', shortKey)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}
