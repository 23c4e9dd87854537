import type { AppContext } from '../../context.ts';
import { presentConsoleUser } from './console.presenter.ts';
import { selectUsersWithGrants } from './console.queries.ts';
import { assertManagesPeople, grantsWithin } from './console-people-access.ts';
import type { ConsolePrincipal } from './console-session.ts';

/**
 * The console users the caller manages: everyone for the admin key and
 * platform administrators, otherwise those whose every grant lies in an
 * organisation the caller administers.
 */
export async function findConsoleUsers(ctx: AppContext, caller: ConsolePrincipal | undefined) {
  const managed = assertManagesPeople(caller);
  const { users, grants, appids } = await selectUsersWithGrants(ctx.db);
  const now = ctx.clock.now();
  return users
    .filter((u) => {
      const own = grants.get(u.id) ?? [];
      return managed === 'all' || (own.length > 0 && grantsWithin(own, managed));
    })
    .map((u) => presentConsoleUser(u, grants.get(u.id) ?? [], appids, now));
}
