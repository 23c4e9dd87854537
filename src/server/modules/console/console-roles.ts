import type { AccountsTable, ConsoleGrantsTable, ConsoleRole } from '../../db/schema.ts';

/** Strongest first: when a user holds several roles on one account, the list says which wins for display. */
export const ROLE_ORDER: readonly ConsoleRole[] = [
  'administrator',
  'operator',
  'analyst',
  'customer_service',
];

/** A grant with no organisation and no account: every organisation on the platform. */
export function isPlatformGrant(grant: Pick<ConsoleGrantsTable, 'organization_id' | 'account_id'>): boolean {
  return grant.organization_id === null && grant.account_id === null;
}

/** The roles `grants` give on `account` (platform-wide, its organisation, or the account itself). */
export function rolesOnAccount(
  grants: readonly ConsoleGrantsTable[],
  account: Pick<AccountsTable, 'id' | 'organization_id'>,
): Set<ConsoleRole> {
  const roles = new Set<ConsoleRole>();
  for (const g of grants) {
    if (
      isPlatformGrant(g) ||
      (g.account_id === null && g.organization_id === account.organization_id) ||
      g.account_id === account.id
    )
      roles.add(g.role);
  }
  return roles;
}

/** Whether the grants reach `organizationId` at all (any role on it or on one of its accounts). */
export function reachesOrganization(grants: readonly ConsoleGrantsTable[], organizationId: string): boolean {
  return grants.some((g) => isPlatformGrant(g) || g.organization_id === organizationId);
}

/** Whether the grants make the user an administrator of `organizationId` (or of the platform). */
export function administersOrganization(
  grants: readonly ConsoleGrantsTable[],
  organizationId: string,
): boolean {
  return grants.some(
    (g) =>
      g.role === 'administrator' &&
      g.account_id === null &&
      (g.organization_id === null || g.organization_id === organizationId),
  );
}

/** A platform administrator: an administrator grant with neither organisation nor account. */
export function isPlatformAdministrator(grants: readonly ConsoleGrantsTable[]): boolean {
  return grants.some((g) => g.role === 'administrator' && isPlatformGrant(g));
}
