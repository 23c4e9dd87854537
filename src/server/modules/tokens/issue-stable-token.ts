import { chinaDay } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { generateToken } from './generate-token.ts';
import {
  STABLE_FORCE_DAILY_LIMIT,
  STABLE_FORCE_MIN_INTERVAL_MS,
  STABLE_ROTATE_BEFORE_MS,
  TOKEN_TTL_SECONDS,
} from './token-lifetimes.ts';
import type { TokenResponse } from './tokens.schemas.ts';
import {
  insertToken,
  selectCurrentStableToken,
  selectForcedRefreshes,
  supersedeTokens,
} from './tokens.queries.ts';

/**
 * `/cgi-bin/stable_token`: the same token while it is valid (rotated in its
 * last five minutes); `force_refresh` invalidates it and issues a new one, at
 * most 20 times a Beijing day and not more often than every 30 s. Stable
 * tokens live apart from /cgi-bin/token tokens: neither invalidates the other.
 */
export async function issueStableToken(
  ctx: AppContext,
  account: AccountsTable,
  forceRefresh: boolean,
): Promise<TokenResponse> {
  const now = ctx.clock.now();
  const current = await selectCurrentStableToken(ctx.db, account.id, now);
  const answer = (row: { token_value: string | null; expires_at: number }): TokenResponse => ({
    access_token: row.token_value ?? '',
    expires_in: Math.max(1, Math.floor((row.expires_at - now) / 1000)),
  });

  if (!forceRefresh) {
    if (current?.token_value && current.expires_at - now > STABLE_ROTATE_BEFORE_MS) return answer(current);
    return insertStable(ctx, account, now, false);
  }

  const dayStart = Date.parse(`${chinaDay(now)}T00:00:00+08:00`);
  const forced = await selectForcedRefreshes(ctx.db, account.id, dayStart);
  if (current?.token_value && forced.last !== null && now - forced.last < STABLE_FORCE_MIN_INTERVAL_MS) {
    return answer(current);
  }
  if (forced.count >= STABLE_FORCE_DAILY_LIMIT) {
    throw new AppError(
      'DAILY_QUOTA_REACHED',
      `force_refresh is limited to ${STABLE_FORCE_DAILY_LIMIT} a day`,
    );
  }
  return insertStable(ctx, account, now, true);
}

async function insertStable(
  ctx: AppContext,
  account: AccountsTable,
  now: number,
  forced: boolean,
): Promise<TokenResponse> {
  const { token, hash } = generateToken();
  await ctx.db.transaction().execute(async (trx) => {
    await insertToken(trx, {
      token_hash: hash,
      account_id: account.id,
      kind: 'stable',
      forced: forced ? 1 : 0,
      token_value: token,
      created_at: now,
      expires_at: now + TOKEN_TTL_SECONDS * 1000,
    });
    // A forced refresh kills the previous stable token at once; a routine
    // rotation leaves it to run out its last minutes.
    if (forced) await supersedeTokens(trx, account.id, 'stable', hash, now);
  });
  ctx.tokens.invalidateAccount(account.id);
  ctx.tokens.forget(hash);
  return { access_token: token, expires_in: TOKEN_TTL_SECONDS };
}
