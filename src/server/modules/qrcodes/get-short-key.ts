import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectShortKey } from './qrcodes.queries.ts';

/**
 * `/cgi-bin/shorten/fetch` (spec §11.4): the data behind one of the
 * account's keys, when it was made (seconds) and how many seconds it has
 * left. 47003 without short_key; 9410012 when the key is unknown, expired
 * or another account's: WeChat's one errcode for all three (短key不存在/过期/不属于本账号).
 */
export async function getShortKey(
  ctx: AppContext,
  account: AccountsTable,
  body: Record<string, unknown>,
): Promise<{ errcode: 0; errmsg: 'ok'; long_data: string; create_time: number; expire_seconds: number }> {
  const shortKey = body.short_key;
  if (typeof shortKey !== 'string' || shortKey === '') {
    throw new AppError('SHORTEN_ARGUMENT_INVALID', 'short_key is missing');
  }
  const row = await selectShortKey(ctx.db, account.id, shortKey);
  const now = ctx.clock.now();
  if (!row || row.expires_at <= now) throw new AppError('SHORT_KEY_NOT_FOUND');
  return {
    errcode: 0,
    errmsg: 'ok',
    long_data: row.long_data,
    create_time: Math.floor(row.created_at / 1000),
    // Rounded up: a live key never reports 0 seconds left, and one fetched
    // the moment it was made reports its full lifetime.
    expire_seconds: Math.ceil((row.expires_at - now) / 1000),
  };
}
