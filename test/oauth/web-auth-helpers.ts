import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { TestPlatform } from '../helpers/platform.ts';

/** An authorize link as a developer builds it (the #wechat_redirect fragment never reaches a server). */
export function authorizePath(params: Record<string, string>): string {
  return `/connect/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

/** GET the page, POST the user's decision; the 302's Location. */
export async function authorizeAs(
  p: TestPlatform,
  account: Pick<AccountsTable, 'appid'>,
  userId: string,
  options: { scope?: string; redirect?: string; state?: string; decision?: 'allow' | 'deny' } = {},
): Promise<URL> {
  const path = authorizePath({
    appid: account.appid,
    redirect_uri: options.redirect ?? 'http://localhost:3000/callback?from=menu',
    response_type: 'code',
    scope: options.scope ?? 'snsapi_userinfo',
    state: options.state ?? 'STATE123',
  });
  const page = await p.app.inject({ method: 'GET', url: path });
  if (page.statusCode !== 200) throw new Error(`authorize page ${page.statusCode}: ${page.body}`);
  const res = await p.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ user_id: userId, decision: options.decision ?? 'allow' }).toString(),
  });
  if (res.statusCode !== 302) throw new Error(`authorize POST ${res.statusCode}: ${res.body}`);
  return new URL(String(res.headers.location));
}

/** A code for the user, through the page. */
export async function codeFor(
  p: TestPlatform,
  account: Pick<AccountsTable, 'appid'>,
  userId: string,
  scope = 'snsapi_userinfo',
): Promise<string> {
  const location = await authorizeAs(p, account, userId, { scope });
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.toString()}`);
  return code;
}

/** A GET on the Open API, JSON body. */
export async function wechatGet<T = Record<string, unknown>>(
  p: TestPlatform,
  path: string,
  query: Record<string, string>,
): Promise<T> {
  const res = await p.app.inject({ method: 'GET', url: `${path}?${new URLSearchParams(query).toString()}` });
  return res.json<T>();
}

export async function advanceClock(p: TestPlatform, seconds: number): Promise<void> {
  const res = await p.app.inject({
    method: 'POST',
    url: '/gz/v1/sandbox/clock/advance',
    headers: p.adminHeaders,
    payload: { seconds },
  });
  if (res.statusCode !== 200) throw new Error(`clock advance failed: ${res.body}`);
}
