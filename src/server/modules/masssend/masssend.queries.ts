import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { Database, Db, MassSendsTable } from '../../db/schema.ts';

/** Mass messages a service account's follower may receive in one calendar month (spec §8.2). */
export const MONTHLY_MASS_MESSAGES = 4;

export async function insertMassSend(db: Db, row: MassSendsTable): Promise<void> {
  await db.insertInto('mass_sends').values(row).execute();
}

export function selectMassSendById(db: Db, id: string): Promise<MassSendsTable | undefined> {
  return db.selectFrom('mass_sends').selectAll().where('id', '=', id).executeTakeFirst();
}

export function selectMassSendByMsgId(
  db: Db,
  accountId: string,
  msgId: number,
): Promise<MassSendsTable | undefined> {
  return db
    .selectFrom('mass_sends')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('msg_id', '=', msgId)
    .executeTakeFirst();
}

export async function updateMassSend(db: Db, id: string, patch: Partial<MassSendsTable>): Promise<void> {
  await db.updateTable('mass_sends').set(patch).where('id', '=', id).execute();
}

/**
 * Moves a send from one of `from` to `to` in one guarded UPDATE; false when
 * it was no longer in any of them (another worker or a cancel got there first).
 */
export async function transitionMassSend(
  db: Db,
  id: string,
  from: MassSendsTable['status'][],
  patch: Partial<MassSendsTable> & { status: MassSendsTable['status'] },
): Promise<boolean> {
  const result = await db
    .updateTable('mass_sends')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The newest send with this clientmsgid since `since` (the 24-hour de-duplication window). */
export function selectByClientMsgId(
  db: Db,
  accountId: string,
  clientmsgid: string,
  since: number,
): Promise<Pick<MassSendsTable, 'msg_id' | 'created_at'> | undefined> {
  return db
    .selectFrom('mass_sends')
    .select(['msg_id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('clientmsgid', '=', clientmsgid)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Sends to all or to a tag that go out in [from, to) and did not fail or get
 * cancelled (a subscription account's one a day): a scheduled send counts
 * on its day, any other on the day it was made.
 */
export async function countBroadcastsOnDay(
  db: Db,
  accountId: string,
  from: number,
  to: number,
): Promise<number> {
  const row = await db
    .selectFrom('mass_sends')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('kind', 'in', ['all', 'tag'])
    .where('status', 'not in', ['failed', 'cancelled'])
    .where((eb) => eb(eb.fn.coalesce('scheduled_at', 'created_at'), '>=', from))
    .where((eb) => eb(eb.fn.coalesce('scheduled_at', 'created_at'), '<', to))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Openids of `openids` that are no followers (subscribed or not) of the account. */
export async function selectUnknownOpenids(db: Db, accountId: string, openids: string[]): Promise<string[]> {
  const known = new Set<string>();
  // Chunks keep every statement well under both dialects' parameter limits.
  for (let i = 0; i < openids.length; i += 1000) {
    const chunk = openids.slice(i, i + 1000);
    const rows = await db
      .selectFrom('followers')
      .select('openid')
      .where('account_id', '=', accountId)
      .where('openid', 'in', chunk)
      .execute();
    for (const r of rows) known.add(r.openid);
  }
  return openids.filter((o) => !known.has(o));
}

/** One batch of a fan-out: openids after `lo`, up to `hi` (null: to the end), or an explicit list. */
export type FanOutRange =
  { kind: 'range'; lo: string; hi: string | null } | { kind: 'list'; openids: string[]; last: boolean };

/**
 * The next batch of at most `size` targets after the send's cursor, found
 * by walking the (account, subscribed, openid) or (account, tag, openid)
 * index to the size-th openid: its bounds, never its rows.
 */
export async function nextFanOutRange(db: Db, send: MassSendsTable, size: number): Promise<FanOutRange> {
  const lo = send.cursor ?? '';
  if (send.kind === 'openids' || send.kind === 'preview') {
    const all = (JSON.parse(send.touser ?? '[]') as string[]).filter((o) => o > lo);
    return { kind: 'list', openids: all.slice(0, size), last: all.length <= size };
  }
  const bound =
    send.kind === 'tag'
      ? await db
          .selectFrom('follower_tags')
          .select('openid')
          .where('account_id', '=', send.account_id)
          .where('tag_id', '=', send.tag_id ?? -1)
          .where('openid', '>', lo)
          .orderBy('openid')
          .limit(1)
          .offset(size - 1)
          .executeTakeFirst()
      : await db
          .selectFrom('followers')
          .select('openid')
          .where('account_id', '=', send.account_id)
          .where('subscribed', '=', 1)
          .where('openid', '>', lo)
          .orderBy('openid')
          .limit(1)
          .offset(size - 1)
          .executeTakeFirst();
  return { kind: 'range', lo, hi: bound?.openid ?? null };
}

type FollowerScope = ExpressionBuilder<Database & { f: Database['followers'] }, 'f'>;

/** The send's subscribed targets inside `range`, as a condition on followers `f`. */
function inAudience(db: Db, send: MassSendsTable, range: FanOutRange) {
  return (eb: FollowerScope): Expression<SqlBool> => {
    const base = [eb('f.account_id', '=', send.account_id), eb('f.subscribed', '=', 1)];
    if (range.kind === 'list')
      return eb.and([...base, range.openids.length ? eb('f.openid', 'in', range.openids) : eb.lit(false)]);
    if (send.kind === 'tag') {
      let members = db
        .selectFrom('follower_tags as t')
        .select('t.follower_id')
        .where('t.account_id', '=', send.account_id)
        .where('t.tag_id', '=', send.tag_id ?? -1)
        .where('t.openid', '>', range.lo);
      if (range.hi !== null) members = members.where('t.openid', '<=', range.hi);
      return eb.and([...base, eb('f.id', 'in', members)]);
    }
    const bounds = [eb('f.openid', '>', range.lo)];
    if (range.hi !== null) bounds.push(eb('f.openid', '<=', range.hi));
    return eb.and([...base, ...bounds]);
  };
}

/**
 * Who of the audience receives: not blacklisted and, on service accounts,
 * under the month's cap of mass messages.
 */
function receives(send: MassSendsTable, capped: boolean) {
  return (eb: FollowerScope): Expression<SqlBool> => {
    const notBlacklisted = eb('f.blacklisted', '=', 0);
    if (!capped) return notBlacklisted;
    const atCap = eb
      .selectFrom('mass_send_receipts as r')
      .select('r.follower_id')
      .whereRef('r.follower_id', '=', 'f.id')
      .where('r.month', '=', send.month)
      .where('r.received', '>=', MONTHLY_MASS_MESSAGES);
    return eb.and([notBlacklisted, eb.not(eb.exists(atCap))]);
  };
}

/** The id a recipient's copy gets: derived, so a rerun can never make a second copy. */
export function massMessageIdPrefix(send: Pick<MassSendsTable, 'msg_id'>): string {
  return `msg_m${send.msg_id}_`;
}

export interface BatchCounts {
  total: number;
  eligible: number;
  sent: number;
}

/**
 * One batch of the fan-out, set-based (DESIGN: never a loop per follower):
 * counts the targets in `range` and those the filters keep, copies the
 * message into every kept follower's inbox with one INSERT … SELECT, and on
 * service accounts bumps each recipient's monthly count with one upsert.
 * The count and the receipts use the same predicate as the insert, read
 * before the receipts change, inside the caller's transaction.
 */
export async function fanOutBatch(
  trx: Db,
  send: MassSendsTable,
  range: FanOutRange,
  options: { capped: boolean; now: number },
): Promise<BatchCounts> {
  const audience = inAudience(trx, send, range);
  const kept = receives(send, options.capped);
  const counts = await trx
    .selectFrom('followers as f')
    .where(audience)
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when(kept(eb)).then(1).else(0).end()).as('eligible'),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(counts.total);
  if (total === 0) return { total: 0, eligible: 0, sent: 0 };

  // Typed parameters: PostgreSQL cannot infer a bare parameter's type in a select list.
  const text = (value: string) => sql<string>`cast(${value} as text)`;
  const inserted = await trx
    .insertInto('messages')
    .columns([
      'id',
      'account_id',
      'follower_id',
      'user_id',
      'direction',
      'msg_type',
      'msg_id',
      'content',
      'source',
      'delivery_id',
      'created_at',
    ])
    .expression(
      trx
        .selectFrom('followers as f')
        .where(audience)
        .where(kept)
        .select([
          sql<string>`${text(massMessageIdPrefix(send))} || f.id`.as('id'),
          'f.account_id',
          'f.id as follower_id',
          'f.user_id',
          text('out').as('direction'),
          text(send.msg_type).as('msg_type'),
          text(String(send.msg_id)).as('msg_id'),
          text(send.content).as('content'),
          text('mass_send').as('source'),
          sql<null>`cast(null as text)`.as('delivery_id'),
          sql<number>`cast(${options.now} as bigint)`.as('created_at'),
        ]),
    )
    .executeTakeFirst();
  const sent = Number(inserted.numInsertedOrUpdatedRows ?? 0n);

  if (options.capped && sent > 0)
    await trx
      .insertInto('mass_send_receipts')
      .columns(['follower_id', 'month', 'received'])
      .expression(
        trx
          .selectFrom('followers as f')
          .where(audience)
          .where(kept)
          .select(['f.id as follower_id', text(send.month).as('month'), sql<number>`1`.as('received')]),
      )
      .onConflict((oc) =>
        oc.column('follower_id').doUpdateSet({
          received: sql<number>`case when mass_send_receipts.month = excluded.month then mass_send_receipts.received + 1 else 1 end`,
          month: sql<string>`excluded.month`,
        }),
      )
      .execute();
  return { total, eligible: Number(counts.eligible ?? 0), sent };
}

/**
 * The copies a batch made (id and recipient), for the live stream; the ids
 * are derived, so no scan of messages.
 */
export async function selectBatchMessageIds(
  db: Db,
  send: MassSendsTable,
  range: FanOutRange,
): Promise<{ id: string; user_id: string }[]> {
  const prefix = massMessageIdPrefix(send);
  const rows = await db
    .selectFrom('followers as f')
    .innerJoin('messages as m', (join) => join.on('m.id', '=', sql<string>`cast(${prefix} as text) || f.id`))
    .where(inAudience(db, send, range))
    .select(['m.id', 'm.user_id'])
    .execute();
  return rows;
}

/** The account's sends, newest first. */
export function selectMassSends(
  db: Db,
  accountId: string,
  opts: { status?: MassSendsTable['status']; limit: number; before?: number },
): Promise<MassSendsTable[]> {
  let q = db.selectFrom('mass_sends').selectAll().where('account_id', '=', accountId);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.before !== undefined) q = q.where('msg_id', '<', opts.before);
  return q.orderBy('msg_id', 'desc').limit(opts.limit).execute();
}
