import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { selectRule, updateRuleRow, type AutoreplyRule } from './autoreply.queries.ts';
import { UpdateRuleSchema } from './autoreply.schemas.ts';

/** Changes a rule's name, keywords, replies or reply mode; its position stays. */
export async function updateAutoreplyRule(
  ctx: AppContext,
  appid: string,
  ruleId: string,
  input: unknown,
): Promise<AutoreplyRule> {
  const patch = validate(UpdateRuleSchema, input);
  const account = await getAccount(ctx, appid);
  return ctx.db.transaction().execute(async (trx) => {
    const rule = await selectRule(trx, account.id, ruleId);
    if (!rule) throw new AppError('AUTOREPLY_RULE_NOT_FOUND', `no rule ${ruleId} on account ${appid}`);
    const next: AutoreplyRule = {
      ...rule,
      rule_name: patch.rule_name ?? rule.rule_name,
      keywords: patch.keywords ?? rule.keywords,
      replies: patch.replies ?? rule.replies,
      reply_mode: patch.reply_mode ?? rule.reply_mode,
      updated_at: ctx.clock.now(),
    };
    await updateRuleRow(trx, next);
    return next;
  });
}
