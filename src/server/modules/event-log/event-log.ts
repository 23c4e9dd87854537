import type { Selectable } from 'kysely';
import type { Db, EventLogTable } from '../../db/schema.ts';

/**
 * Kinds of follower activity in the event log (docs/event-log.md has each
 * kind's `detail` fields). Analytics reads the log in `seq` order.
 */
export type EventLogType =
  | 'follow'
  | 'unfollow'
  | 'scan'
  | 'message'
  | 'location'
  | 'menu'
  | 'blacklist'
  | 'unblacklist'
  | 'article_read'
  | 'article_like'
  | 'article_wow'
  | 'article_share'
  | 'article_comment';

export interface EventLogEntry {
  account_id: string;
  user_id: string;
  openid: string;
  type: EventLogType;
  detail: Record<string, unknown>;
  created_at: number;
}

/** Appends entries to the event log (one statement). */
export async function appendEvents(db: Db, entries: EventLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('event_log')
    .values(entries.map((e) => ({ ...e, detail: JSON.stringify(e.detail) })))
    .execute();
}

/** Entries after `afterSeq` in log order, optionally for one account. */
export function selectEventsAfter(
  db: Db,
  filter: { accountId?: string | undefined; userId?: string | undefined },
  afterSeq: number,
  limit: number,
) {
  let q = db
    .selectFrom('event_log')
    .innerJoin('accounts', 'accounts.id', 'event_log.account_id')
    .selectAll('event_log')
    .select('accounts.appid')
    .where('event_log.seq', '>', afterSeq);
  if (filter.accountId) q = q.where('event_log.account_id', '=', filter.accountId);
  if (filter.userId) q = q.where('event_log.user_id', '=', filter.userId);
  return q.orderBy('event_log.seq', 'asc').limit(limit).execute();
}

/** An event log entry as our API shows it. */
export function presentEvent(row: Selectable<EventLogTable> & { appid: string }) {
  return {
    seq: row.seq,
    appid: row.appid,
    user_id: row.user_id,
    openid: row.openid,
    type: row.type,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    created_at: row.created_at,
  };
}
