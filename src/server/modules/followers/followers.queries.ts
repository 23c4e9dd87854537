import { sql } from 'kysely';
import type { Db, FollowersTable, UsersTable } from '../../db/schema.ts';

export function selectUserById(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUserRow(db: Db, id: string, patch: Partial<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Users by creation, newest first, keyset-paged on (created_at, id). */
export function selectUsersPage(
  db: Db,
  filter: { q?: string | undefined },
  limit: number,
  before?: { created_at: number; id: string },
): Promise<UsersTable[]> {
  let q = db.selectFrom('users').selectAll();
  if (filter.q) {
    const text = filter.q;
    q = q.where((eb) => eb.or([eb('nickname', 'like', `%${escapeLike(text)}%`), eb('wechat_id', '=', text)]));
  }
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', before.created_at),
        eb.and([eb('created_at', '=', before.created_at), eb('id', '<', before.id)]),
      ]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** LIKE wildcards in user input match themselves (SQLite and PostgreSQL both take `\` here). */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function selectFollower(
  db: Db,
  accountId: string,
  userId: string,
): Promise<FollowersTable | undefined> {
  return db
    .selectFrom('followers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Every account the user has a follower row with (followed now or before). */
/**
 * Every follow of the user with its chat-list state in one query: the read
 * mark (conversation_reads) and how many messages from the account came
 * after it. Service notifications (templates, subscribe notifications) live
 * in their own feed, so they never count here.
 */
export function selectFollowsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('followers')
    .innerJoin('accounts', 'accounts.id', 'followers.account_id')
    .leftJoin('conversation_reads as reads', (join) =>
      join
        .onRef('reads.user_id', '=', 'followers.user_id')
        .onRef('reads.account_id', '=', 'followers.account_id'),
    )
    .selectAll('followers')
    .select((eb) => [
      'accounts.appid',
      'accounts.name as account_name',
      'accounts.type as account_type',
      'accounts.organization_id',
      eb.fn.coalesce('reads.read_up_to', sql<number>`0`).as('read_up_to'),
      eb
        .selectFrom('messages')
        .select((m) => m.fn.countAll<number | string>().as('n'))
        .whereRef('messages.follower_id', '=', 'followers.id')
        .where('messages.direction', '=', 'out')
        .where('messages.msg_type', 'not in', NOTIFICATION_TYPES)
        .where((m) => m('messages.created_at', '>', m.fn.coalesce('reads.read_up_to', sql<number>`0`)))
        .as('unread_count'),
    ])
    .where('followers.user_id', '=', userId)
    .orderBy('followers.created_at', 'asc')
    .execute();
}

/** Message types shown in the service-notifications feed rather than the account's chat. */
export const NOTIFICATION_TYPES = ['template', 'subscribe_notification'];

export function selectUnionid(db: Db, organizationId: string, userId: string) {
  return db
    .selectFrom('unionids')
    .select('unionid')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}
