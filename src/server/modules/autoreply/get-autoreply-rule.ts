import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../accounts/get-account.ts';
import { selectRule, type AutoreplyRule } from './autoreply.queries.ts';

/** One keyword rule of the account, or AUTOREPLY_RULE_NOT_FOUND. */
export async function getAutoreplyRule(
  ctx: AppContext,
  appid: string,
  ruleId: string,
): Promise<AutoreplyRule> {
  const account = await getAccount(ctx, appid);
  const rule = await selectRule(ctx.db, account.id, ruleId);
  if (!rule) throw new AppError('AUTOREPLY_RULE_NOT_FOUND', `no rule ${ruleId} on account ${appid}`);
  return rule;
}
