import type { AppContext } from '../../context.ts';
import type { AccountsTable, OauthScope } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { hasCapability } from '../accounts/capabilities.ts';
import { checkUrlDomain } from './web-domains.ts';
import { selectWebDomains } from './webauth.queries.ts';

/** The longest `state` WeChat takes (bytes). */
export const MAX_STATE_BYTES = 128;

/** A valid authorize link, ready for the user's decision. */
export interface AuthorizeRequest {
  account: AccountsTable;
  redirectUri: URL;
  scope: OauthScope;
  state: string;
}

/** One line of the explainer: a rule and whether the link met it. */
export interface AuthorizeCheck {
  rule: string;
  passed: boolean;
}

/**
 * An AppError from the authorize page with every rule checked so far, so
 * the explainer page can show which one failed and which passed.
 */
export class AuthorizeRefusal extends AppError {
  constructor(
    code: ConstructorParameters<typeof AppError>[0],
    hint: string,
    readonly checks: AuthorizeCheck[],
  ) {
    super(code, hint);
  }
}

/**
 * Checks an authorize link (spec §17.1) in WeChat's order: appid, redirect_uri,
 * response_type, scope (and the account's permission), the redirect's
 * scheme and domain, state. Parameter order and extra parameters
 * (connect_redirect=1, forcePopup) do not matter here.
 */
export async function checkAuthorizeRequest(
  ctx: AppContext,
  query: Record<string, string | undefined>,
): Promise<AuthorizeRequest> {
  const checks: AuthorizeCheck[] = [];
  const pass = (rule: string) => checks.push({ rule, passed: true });
  const fail = (code: ConstructorParameters<typeof AppError>[0], rule: string): never => {
    checks.push({ rule, passed: false });
    throw new AuthorizeRefusal(code, rule, checks);
  };

  const appid = query.appid ?? '';
  if (!appid) fail('OAUTH_APPID_EMPTY', 'appid is required');
  const account = /^wx[0-9a-f]{16}$/.test(appid) ? await ctx.accounts.getByAppid(appid) : undefined;
  if (!account)
    fail('OAUTH_APPID_NOT_ACCOUNT', `appid "${appid}" is not an official account on this platform`);
  pass(`appid ${appid} is the account "${account!.name}"`);

  const rawRedirect = query.redirect_uri ?? '';
  if (!rawRedirect) fail('OAUTH_REDIRECT_URI_EMPTY', 'redirect_uri is required (URL-encoded)');

  if (query.response_type !== 'code')
    fail('OAUTH_RESPONSE_TYPE_INVALID', `response_type must be "code", not "${query.response_type ?? ''}"`);
  pass('response_type is code');

  const scope = query.scope ?? '';
  if (!scope) fail('OAUTH_SCOPE_EMPTY', 'scope is required: snsapi_base or snsapi_userinfo');
  if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') {
    fail(
      'OAUTH_SCOPE_UNAUTHORIZED',
      `scope "${scope}" is not one an official account can ask for: use snsapi_base or snsapi_userinfo (snsapi_login is for website apps)`,
    );
  }
  if (!hasCapability(account!.type, account!.verified === 1, 'oauth')) {
    const kind = `${account!.verified ? 'verified' : 'unverified'} ${account!.type} account`;
    fail(
      'OAUTH_SCOPE_UNAUTHORIZED',
      `only verified service accounts have web authorization; this is a ${kind}`,
    );
  }
  pass(`scope ${scope} is allowed for a verified service account`);

  let redirectUri: URL | undefined;
  try {
    redirectUri = new URL(rawRedirect);
  } catch {
    fail(
      'OAUTH_REDIRECT_URI_MISMATCH',
      `redirect_uri "${rawRedirect}" is not an absolute URL (was it URL-encoded once?)`,
    );
  }
  const domains = await selectWebDomains(ctx.db, account!.id, 'oauth');
  const verdict = checkUrlDomain(redirectUri!, domains, ctx.config.sandbox);
  if (!verdict.allowed) fail('OAUTH_REDIRECT_URI_MISMATCH', `redirect_uri: ${verdict.rule}`);
  pass(`redirect_uri: ${verdict.rule}`);

  const state = query.state ?? '';
  if (Buffer.byteLength(state) > MAX_STATE_BYTES)
    fail('OAUTH_STATE_TOO_LONG', `state is ${Buffer.byteLength(state)} bytes; at most ${MAX_STATE_BYTES}`);

  return { account: account!, redirectUri: redirectUri!, scope: scope as OauthScope, state };
}
