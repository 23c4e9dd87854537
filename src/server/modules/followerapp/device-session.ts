import type { AppContext } from '../../context.ts';
import { presentUser } from '../followers/followers.presenter.ts';
import type { AppSession } from './app-session.ts';
import { selectUsersByIds } from './followerapp.queries.ts';

/**
 * What the client shows on start: the identities on this device (in the
 * order they were added; users deleted since are dropped) and whether the
 * platform is a sandbox (then testers may also pick any existing user).
 */
export async function describeDeviceSession(ctx: AppContext, session: AppSession) {
  const rows = await selectUsersByIds(ctx.db, session.user_ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const users = session.user_ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [presentUser(row)] : [];
  });
  return { device_id: session.device_id, sandbox: ctx.config.sandbox, users };
}
