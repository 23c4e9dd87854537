import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { describeCallerIp, ipAllowed } from '../../lib/ip-allowlist.ts';
import { parseWhitelist } from '../accounts/accounts.presenter.ts';
import { TOKEN_TTL_SECONDS } from './token-lifetimes.ts';

/**
 * Resolves the `access_token` query parameter to its account: 41001 when
 * missing, 40001 when unknown or superseded ("not latest"), 42001 when it
 * ran out its natural 7200 s, then 40164 for a caller outside the allowlist.
 * A cache lookup in the common case, not a query.
 */
export async function authenticateAccessToken(
  ctx: AppContext,
  token: string | undefined,
  clientIp: string,
  /** Told the account as soon as it is known, so a failure's rid belongs to it. */
  onAccount?: (account: AccountsTable) => void,
): Promise<AccountsTable> {
  if (!token) throw new AppError('ACCESS_TOKEN_MISSING');
  const row = token.length <= 512 ? await ctx.tokens.lookup(token) : undefined;
  if (!row) throw new AppError('ACCESS_TOKEN_INVALID');
  const account = await ctx.accounts.getById(row.account_id);
  if (!account) throw new AppError('ACCESS_TOKEN_INVALID');
  onAccount?.(account);
  if (row.expires_at <= ctx.clock.now()) {
    const ranFullLife = row.expires_at - row.created_at >= TOKEN_TTL_SECONDS * 1000;
    throw new AppError(ranFullLife ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_INVALID');
  }
  if (!ipAllowed(parseWhitelist(account.ip_whitelist), clientIp)) {
    throw new AppError('IP_NOT_WHITELISTED', undefined, {
      errmsg: `invalid ip ${describeCallerIp(clientIp)}, not in whitelist`,
    });
  }
  return account;
}
