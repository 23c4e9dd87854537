import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { describeCallerIp, ipAllowed } from '../../lib/ip-allowlist.ts';
import { parseWhitelist } from '../accounts/accounts.presenter.ts';

/**
 * Checks appid/secret/grant_type in WeChat's order (41002, 41004, 40002,
 * 40013, 40164, 40125/40001) and returns the account.
 */
export async function authenticateApp(
  ctx: AppContext,
  input: { grant_type?: string | undefined; appid?: string | undefined; secret?: string | undefined },
  clientIp: string,
  onAccount?: (account: AccountsTable) => void,
): Promise<AccountsTable> {
  if (!input.appid) throw new AppError('APPID_MISSING');
  if (!input.secret) throw new AppError('APPSECRET_MISSING');
  if (input.grant_type !== 'client_credential') {
    throw new AppError('GRANT_TYPE_INVALID', 'grant_type must be client_credential');
  }
  const account = /^wx[0-9a-f]{16}$/.test(input.appid)
    ? await ctx.accounts.getByAppid(input.appid)
    : undefined;
  if (!account) throw new AppError('APPID_INVALID', 'check the AppID characters and case');
  onAccount?.(account);
  if (!ipAllowed(parseWhitelist(account.ip_whitelist), clientIp)) {
    throw new AppError('IP_NOT_WHITELISTED', undefined, {
      errmsg: `invalid ip ${describeCallerIp(clientIp)}, not in whitelist`,
    });
  }
  if (!/^[0-9a-f]{32}$/.test(input.secret)) throw new AppError('INVALID_APPSECRET');
  if (input.secret !== account.appsecret) throw new AppError('APPSECRET_WRONG');
  return account;
}
