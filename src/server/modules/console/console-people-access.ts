import type { AppContext } from '../../context.ts';
import type { ConsoleGrantsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Grant } from './console.schemas.ts';
import { isPlatformAdministrator, isPlatformGrant } from './console-roles.ts';
import type { ConsolePrincipal } from './console-session.ts';

/**
 * Who manages people: the admin key (no principal) and platform
 * administrators manage everyone; an organisation's administrator manages
 * people whose every grant lies inside organisations they administer.
 */
export function managedOrganizations(principal: ConsolePrincipal | undefined): Set<string> | 'all' {
  if (!principal || isPlatformAdministrator(principal.grants)) return 'all';
  return new Set(
    principal.grants
      .filter((g) => g.role === 'administrator' && g.account_id === null && g.organization_id !== null)
      .map((g) => g.organization_id!),
  );
}

/** Refuses when the caller administers no organisation at all. */
export function assertManagesPeople(principal: ConsolePrincipal | undefined): Set<string> | 'all' {
  const managed = managedOrganizations(principal);
  if (managed !== 'all' && managed.size === 0) {
    throw new AppError('CONSOLE_FORBIDDEN', 'managing people needs the administrator role');
  }
  return managed;
}

/** Whether every grant lies within `managed`. */
export function grantsWithin(
  grants: readonly Pick<ConsoleGrantsTable, 'organization_id' | 'account_id'>[],
  managed: Set<string> | 'all',
): boolean {
  if (managed === 'all') return true;
  return grants.every(
    (g) => !isPlatformGrant(g) && g.organization_id !== null && managed.has(g.organization_id),
  );
}

/** Turns requested grants into rows (appid → account and its organisation), checking the caller may give them. */
export async function resolveGrants(
  ctx: AppContext,
  userId: string,
  grants: readonly Grant[],
  managed: Set<string> | 'all',
): Promise<ConsoleGrantsTable[]> {
  const now = ctx.clock.now();
  const rows: ConsoleGrantsTable[] = [];
  for (const [i, grant] of grants.entries()) {
    let organizationId = grant.organization_id;
    let accountId: string | null = null;
    if (grant.appid) {
      const account = await ctx.accounts.getByAppid(grant.appid);
      if (!account)
        throw new AppError('ACCOUNT_NOT_FOUND', `grants.${i}: no account with appid ${grant.appid}`);
      if (organizationId && organizationId !== account.organization_id) {
        throw new AppError(
          'VALIDATION_FAILED',
          `grants.${i}: ${grant.appid} is not in organisation ${organizationId}`,
        );
      }
      organizationId = account.organization_id;
      accountId = account.id;
    } else if (organizationId) {
      const org = await ctx.db
        .selectFrom('organizations')
        .select('id')
        .where('id', '=', organizationId)
        .executeTakeFirst();
      if (!org)
        throw new AppError('ORGANIZATION_NOT_FOUND', `grants.${i}: no organisation ${organizationId}`);
    }
    const row: ConsoleGrantsTable = {
      id: newId('cg'),
      user_id: userId,
      organization_id: organizationId,
      account_id: accountId,
      role: grant.role,
      created_at: now,
    };
    if (!grantsWithin([row], managed)) {
      throw new AppError(
        'CONSOLE_FORBIDDEN',
        organizationId
          ? `grants.${i}: you do not administer organisation ${organizationId}`
          : `grants.${i}: only platform administrators give platform-wide roles`,
      );
    }
    rows.push(row);
  }
  return rows;
}
