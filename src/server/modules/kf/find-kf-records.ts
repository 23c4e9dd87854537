import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { MAX_RECORD_SPAN_S, MAX_RECORDS_PER_PAGE } from './kf.schemas.ts';

/** One line of msgrecord/getmsglist. */
export interface KfRecordView {
  openid: string;
  opercode: number;
  text: string;
  /** Unix seconds. */
  time: number;
  worker: string;
}

/** A whole number from JSON (SDKs send numbers; numeric strings are taken too). */
function integer(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
}

/**
 * `msgrecord/getmsglist` (spec §7.5): the chat record between `starttime`
 * and `endtime` (unix seconds, inclusive, at most 24 hours apart:
 * KF_TIME_RANGE_TOO_LONG, 65417), from record `msgid` on (1 to start), at
 * most `number` (≤ 10000) lines. Bad or missing values are
 * KF_PARAM_INVALID (65416), as WeChat answers. The answer's `msgid` is the
 * cursor for the next page (one past the last line returned; the same value
 * when nothing came back), and `number` how many lines this page holds.
 */
export async function findKfRecords(
  ctx: AppContext,
  account: AccountsTable,
  body: { starttime: unknown; endtime: unknown; msgid?: unknown; number?: unknown },
): Promise<{ recordlist: KfRecordView[]; number: number; msgid: number }> {
  const start = integer(body.starttime);
  const end = integer(body.endtime);
  const from = body.msgid === undefined ? 1 : integer(body.msgid);
  const limit = body.number === undefined ? MAX_RECORDS_PER_PAGE : integer(body.number);
  if (start === null || end === null || start < 0 || end < start)
    throw new AppError('KF_PARAM_INVALID', 'starttime and endtime are unix seconds, starttime ≤ endtime');
  if (from === null || from < 1) throw new AppError('KF_PARAM_INVALID', 'msgid starts at 1');
  if (limit === null || limit < 1 || limit > MAX_RECORDS_PER_PAGE)
    throw new AppError('KF_PARAM_INVALID', `number is 1–${MAX_RECORDS_PER_PAGE}`);
  if (end - start > MAX_RECORD_SPAN_S)
    throw new AppError('KF_TIME_RANGE_TOO_LONG', 'one query spans at most 24 hours');
  const rows = await ctx.db
    .selectFrom('kf_records')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('created_at', '>=', start * 1000)
    .where('created_at', '<', (end + 1) * 1000)
    .where('msgid', '>=', from)
    .orderBy('msgid')
    .limit(limit)
    .execute();
  const last = rows.at(-1);
  return {
    recordlist: rows.map((r) => ({
      openid: r.openid,
      opercode: r.opercode,
      text: r.text,
      time: Math.floor(Number(r.created_at) / 1000),
      worker: r.worker,
    })),
    number: rows.length,
    msgid: last ? Number(last.msgid) + 1 : from,
  };
}
