import { sql } from 'kysely';
import type { Db } from '../../db/schema.ts';

/** LIKE wildcards in user input match themselves (SQLite and PostgreSQL both take `\` here). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Accounts by name (case-insensitive contains), WeChat id (exact, any case:
 * the lower(alias) index serves it) or exact appid / original id; all when q is empty.
 */
export function selectAccountsMatching(db: Db, q: string, limit: number) {
  let query = db
    .selectFrom('accounts')
    .select(['appid', 'original_id', 'alias', 'name', 'description', 'avatar_url', 'type', 'verified']);
  if (q) {
    const pattern = `%${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`lower(name)`, 'like', pattern),
        eb(sql<string>`lower(alias)`, '=', q.toLowerCase()),
        eb('appid', '=', q),
        eb('original_id', '=', q),
      ]),
    );
  }
  return query.orderBy('name').orderBy('appid').limit(limit).execute();
}

/** Users by id, in no particular order (missing ids are simply absent). */
export function selectUsersByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** The user a follower row belongs to (null when the row is gone). */
export async function selectFollowerUserId(db: Db, followerId: string): Promise<string | null> {
  const row = await db
    .selectFrom('followers')
    .select('user_id')
    .where('id', '=', followerId)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** The user's follow state with one account, when they ever followed it. */
export function selectFollowState(db: Db, userId: string, appid: string) {
  return db
    .selectFrom('followers')
    .innerJoin('accounts', 'accounts.id', 'followers.account_id')
    .select(['followers.subscribed', 'followers.openid'])
    .where('followers.user_id', '=', userId)
    .where('accounts.appid', '=', appid)
    .executeTakeFirst();
}

/** An account's newest live articles (published or mass-sent), for its profile page. */
export function selectRecentArticles(db: Db, appid: string, limit: number) {
  return db
    .selectFrom('articles')
    .innerJoin('accounts', 'accounts.id', 'articles.account_id')
    .select([
      'articles.id',
      'articles.title',
      'articles.digest',
      'articles.thumb_media_id',
      'articles.published_at',
      'articles.read_count',
    ])
    .where('accounts.appid', '=', appid)
    .where('articles.deleted_at', 'is', null)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
}
