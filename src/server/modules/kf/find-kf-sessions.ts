import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfSessionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { OPENID_PATTERN } from '../followers/openids.ts';
import { getKfAccount } from './get-kf-account.ts';
import { MAX_WAIT_CASES } from './kf.schemas.ts';

const seconds = (ms: number | null) => (ms === null ? 0 : Math.floor(Number(ms) / 1000));

/**
 * `kfsession/getsession`: the follower's session, `kf_account` "" when no
 * agent serves them (none, or still waiting) and `createtime` 0 with no
 * session at all.
 */
export async function getKfSessionOf(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
): Promise<{ createtime: number; kf_account: string }> {
  if (!OPENID_PATTERN.test(openid)) throw new AppError('INVALID_OPENID', `${openid} is not an openid`);
  const row = await ctx.db
    .selectFrom('kf_sessions')
    .select(['kf_account', 'status', 'created_at', 'accepted_at'])
    .where('account_id', '=', account.id)
    .where('openid', '=', openid)
    .where('status', '<>', 'closed')
    .executeTakeFirst();
  if (!row) return { createtime: 0, kf_account: '' };
  return row.status === 'active'
    ? { createtime: seconds(row.accepted_at ?? row.created_at), kf_account: row.kf_account ?? '' }
    : { createtime: seconds(row.created_at), kf_account: '' };
}

/** `kfsession/getsessionlist`: the followers an agent serves now, oldest first. */
export async function findKfSessionsOf(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string,
): Promise<{ sessionlist: { createtime: number; openid: string }[] }> {
  const kf = await getKfAccount(ctx, account, kfAccount);
  const rows = await ctx.db
    .selectFrom('kf_sessions')
    .select(['openid', 'accepted_at', 'created_at'])
    .where('account_id', '=', account.id)
    .where('status', '=', 'active')
    .where('kf_account', '=', kf.kf_account)
    .orderBy('accepted_at')
    .orderBy('id')
    .execute();
  return {
    sessionlist: rows.map((r) => ({ createtime: seconds(r.accepted_at ?? r.created_at), openid: r.openid })),
  };
}

/**
 * `kfsession/getwaitcase`: how many followers wait, and the 100 oldest with
 * the time of their latest message.
 */
export async function findWaitCases(
  ctx: AppContext,
  account: AccountsTable,
): Promise<{ count: number; waitcaselist: { latest_time: number; openid: string }[] }> {
  const base = ctx.db
    .selectFrom('kf_sessions')
    .where('account_id', '=', account.id)
    .where('status', '=', 'waiting');
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['openid', 'latest_time'])
      .orderBy('created_at')
      .orderBy('id')
      .limit(MAX_WAIT_CASES)
      .execute(),
  ]);
  return {
    count: Number(count.n),
    waitcaselist: rows.map((r) => ({ latest_time: seconds(r.latest_time), openid: r.openid })),
  };
}

/** The console's queue: open sessions (or only waiting / only active), oldest first. */
export function findOpenKfSessions(
  ctx: AppContext,
  account: AccountsTable,
  status: 'waiting' | 'active' | 'open',
): Promise<KfSessionsTable[]> {
  let q = ctx.db.selectFrom('kf_sessions').selectAll().where('account_id', '=', account.id);
  q = status === 'open' ? q.where('status', '<>', 'closed') : q.where('status', '=', status);
  return q.orderBy('created_at').orderBy('id').execute();
}
