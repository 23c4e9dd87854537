import type { AccountsTable, ConsoleGrantsTable, ConsoleUsersTable } from '../../db/schema.ts';

/** A grant as the API shows it: the account by appid, not by internal id. */
export function presentGrant(grant: ConsoleGrantsTable, appids: Map<string, string>) {
  return {
    role: grant.role,
    organization_id: grant.organization_id,
    appid: grant.account_id ? (appids.get(grant.account_id) ?? null) : null,
  };
}

/** A console user without the password hash. */
export function presentConsoleUser(
  user: ConsoleUsersTable,
  grants: readonly ConsoleGrantsTable[],
  appids: Map<string, string>,
  now: number,
) {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    disabled: user.disabled === 1,
    locked_until: user.locked_until !== null && user.locked_until > now ? user.locked_until : null,
    last_sign_in_at: user.last_sign_in_at,
    created_at: user.created_at,
    grants: grants.map((g) => presentGrant(g, appids)),
  };
}

/** appid by account id for the accounts `grants` name. */
export function appidsOf(accounts: readonly Pick<AccountsTable, 'id' | 'appid'>[]): Map<string, string> {
  return new Map(accounts.map((a) => [a.id, a.appid]));
}
