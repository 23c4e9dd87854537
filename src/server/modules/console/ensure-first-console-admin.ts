import type { AppContext } from '../../context.ts';
import { newId, randomUrlSafe } from '../../lib/ids.ts';
import { anyConsoleUser } from './console.queries.ts';
import { hashPassword } from './passwords.ts';

/** The first administrator's username. */
export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * Creates the platform administrator `admin` with a generated password when
 * no console user exists yet. Returns the password only when it was just
 * made, so the start banner shows it exactly once.
 */
export async function ensureFirstConsoleAdmin(
  ctx: AppContext,
): Promise<{ username: string; password: string } | null> {
  if (await anyConsoleUser(ctx.db)) return null;
  const password = randomUrlSafe(16);
  const now = ctx.clock.now();
  const id = newId('cu');
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('console_users')
      .values({
        id,
        username: FIRST_ADMIN_USERNAME,
        display_name: 'Administrator',
        password_hash: hash,
        disabled: 0,
        failed_attempts: 0,
        locked_until: null,
        last_sign_in_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('console_grants')
      .values({
        id: newId('cg'),
        user_id: id,
        organization_id: null,
        account_id: null,
        role: 'administrator',
        created_at: now,
      })
      .execute();
  });
  return { username: FIRST_ADMIN_USERNAME, password };
}
