import { randomInt } from 'node:crypto';
import { isUniqueViolation } from '../../db/index.ts';
import type { ClientPlatform, Db, FollowersTable, MenuKind, MenusTable } from '../../db/schema.ts';

/**
 * The account's menus, newest first: the first `default` row is the default
 * menu (menu/create replaces it, so older ones only exist for the instant two
 * creates overlap), and conditional menus come in the order matching tries them.
 */
export function selectMenus(db: Db, accountId: string): Promise<MenusTable[]> {
  return db
    .selectFrom('menus')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Deletes the account's menus of one kind, or all of them. */
export async function deleteMenus(db: Db, accountId: string, kind?: MenuKind): Promise<number> {
  let q = db.deleteFrom('menus').where('account_id', '=', accountId);
  if (kind) q = q.where('kind', '=', kind);
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes the account's default menus made before `row`: after two
 * overlapping menu/create calls the later one stays.
 */
export async function deleteOlderDefaultMenus(db: Db, row: MenusTable): Promise<void> {
  await db
    .deleteFrom('menus')
    .where('account_id', '=', row.account_id)
    .where('kind', '=', 'default')
    .where((eb) =>
      eb.or([
        eb('created_at', '<', row.created_at),
        eb.and([eb('created_at', '=', row.created_at), eb('id', '<', row.id)]),
      ]),
    )
    .execute();
}

/** Deletes one conditional menu; 0 when the account has none with that menuid. */
export async function deleteMenuByMenuid(db: Db, accountId: string, menuid: number): Promise<number> {
  const result = await db
    .deleteFrom('menus')
    .where('account_id', '=', accountId)
    .where('menuid', '=', menuid)
    .where('kind', '=', 'conditional')
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// WeChat's menuids are 9-digit numbers (208379533). Ours are random in that
// range and below 2^31, so they fit every client's integer type, and are
// unique across accounts as the column demands.
const MENUID_MIN = 100_000_000;
const MENUID_MAX = 2_000_000_000;

/** Inserts a menu under a fresh random menuid, drawing again on the rare collision. */
export async function insertMenu(db: Db, row: Omit<MenusTable, 'menuid'>): Promise<MenusTable> {
  for (let attempt = 0; ; attempt++) {
    const full = { ...row, menuid: randomInt(MENUID_MIN, MENUID_MAX) };
    try {
      // Inside a PostgreSQL transaction a collision aborts the transaction and
      // the retry fails too: a one-in-a-billion 500 that replaceMenus accepts.
      await db.insertInto('menus').values(full).execute();
      return full;
    } catch (err) {
      if (attempt < 5 && isUniqueViolation(err, 'menus_menuid_key', 'menus.menuid')) continue;
      throw err;
    }
  }
}

/** A follower of the account and the user behind it, by openid. */
export function selectFollowerByOpenid(db: Db, accountId: string, openid: string) {
  return followerWithUser(db, accountId).where('followers.openid', '=', openid).executeTakeFirst();
}

/** A follower of the account and the user behind it, by the user's WeChat id (微信号). */
export function selectFollowerByWechatId(db: Db, accountId: string, wechatId: string) {
  return followerWithUser(db, accountId).where('users.wechat_id', '=', wechatId).executeTakeFirst();
}

function followerWithUser(db: Db, accountId: string) {
  return db
    .selectFrom('followers')
    .innerJoin('users', 'users.id', 'followers.user_id')
    .selectAll('followers')
    .select('users.client_platform')
    .where('followers.account_id', '=', accountId);
}

export type FollowerWithPlatform = FollowersTable & { client_platform: ClientPlatform };

/**
 * The tag a follower was given last: conditional menus match a follower
 * with several tags on this one (spec §6.5). Ties in the same millisecond
 * go to the higher tag id, so the answer is stable.
 */
export async function selectLastTagId(db: Db, followerId: string): Promise<number | null> {
  const row = await db
    .selectFrom('follower_tags')
    .select('tag_id')
    .where('follower_id', '=', followerId)
    .orderBy('created_at', 'desc')
    .orderBy('tag_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.tag_id) : null;
}
