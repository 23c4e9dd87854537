import type { AppContext } from '../../context.ts';
import { ROLE_ORDER, isPlatformAdministrator, reachesOrganization, rolesOnAccount } from './console-roles.ts';
import type { ConsolePrincipal } from './console-session.ts';
import { managedOrganizations } from './console-people-access.ts';
import { appidsOf, presentGrant } from './console.presenter.ts';

/**
 * What the console needs after sign-in: who is signed in, the CSRF token,
 * and the organisations and accounts they reach with their roles on each
 * (so the layout only offers what the API will allow).
 */
export async function describeConsoleSession(ctx: AppContext, principal: ConsolePrincipal) {
  const { user, session, grants } = principal;
  const [organizations, accounts] = await Promise.all([
    ctx.db.selectFrom('organizations').selectAll().orderBy('created_at').execute(),
    ctx.db.selectFrom('accounts').selectAll().orderBy('created_at').execute(),
  ]);
  const managed = managedOrganizations(principal);
  return {
    user: { id: user.id, username: user.username, display_name: user.display_name },
    csrf_token: session.csrf_token,
    expires_at: session.expires_at,
    platform_administrator: isPlatformAdministrator(grants),
    grants: grants.map((g) => presentGrant(g, appidsOf(accounts))),
    organizations: organizations
      .filter((o) => reachesOrganization(grants, o.id))
      .map((o) => ({
        id: o.id,
        name: o.name,
        administrator: managed === 'all' || managed.has(o.id),
      })),
    accounts: accounts
      .map((a) => ({ account: a, roles: rolesOnAccount(grants, a) }))
      .filter(({ roles }) => roles.size > 0)
      .map(({ account, roles }) => ({
        appid: account.appid,
        name: account.name,
        type: account.type,
        verified: account.verified === 1,
        organization_id: account.organization_id,
        roles: ROLE_ORDER.filter((r) => roles.has(r)),
      })),
  };
}
