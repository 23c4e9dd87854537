import type { AppContext } from '../../src/server/context.ts';
import type {
  AccountsTable,
  FollowersTable,
  OrganizationsTable,
  UsersTable,
} from '../../src/server/db/schema.ts';
import type { CreateAccount } from '../../src/server/modules/accounts/accounts.schemas.ts';
import { createAccount } from '../../src/server/modules/accounts/create-account.ts';
import { createUser } from '../../src/server/modules/followers/create-user.ts';
import { followAccount } from '../../src/server/modules/followers/follow-account.ts';
import { unfollowAccount } from '../../src/server/modules/followers/unfollow-account.ts';
import { createOrganization } from '../../src/server/modules/organizations/create-organization.ts';
import type { TestPlatform } from './platform.ts';

let counter = 0;

export async function buildOrganization(
  ctx: AppContext,
  name = `Org ${++counter}`,
): Promise<OrganizationsTable> {
  return createOrganization(ctx, { name });
}

/** A verified service account (every permission) unless overridden, in a new organisation. */
export async function buildAccount(
  ctx: AppContext,
  overrides: Partial<CreateAccount> = {},
): Promise<AccountsTable> {
  const org = overrides.organization_id ? undefined : await buildOrganization(ctx);
  return createAccount(ctx, {
    organization_id: org?.id ?? overrides.organization_id!,
    type: 'service',
    verified: true,
    name: `Account ${++counter}`,
    ...overrides,
  });
}

/** Fetches a token over HTTP exactly as an SDK would. */
export async function fetchToken(
  platform: TestPlatform,
  account: Pick<AccountsTable, 'appid' | 'appsecret'>,
): Promise<string> {
  const res = await platform.app.inject({
    method: 'GET',
    url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
  });
  const body = res.json<{ access_token?: string; errcode?: number; errmsg?: string }>();
  if (!body.access_token) throw new Error(`token fetch failed: ${res.body}`);
  return body.access_token;
}

/** Our own API's error body. */
export interface ApiError {
  code: string;
  message: string;
  details?: { path: string; message: string; [extra: string]: unknown }[];
}

/** Calls our own API with the admin key and returns status and JSON. */
export async function ownApi<T = ApiError>(
  platform: TestPlatform,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await platform.app.inject({
    method,
    url: `/gz/v1${url}`,
    headers: platform.adminHeaders,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
}

/** A simulated user over our API. */
export async function buildUser(
  platform: TestPlatform,
  profile: Record<string, unknown> = {},
): Promise<{ id: string; nickname: string }> {
  const res = await ownApi<{ id: string; nickname: string }>(platform, 'POST', '/users', {
    nickname: `User ${++counter}`,
    ...profile,
  });
  if (res.status !== 201) throw new Error(`user create failed: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A simulated user following `account`, made through the real operations
 * (createUser, followAccount), so the follower row, openid and unionid are
 * what the platform itself would make. `subscribed: false` unfollows again.
 */
export async function buildFollower(
  ctx: AppContext,
  account: AccountsTable,
  options: { user?: UsersTable; subscribed?: boolean } = {},
): Promise<{ user: UsersTable; follower: FollowersTable }> {
  const user = options.user ?? (await createUser(ctx, { nickname: `Follower ${++counter}` }));
  await followAccount(ctx, user.id, account.appid, {});
  if (options.subscribed === false) await unfollowAccount(ctx, user.id, account.appid);
  const follower = await ctx.db
    .selectFrom('followers')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  return { user, follower };
}
