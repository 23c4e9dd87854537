import type { ConsoleGrantsTable, ConsoleUsersTable, Db } from '../../db/schema.ts';
import { appidsOf } from './console.presenter.ts';

/** Every console user with their grants, and the appids those grants name. */
export async function selectUsersWithGrants(
  db: Db,
  userIds?: readonly string[],
): Promise<{
  users: ConsoleUsersTable[];
  grants: Map<string, ConsoleGrantsTable[]>;
  appids: Map<string, string>;
}> {
  if (userIds && userIds.length === 0) return { users: [], grants: new Map(), appids: new Map() };
  let users = db.selectFrom('console_users').selectAll().orderBy('username');
  if (userIds) users = users.where('id', 'in', userIds);
  const userRows = await users.execute();
  const ids = userRows.map((u) => u.id);
  const grantRows = ids.length
    ? await db
        .selectFrom('console_grants')
        .selectAll()
        .where('user_id', 'in', ids)
        .orderBy('created_at')
        .execute()
    : [];
  const accountIds = [...new Set(grantRows.map((g) => g.account_id).filter((a): a is string => a !== null))];
  const accounts = accountIds.length
    ? await db.selectFrom('accounts').select(['id', 'appid']).where('id', 'in', accountIds).execute()
    : [];
  const grants = new Map<string, ConsoleGrantsTable[]>();
  for (const g of grantRows) grants.set(g.user_id, [...(grants.get(g.user_id) ?? []), g]);
  return { users: userRows, grants, appids: appidsOf(accounts) };
}

/** Whether any console user exists (the first administrator is made when none does). */
export async function anyConsoleUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('console_users').select('id').limit(1).executeTakeFirst()) !== undefined;
}
