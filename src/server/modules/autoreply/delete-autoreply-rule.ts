import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../accounts/get-account.ts';
import { deleteRuleRow } from './autoreply.queries.ts';

/** Deletes a keyword rule; the others keep their order. */
export async function deleteAutoreplyRule(ctx: AppContext, appid: string, ruleId: string): Promise<void> {
  const account = await getAccount(ctx, appid);
  if (!(await deleteRuleRow(ctx.db, account.id, ruleId))) {
    throw new AppError('AUTOREPLY_RULE_NOT_FOUND', `no rule ${ruleId} on account ${appid}`);
  }
}
