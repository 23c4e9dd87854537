import type { ExpressionBuilder } from 'kysely';
import type { Database, Db, MessagesTable } from '../../db/schema.ts';

/** A message row with the appid and openid it belongs to (what every view needs). */
export type MessageWithParties = MessagesTable & { appid: string; openid: string };

function selectWithParties(db: Db) {
  return db
    .selectFrom('messages')
    .innerJoin('accounts', 'accounts.id', 'messages.account_id')
    .innerJoin('followers', 'followers.id', 'messages.follower_id')
    .selectAll('messages')
    .select(['accounts.appid as appid', 'followers.openid as openid']);
}

export async function insertMessages(db: Db, rows: MessagesTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('messages').values(rows).execute();
}

/** Messages by id, with their appid and openid. */
export function selectMessagesByIds(db: Db, ids: string[]): Promise<MessageWithParties[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectWithParties(db).where('messages.id', 'in', ids).execute();
}

/** Position in a conversation page: (created_at, id), newest first. */
export interface ConversationCursor {
  created_at: number;
  id: string;
}

/**
 * One page of a follower's conversation with an account, newest first,
 * strictly before `before` (keyset paging: stable while new messages arrive).
 * Template messages and subscribe notifications are not part of it: WeChat
 * shows them in the separate service-notifications feed.
 */
export function selectConversationPage(
  db: Db,
  followerId: string,
  limit: number,
  before?: ConversationCursor,
): Promise<MessageWithParties[]> {
  let q = selectWithParties(db)
    .where('messages.follower_id', '=', followerId)
    .where('messages.source', '!=', 'notification');
  if (before) q = q.where((eb) => beforeCursor(eb, before));
  return q.orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(limit).execute();
}

/**
 * One page of a user's service notifications from every account (template
 * messages, subscribe notifications), newest first, keyset-paged.
 */
export function selectNotificationFeed(
  db: Db,
  userId: string,
  limit: number,
  before?: ConversationCursor,
): Promise<(MessageWithParties & { account_name: string })[]> {
  let q = selectWithParties(db)
    .select('accounts.name as account_name')
    .where('messages.user_id', '=', userId)
    .where('messages.source', '=', 'notification');
  if (before) q = q.where((eb) => beforeCursor(eb, before));
  return q.orderBy('messages.created_at', 'desc').orderBy('messages.id', 'desc').limit(limit).execute();
}

function beforeCursor(eb: ExpressionBuilder<Database, 'messages'>, before: ConversationCursor) {
  return eb.or([
    eb('messages.created_at', '<', before.created_at),
    eb.and([eb('messages.created_at', '=', before.created_at), eb('messages.id', '<', before.id)]),
  ]);
}
