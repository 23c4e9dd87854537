import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendEvents } from '../event-log/event-log.ts';
import { pageFollowerOpenids, type OpenidPage } from '../followers/openid-page.ts';
import { resolveOpenids } from './resolve-openids.ts';

/** Most openids per batchblacklist / batchunblacklist call. */
export const MAX_BATCH_BLACKLIST = 20;
/** Openids per getblacklist page (WeChat's). */
export const BLACKLIST_PAGE_SIZE = 10_000;

/**
 * One page of the account's blacklist by openid
 * (`/cgi-bin/tags/members/getblacklist`), in user/get's shape: `total`
 * counts the whole list, the end is count 0, next_openid "" and no data.
 */
export async function getBlacklist(
  ctx: AppContext,
  account: AccountsTable,
  beginOpenid: string,
  pageSize = BLACKLIST_PAGE_SIZE,
): Promise<OpenidPage> {
  return pageFollowerOpenids(ctx, account, 'blacklisted', beginOpenid, pageSize);
}

/**
 * Blacklists (or, with `blacklisted: false`, releases) followers
 * (`batchblacklist` / `batchunblacklist`), all or nothing. Former followers
 * can be blacklisted too: the blacklist outlives an unfollow. While
 * blacklisted, a follower's messages and menu presses reach neither the
 * developer server nor auto-reply, and the account cannot message them
 * (43019). Each change is written to the event log.
 */
export async function setBlacklisted(
  ctx: AppContext,
  account: AccountsTable,
  openids: string[],
  blacklisted: boolean,
): Promise<void> {
  if (openids.length === 0 || openids.length > MAX_BATCH_BLACKLIST)
    throw new AppError('OPENID_LIST_SIZE', `openid_list must hold 1 to ${MAX_BATCH_BLACKLIST} openids`);
  const followers = await resolveOpenids(ctx, account, openids, { subscribedOnly: false });
  const changing = followers.filter((f) => (f.blacklisted === 1) !== blacklisted);
  if (changing.length === 0) return;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('followers')
      .set({ blacklisted: blacklisted ? 1 : 0 })
      .where(
        'id',
        'in',
        changing.map((f) => f.id),
      )
      .execute();
    await appendEvents(
      trx,
      changing.map((f) => ({
        account_id: account.id,
        user_id: f.user_id,
        openid: f.openid,
        type: blacklisted ? 'blacklist' : 'unblacklist',
        detail: {},
        created_at: now,
      })),
    );
  });
}
