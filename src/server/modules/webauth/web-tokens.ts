import type { AppContext } from '../../context.ts';
import type { AccountsTable, OauthGrantsTable, OauthScope } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId, sha256Hex } from '../../lib/ids.ts';
import { describeCallerIp, ipAllowed } from '../../lib/ip-allowlist.ts';
import { parseWhitelist } from '../accounts/accounts.presenter.ts';
import { hasCapability } from '../accounts/capabilities.ts';
import { selectUnionid } from '../followers/followers.queries.ts';
import { generateToken } from '../tokens/generate-token.ts';
import { selectGrantByAccessHash, selectGrantByRefreshHash } from './webauth.queries.ts';

/** A web access token lives 2 hours; a refresh while it is valid extends it. */
export const WEB_TOKEN_LIFETIME_MS = 7200_000;
/** A refresh token lives 30 days and is never renewed (spec §17.3). */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3600_000;

/** What /sns/oauth2/access_token and /sns/oauth2/refresh_token answer. */
export interface WebTokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: OauthScope;
  unionid?: string;
}

type Query = Record<string, string | undefined>;

/**
 * `/sns/oauth2/access_token`: checks the app (41002, 41004, 41008, 40002,
 * 40013, 40164, 40125, 48001), then the code: unknown, another appid's or
 * past its 5 minutes → 40029, exchanged before → 40163. The code is consumed
 * by one conditional UPDATE, so two racing exchanges cannot both win.
 */
export async function exchangeCode(
  ctx: AppContext,
  query: Query,
  clientIp: string,
  onAccount: (account: AccountsTable) => void,
): Promise<WebTokenResponse> {
  if (!query.appid) throw new AppError('APPID_MISSING');
  if (!query.secret) throw new AppError('APPSECRET_MISSING');
  if (!query.code) throw new AppError('OAUTH_CODE_MISSING');
  if (query.grant_type !== 'authorization_code')
    throw new AppError('OAUTH_GRANT_TYPE_INVALID', 'grant_type must be authorization_code');
  const account = await webAccount(ctx, query.appid, clientIp, onAccount);
  if (query.secret !== account.appsecret)
    throw new AppError('INVALID_APPSECRET', "the secret is not this appid's AppSecret");

  const now = ctx.clock.now();
  const hash = sha256Hex(query.code);
  const code = await ctx.db
    .selectFrom('oauth_codes')
    .selectAll()
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  if (!code || code.account_id !== account.id)
    throw new AppError('OAUTH_CODE_INVALID', 'no such code for this appid');
  if (code.used_at !== null) throw new AppError('OAUTH_CODE_USED', 'a code can be exchanged once');
  if (code.expires_at <= now)
    throw new AppError('OAUTH_CODE_INVALID', 'the code expired (codes live 5 minutes)');
  const used = await ctx.db
    .updateTable('oauth_codes')
    .set({ used_at: now })
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) === 0)
    throw new AppError('OAUTH_CODE_USED', 'a code can be exchanged once');

  const access = generateToken();
  const refresh = generateToken();
  const grant: OauthGrantsTable = {
    id: newId('oag'),
    account_id: account.id,
    follower_id: code.follower_id,
    scope: code.scope,
    access_token_hash: access.hash,
    access_token: access.token,
    access_expires_at: now + WEB_TOKEN_LIFETIME_MS,
    refresh_token_hash: refresh.hash,
    refresh_expires_at: now + REFRESH_TOKEN_LIFETIME_MS,
    created_at: now,
  };
  await ctx.db.insertInto('oauth_grants').values(grant).execute();
  return presentGrant(ctx, account, grant, refresh.token);
}

/**
 * `/sns/oauth2/refresh_token`: while the access token is valid its life is
 * extended and the same token comes back; after expiry a new one is made.
 * The refresh token itself keeps its 30 days (42002 after, 40030 unknown).
 */
