import { chinaDay } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, Db } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { MASS_SEND_MINUTE_LIMIT } from '../../wechat/quotas.ts';
import { tryConsumeQuota } from '../quotas/quotas.queries.ts';
import { selectByClientMsgId } from './masssend.queries.ts';

/** Longest clientmsgid (45067 past it). */
export const MAX_CLIENTMSGID = 64;
const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60 * 1000;

/** The counter the minute limit uses in api_quota_usage; its "day" is a minute key, so clear_quota leaves it alone. */
const MINUTE_COUNTER = '/cgi-bin/message/mass/*';

/**
 * Counts a sending call (sendall, send, preview) against the account's 60
 * a minute (spec §8.2), or throws 45011.
 */
export async function consumeMassSendMinute(ctx: AppContext, account: AccountsTable): Promise<void> {
  const minute = new Date(ctx.clock.now()).toISOString().slice(0, 16);
  const ok = await tryConsumeQuota(ctx.db, account.id, MINUTE_COUNTER, minute, MASS_SEND_MINUTE_LIMIT);
  if (!ok)
    throw new AppError(
      'MINUTE_QUOTA_REACHED',
      `mass-send APIs allow ${MASS_SEND_MINUTE_LIMIT} calls a minute`,
    );
}

/**
 * WeChat's clientmsgid rules (spec §8.2): at most 64 characters (45067);
 * the same id within a minute of its first use is a retry too soon (45066);
 * later within 24 hours it is a duplicate (45065), answered with the first
 * send's msg_id so the caller can carry on with it.
 */
export async function checkClientMsgId(
  ctx: AppContext,
  account: AccountsTable,
  clientmsgid: string | undefined,
  db: Db = ctx.db,
): Promise<string | null> {
  if (clientmsgid === undefined || clientmsgid === '') return null;
  if (clientmsgid.length > MAX_CLIENTMSGID)
    throw new AppError(
      'CLIENTMSGID_TOO_LONG',
      `clientmsgid is ${clientmsgid.length} characters; at most ${MAX_CLIENTMSGID}`,
    );
  const now = ctx.clock.now();
  const earlier = await selectByClientMsgId(db, account.id, clientmsgid, now - DAY_MS);
  if (!earlier) return clientmsgid;
  if (now - earlier.created_at < MINUTE_MS)
    throw new AppError('CLIENTMSGID_RETRY_TOO_FAST', 'wait a minute before retrying this clientmsgid', {
      msg_id: earlier.msg_id,
    });
  throw new AppError('CLIENTMSGID_EXISTS', `clientmsgid ${clientmsgid} was used in the last 24 hours`, {
    msg_id: earlier.msg_id,
  });
}

/** Epoch ms of the start of the Beijing day `epochMs` falls in (subscription accounts' daily send). */
export function chinaDayStart(epochMs: number): number {
  return Date.parse(`${chinaDay(epochMs)}T00:00:00+08:00`);
}

let lastMsgId = 0;

/**
 * A new mass msg_id: time-based and increasing within the process, and
 * below 2^53 so it travels as a JSON number (spec A.3) without rounding.
 */
export function newMassMsgId(nowMs: number): number {
  const candidate = Math.floor(nowMs / 10) * 100 + Math.floor(Math.random() * 100);
  lastMsgId = candidate > lastMsgId ? candidate : lastMsgId + 1;
  return lastMsgId;
}

/**
 * Takes the account row's lock for the rest of the transaction (PostgreSQL:
 * SELECT … FOR UPDATE), so checks that read before they write — one send a
 * day, clientmsgid, the monthly cap — run one at a time per account.
 */
export async function lockAccount(trx: Db, accountId: string): Promise<void> {
  await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
}
