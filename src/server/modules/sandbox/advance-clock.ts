import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { putSetting } from '../settings/settings.queries.ts';
import { AdvanceClockSchema } from './sandbox.schemas.ts';

export const CLOCK_OFFSET_SETTING = 'clock_offset_ms';

/** The sandbox clock as our API shows it. */
export function presentClock(ctx: AppContext) {
  const now = ctx.clock.now();
  return {
    now: new Date(now).toISOString(),
    now_seconds: Math.floor(now / 1000),
    offset_seconds: Math.round(ctx.clock.getOffset() / 1000),
  };
}

/**
 * Moves the platform clock forward (sandbox mode only); token expiry, quotas
 * and windows all follow. Persisted, so a restart keeps the same time.
 */
export async function advanceClock(ctx: AppContext, input: unknown) {
  if (!ctx.config.sandbox) throw new AppError('SANDBOX_ONLY', 'start with GZ_SANDBOX=true to move the clock');
  const { seconds } = validate(AdvanceClockSchema, input);
  const offset = ctx.clock.getOffset() + seconds * 1000;
  await putSetting(ctx.db, CLOCK_OFFSET_SETTING, String(offset));
  ctx.clock.setOffset(offset);
  return presentClock(ctx);
}

/** Puts the sandbox clock back to real time. */
export async function resetClock(ctx: AppContext) {
  if (!ctx.config.sandbox) throw new AppError('SANDBOX_ONLY', 'start with GZ_SANDBOX=true to move the clock');
  await putSetting(ctx.db, CLOCK_OFFSET_SETTING, '0');
  ctx.clock.setOffset(0);
  return presentClock(ctx);
}
