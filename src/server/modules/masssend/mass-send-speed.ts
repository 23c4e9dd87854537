import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

/** Followers reached per minute at each speed level (spec §8.1): 0 is the fastest. */
export const SPEED_PER_MINUTE = [800_000, 600_000, 450_000, 300_000, 100_000] as const;

/** The level an account sends at until it calls speed/set. */
export const DEFAULT_SPEED = 0;

/** `{speed, realspeed}` as mass/speed/get answers: realspeed in 10,000 followers a minute. */
export function presentSpeed(speed: number) {
  return { speed, realspeed: (SPEED_PER_MINUTE[speed] ?? SPEED_PER_MINUTE[DEFAULT_SPEED]) / 10_000 };
}

/** The account's speed level (mass/speed/get). */
export async function getMassSendSpeed(ctx: AppContext, account: AccountsTable): Promise<number> {
  const row = await ctx.db
    .selectFrom('mass_send_speeds')
    .select('speed')
    .where('account_id', '=', account.id)
    .executeTakeFirst();
  return row?.speed ?? DEFAULT_SPEED;
}

/**
 * Sets the account's speed level (mass/speed/set): 45084 without `speed`,
 * 45083 outside 0–4. Sends already made keep the level they started with.
 */
export async function setMassSendSpeed(
  ctx: AppContext,
  account: AccountsTable,
  speed: unknown,
): Promise<void> {
  if (speed === undefined || speed === null || speed === '') throw new AppError('MASS_SPEED_MISSING');
  const level = typeof speed === 'string' && /^\d+$/.test(speed) ? Number(speed) : speed;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level >= SPEED_PER_MINUTE.length)
    throw new AppError('MASS_SPEED_OUT_OF_RANGE', `speed must be 0..${SPEED_PER_MINUTE.length - 1}`);
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('mass_send_speeds')
    .values({ account_id: account.id, speed: level, updated_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ speed: level, updated_at: now }))
    .execute();
}
