import { newFollowerRow } from '../followers/new-follower-row.ts';
import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable, FollowersTable } from '../../db/schema.ts';
import { randomUrlSafe, sha256Hex } from '../../lib/ids.ts';
import { selectFollower } from '../followers/followers.queries.ts';
import { getUser } from '../followers/get-user.ts';
import { ensureUnionid } from '../followers/unionids.ts';
import type { AuthorizeRequest } from './check-authorize-request.ts';

/** A code lives 5 minutes unless exchanged (spec §17.1). */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * The user's decision on an authorize link: the URL to send the browser to.
 * Allowed: a fresh single-use code and the state. Declined: the state only,
 * as WeChat does. The user need not follow the account; their openid for it
 * is made now if they never had one (WeChat gives non-followers openids too).
 */
export async function authorizeUser(
  ctx: AppContext,
  request: AuthorizeRequest,
  userId: string,
  allow: boolean,
): Promise<string> {
  const target = new URL(request.redirectUri);
  target.hash = '';
  if (!allow) {
    target.searchParams.set('state', request.state);
    return target.toString();
  }
  const user = await getUser(ctx, userId);
  const follower = await ensureWebFollower(ctx, request.account, user.id);
  const code = randomUrlSafe(32);
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('oauth_codes')
    .values({
      code_hash: sha256Hex(code),
      account_id: request.account.id,
      follower_id: follower.id,
      scope: request.scope,
      redirect_uri: request.redirectUri.toString(),
      created_at: now,
      expires_at: now + CODE_LIFETIME_MS,
      used_at: null,
    })
    .execute();
  target.searchParams.set('code', code);
  target.searchParams.set('state', request.state);
  return target.toString();
}

/**
 * The user's follower row for the account, made unsubscribed when they never
 * followed (as changeopenid does), so the openid is stable for a later follow.
 */
export async function ensureWebFollower(
  ctx: AppContext,
  account: AccountsTable,
  userId: string,
): Promise<FollowersTable> {
  const now = ctx.clock.now();
  await ensureUnionid(ctx.db, account.organization_id, userId, now);
  const existing = await selectFollower(ctx.db, account.id, userId);
  if (existing) return existing;
  const row = newFollowerRow(account, userId, now);
  try {
    await ctx.db.insertInto('followers').values(row).execute();
    return row;
  } catch (err) {
    // A follow racing this authorization: the other row wins.
    if (!isUniqueViolation(err, 'followers_account_user_key', 'followers.account_id, followers.user_id'))
      throw err;
    return (await selectFollower(ctx.db, account.id, userId))!;
  }
}