export async function refreshWebToken(
  ctx: AppContext,
  query: Query,
  clientIp: string,
  onAccount: (account: AccountsTable) => void,
): Promise<WebTokenResponse> {
  if (!query.appid) throw new AppError('APPID_MISSING');
  if (query.grant_type !== 'refresh_token')
    throw new AppError('OAUTH_GRANT_TYPE_INVALID', 'grant_type must be refresh_token');
  if (!query.refresh_token) throw new AppError('REFRESH_TOKEN_MISSING');
  const account = await webAccount(ctx, query.appid, clientIp, onAccount);
  const grant = await selectGrantByRefreshHash(ctx.db, sha256Hex(query.refresh_token));
  if (!grant || grant.account_id !== account.id) throw new AppError('REFRESH_TOKEN_INVALID');
  const now = ctx.clock.now();
  if (grant.refresh_expires_at <= now)
    throw new AppError(
      'REFRESH_TOKEN_EXPIRED',
      'refresh tokens live 30 days; ask the user to authorize again',
    );
  let patch: Partial<OauthGrantsTable>;
  if (grant.access_expires_at > now) {
    patch = { access_expires_at: now + WEB_TOKEN_LIFETIME_MS };
  } else {
    const access = generateToken();
    patch = {
      access_token: access.token,
      access_token_hash: access.hash,
      access_expires_at: now + WEB_TOKEN_LIFETIME_MS,
    };
  }
  await ctx.db.updateTable('oauth_grants').set(patch).where('id', '=', grant.id).execute();
  return presentGrant(ctx, account, { ...grant, ...patch }, query.refresh_token);
}

/** A web token's grant with its openid: 41001 missing, 40001 unknown, 42001 expired. */
export async function authenticateWebToken(
  ctx: AppContext,
  token: string | undefined,
): Promise<{ grant: OauthGrantsTable; openid: string; userId: string }> {
  if (!token) throw new AppError('ACCESS_TOKEN_MISSING');
  const grant = await selectGrantByAccessHash(ctx.db, sha256Hex(token));
  if (!grant)
    throw new AppError(
      'ACCESS_TOKEN_INVALID',
      'not a web authorization access_token (an account token does not work here)',
    );
  if (grant.access_expires_at <= ctx.clock.now())
    throw new AppError('ACCESS_TOKEN_EXPIRED', 'web access tokens live 7200 s; use the refresh_token');
  const follower = await ctx.db
    .selectFrom('followers')
    .select(['openid', 'user_id'])
    .where('id', '=', grant.follower_id)
    .executeTakeFirstOrThrow();
  return { grant, openid: follower.openid, userId: follower.user_id };
}

/** The account behind a web-auth call: 40013 unknown, 40164 IP, 48001 without web authorization. */
async function webAccount(
  ctx: AppContext,
  appid: string,
  clientIp: string,
  onAccount: (account: AccountsTable) => void,
): Promise<AccountsTable> {
  const account = /^wx[0-9a-f]{16}$/.test(appid) ? await ctx.accounts.getByAppid(appid) : undefined;
  if (!account) throw new AppError('APPID_INVALID', 'check the AppID characters and case');
  onAccount(account);
  if (!ipAllowed(parseWhitelist(account.ip_whitelist), clientIp)) {
    throw new AppError('IP_NOT_WHITELISTED', undefined, {
      errmsg: `invalid ip ${describeCallerIp(clientIp)}, not in whitelist`,
    });
  }
  if (!hasCapability(account.type, account.verified === 1, 'oauth')) {
    const kind = `${account.verified ? 'verified' : 'unverified'} ${account.type}`;
    throw new AppError('API_UNAUTHORIZED', `a ${kind} account has no web authorization`);
  }
  return account;
}

async function presentGrant(
  ctx: AppContext,
  account: AccountsTable,
  grant: OauthGrantsTable,
  refreshToken: string,
): Promise<WebTokenResponse> {
  const follower = await ctx.db
    .selectFrom('followers')
    .select(['openid', 'user_id'])
    .where('id', '=', grant.follower_id)
    .executeTakeFirstOrThrow();
  const out: WebTokenResponse = {
    access_token: grant.access_token,
    expires_in: Math.max(0, Math.round((grant.access_expires_at - ctx.clock.now()) / 1000)),
    refresh_token: refreshToken,
    openid: follower.openid,
    scope: grant.scope,
  };
  // WeChat returns the unionid with the token only for snsapi_userinfo.
  if (grant.scope === 'snsapi_userinfo') {
    const unionid = await selectUnionid(ctx.db, account.organization_id, follower.user_id);
    if (unionid) out.unionid = unionid.unionid;
  }
  return out;
}
