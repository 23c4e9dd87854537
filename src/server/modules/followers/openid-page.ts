import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { OPENID_PATTERN } from './openids.ts';

/** A page of openids in WeChat's list shape (user/get, getblacklist). */
export interface OpenidPage {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/**
 * One page of an account's followers by openid, keyset on `openid > after`
 * (an index range scan at any size), `total` counted on the same index —
 * either the current followers (`/cgi-bin/user/get`) or the blacklist
 * (`getblacklist`). After the last full page WeChat answers `count: 0`,
 * `next_openid: ""` and no `data` (wechatpy's iterator stops on that).
 */
export async function pageFollowerOpenids(
  ctx: AppContext,
  account: AccountsTable,
  which: 'subscribed' | 'blacklisted',
  after: string,
  pageSize: number,
): Promise<OpenidPage> {
  if (after !== '' && !OPENID_PATTERN.test(after))
    throw new AppError('INVALID_OPENID', `${after} is not an openid`);
  const base = ctx.db.selectFrom('followers').where('account_id', '=', account.id).where(which, '=', 1);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    (after === '' ? base : base.where('openid', '>', after))
      .select('openid')
      .orderBy('openid')
      .limit(pageSize)
      .execute(),
  ]);
  if (rows.length === 0) return { total: Number(total), count: 0, next_openid: '' };
  const openids = rows.map((r) => r.openid);
  return {
    total: Number(total),
    count: openids.length,
    data: { openid: openids },
    next_openid: openids.at(-1)!,
  };
}
