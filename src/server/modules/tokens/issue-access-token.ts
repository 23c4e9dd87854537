import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { generateToken } from './generate-token.ts';
import { EXPIRED_TOKEN_RETENTION_MS, SUPERSEDE_GRACE_MS, TOKEN_TTL_SECONDS } from './token-lifetimes.ts';
import type { TokenResponse } from './tokens.schemas.ts';
import { deleteExpiredTokens, insertToken, supersedeTokens } from './tokens.queries.ts';

/**
 * `/cgi-bin/token`: issues a fresh 7200-second token. Every earlier token of
 * the account keeps working for five more minutes, then answers 40001
 * ("not latest"), which multi-process clients rely on.
 */
export async function issueAccessToken(ctx: AppContext, account: AccountsTable): Promise<TokenResponse> {
  const now = ctx.clock.now();
  const { token, hash } = generateToken();
  await ctx.db.transaction().execute(async (trx) => {
    await insertToken(trx, {
      token_hash: hash,
      account_id: account.id,
      kind: 'basic',
      forced: 0,
      token_value: null,
      created_at: now,
      expires_at: now + TOKEN_TTL_SECONDS * 1000,
    });
    await supersedeTokens(trx, account.id, 'basic', hash, now + SUPERSEDE_GRACE_MS);
  });
  ctx.tokens.invalidateAccount(account.id);
  ctx.tokens.forget(hash);
  // Housekeeping on the issuing path: rare (2000/day at most) and bounded by an index-free but small table.
  await deleteExpiredTokens(ctx.db, now - EXPIRED_TOKEN_RETENTION_MS);
  return { access_token: token, expires_in: TOKEN_TTL_SECONDS };
}
