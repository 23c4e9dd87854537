import { newFollowerRow } from '../followers/new-follower-row.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectAccountByAppid } from '../accounts/accounts.queries.ts';
import { OPENID_PATTERN } from '../followers/openids.ts';

/** Most openids per changeopenid call. */
export const MAX_CHANGE_OPENID = 100;

export interface ChangeOpenidResult {
  ori_openid: string;
  new_openid: string;
  err_msg: string;
}

/**
 * Account migration (`/cgi-bin/changeopenid`): maps openids of `from_appid`
 * to this account's openids for the same people. Only accounts of the same
 * organisation can be migrated into each other, as WeChat only allows it
 * between accounts of one owner. An openid the old account never had
 * answers `err_msg: "ori_openid error"` in its row; the others answer "ok".
 * Someone who never followed this account gets an openid now (kept for any
 * later follow, as WeChat's openids are stable), without becoming a follower.
 */
export async function changeOpenids(
  ctx: AppContext,
  account: AccountsTable,
  fromAppid: string,
  openids: string[],
): Promise<ChangeOpenidResult[]> {
  if (openids.length === 0 || openids.length > MAX_CHANGE_OPENID)
    throw new AppError('OPENID_LIST_SIZE', `openid_list must hold 1 to ${MAX_CHANGE_OPENID} openids`);
  const from = await selectAccountByAppid(ctx.db, fromAppid);
  if (!from || from.organization_id !== account.organization_id)
    throw new AppError('APPID_INVALID', `from_appid ${fromAppid} is not an account of the same owner`);

  const wellFormed = [...new Set(openids.filter((o) => OPENID_PATTERN.test(o)))];
  const old = wellFormed.length
    ? await ctx.db
        .selectFrom('followers')
        .select(['openid', 'user_id'])
        .where('account_id', '=', from.id)
        .where('openid', 'in', wellFormed)
        .execute()
    : [];
  const userOf = new Map(old.map((r) => [r.openid, r.user_id]));
  const userIds = [...new Set(old.map((r) => r.user_id))];
  const now = ctx.clock.now();

  const newOpenidOf = await ctx.db.transaction().execute(async (trx) => {
    const current = userIds.length
      ? await trx
          .selectFrom('followers')
          .select(['user_id', 'openid'])
          .where('account_id', '=', account.id)
          .where('user_id', 'in', userIds)
          .execute()
      : [];
    const map = new Map(current.map((r) => [r.user_id, r.openid]));
    const missing: FollowersTable[] = userIds
      .filter((u) => !map.has(u))
      .map((userId) =>
        newFollowerRow(account, userId, now, { subscribe_scene: 'ADD_SCENE_ACCOUNT_MIGRATION' }),
      );
    if (missing.length) await trx.insertInto('followers').values(missing).execute();
    for (const row of missing) map.set(row.user_id, row.openid);
    return map;
  });

  return openids.map((ori) => {
    const userId = userOf.get(ori);
    const next = userId === undefined ? undefined : newOpenidOf.get(userId);
    return next === undefined
      ? { ori_openid: ori, new_openid: '', err_msg: 'ori_openid error' }
      : { ori_openid: ori, new_openid: next, err_msg: 'ok' };
  });
}
