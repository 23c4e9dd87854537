import type { AppContext } from '../../context.ts';
import type { ConsoleGrantsTable, ConsoleUsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { assertManagesPeople, grantsWithin } from './console-people-access.ts';
import type { ConsolePrincipal } from './console-session.ts';

/**
 * One console user the caller may manage, or CONSOLE_USER_NOT_FOUND (also
 * for users outside the caller's organisations, so they are not revealed).
 */
export async function getManagedConsoleUser(
  ctx: AppContext,
  caller: ConsolePrincipal | undefined,
  id: string,
): Promise<{ user: ConsoleUsersTable; grants: ConsoleGrantsTable[]; managed: Set<string> | 'all' }> {
  const managed = assertManagesPeople(caller);
  const user = await ctx.db.selectFrom('console_users').selectAll().where('id', '=', id).executeTakeFirst();
  const grants = user
    ? await ctx.db.selectFrom('console_grants').selectAll().where('user_id', '=', id).execute()
    : [];
  if (!user || (managed !== 'all' && (grants.length === 0 || !grantsWithin(grants, managed)))) {
    throw new AppError('CONSOLE_USER_NOT_FOUND', `no console user ${id} that you manage`);
  }
  return { user, grants, managed };
}
