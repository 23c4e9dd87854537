import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, ConsoleRole } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  administersOrganization,
  isPlatformAdministrator,
  reachesOrganization,
  rolesOnAccount,
} from './console-roles.ts';
import {
  assertCsrf,
  consolePrincipalOf,
  readConsoleSession,
  type ConsolePrincipal,
} from './console-session.ts';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * What customer-service agents may reach on an account: the kf inbox and
 * agents, one follower's profile and conversation (read and reply), and the
 * account's basic info for the console layout.
 */
const CUSTOMER_SERVICE_PATHS: readonly RegExp[] = [
  /^\/accounts\/:appid\/kf-(sessions|accounts)(\/|$)/,
  /^\/accounts\/:appid\/followers\/:openid(\/messages)?$/,
];

/** Whether one of `roles` allows `method` on the account-scoped route `path`. */
function accountRouteAllowed(roles: Set<ConsoleRole>, method: string, path: string): boolean {
  if (roles.has('administrator') || roles.has('operator')) return true;
  const read = READ_METHODS.has(method);
  if (roles.has('analyst') && read) return true;
  if (roles.has('customer_service')) {
    if (read && path === '/accounts/:appid') return true;
    if (CUSTOMER_SERVICE_PATHS.some((p) => p.test(path))) return true;
  }
  return false;
}

function forbidden(message: string): AppError {
  return new AppError('CONSOLE_FORBIDDEN', message);
}

/** Whether the grants hold any of `roles` anywhere. */
function holdsAnywhere(principal: ConsolePrincipal, roles: readonly ConsoleRole[]): boolean {
  return principal.grants.some((g) => roles.includes(g.role));
}

async function checkAccount(
  principal: ConsolePrincipal,
  account: AccountsTable | undefined,
  method: string,
  path: string,
): Promise<void> {
  // An account outside the user's reach looks the same as one that does not exist.
  if (!account) return;
  const roles = rolesOnAccount(principal.grants, account);
  if (roles.size === 0) {
    throw forbidden(`you have no role on account ${account.appid}; ask an administrator of its organisation`);
  }
  if (!accountRouteAllowed(roles, method, path)) {
    throw forbidden(
      `your role on ${account.appid} (${[...roles].join(', ')}) does not allow ${method} ${path.replace(':appid', account.appid)}`,
    );
  }
}

/**
 * Role checks for a console session, from the matched route pattern and its
 * params (bodies are not parsed yet; routes that need the body — account
 * creation, people management — check again in their handlers).
 * Unknown route families are refused unless the user administers the platform.
 */
async function authorizeConsoleRequest(
  ctx: AppContext,
  principal: ConsolePrincipal,
  request: FastifyRequest,
): Promise<void> {
  if (isPlatformAdministrator(principal.grants)) return;
  const path = (request.routeOptions.url ?? '').replace(/^\/gz\/v1/, '');
  const method = request.method;
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const read = READ_METHODS.has(method);

  if (path.startsWith('/console/')) return;
  if (params.appid !== undefined) {
    return checkAccount(principal, await ctx.accounts.getByAppid(params.appid), method, path);
  }
  if (path.startsWith('/deliveries/:id')) {
    const delivery = await ctx.db
      .selectFrom('deliveries')
      .select('account_id')
      .where('id', '=', params.id ?? '')
      .executeTakeFirst();
    const account = delivery ? await ctx.accounts.getById(delivery.account_id) : undefined;
    return checkAccount(
      principal,
      account,
      method,
      path.replace('/deliveries/:id', '/accounts/:appid/deliveries'),
    );
  }
  if (path === '/accounts' || path === '/organizations') {
    if (read) return; // the list routes filter to what the user reaches
    if (path === '/accounts' && principal.grants.some((g) => g.role === 'administrator')) return;
    throw forbidden(
      path === '/accounts'
        ? 'creating an account needs the administrator role on its organisation'
        : 'creating an organisation needs a platform administrator',
    );
  }
  if (path === '/organizations/:id') {
    if (read && reachesOrganization(principal.grants, params.id ?? '')) return;
    throw forbidden('you have no role in this organisation');
  }
  // The sandbox clock is shared test tooling: anyone may look, operators
  // and administrators may move it. Simulated users without an :appid in the
  // route (their profile, stream, notifications) span every organisation's
  // accounts, so they stay with platform administrators.
  if (path.startsWith('/sandbox/')) {
    if (read || holdsAnywhere(principal, ['administrator', 'operator'])) return;
    throw forbidden('only operators and administrators may move the sandbox clock');
  }
  throw forbidden(`${method} ${path} is for platform administrators`);
}

/**
 * The console half of the /gz/v1 authentication hook: false when the request
 * carries no console cookie (the caller then asks for the admin key);
 * otherwise checks the session, the CSRF header on state-changing requests
 * and the user's roles for the route, throwing when any fails.
 */
export async function authenticateConsoleRequest(ctx: AppContext, request: FastifyRequest): Promise<boolean> {
  const principal = await readConsoleSession(ctx, request);
  if (!principal) return false;
  assertCsrf(request, principal.session);
  await authorizeConsoleRequest(ctx, principal, request);
  return true;
}

/** For list routes: whether the console user behind `request` (if any) may see this account. */
export function consoleMaySeeAccount(
  request: FastifyRequest,
  account: Pick<AccountsTable, 'id' | 'organization_id'>,
): boolean {
  const principal = consolePrincipalOf(request);
  return !principal || rolesOnAccount(principal.grants, account).size > 0;
}

/** For list routes: whether the console user behind `request` (if any) reaches this organisation. */
export function consoleMaySeeOrganization(request: FastifyRequest, organizationId: string): boolean {
  const principal = consolePrincipalOf(request);
  return !principal || reachesOrganization(principal.grants, organizationId);
}

/** For account creation: a console user must administer the target organisation. */
export function assertConsoleMayAdminister(request: FastifyRequest, organizationId: string): void {
  const principal = consolePrincipalOf(request);
  if (principal && !administersOrganization(principal.grants, organizationId)) {
    throw forbidden('creating an account needs the administrator role on its organisation');
  }
}

/**
 * Whether the request may see an account's credentials (AppSecret, Token,
 * EncodingAESKey): the admin key, or an administrator or operator of the
 * account. Analysts and customer-service agents get them blanked.
 */
export function consoleMaySeeSecrets(
  request: FastifyRequest,
  account: Pick<AccountsTable, 'id' | 'organization_id'>,
): boolean {
  const principal = consolePrincipalOf(request);
  if (!principal) return true;
  const roles = rolesOnAccount(principal.grants, account);
  return roles.has('administrator') || roles.has('operator');
}
