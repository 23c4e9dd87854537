import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { insertRule, lockAccountRules, selectRuleStats, type AutoreplyRule } from './autoreply.queries.ts';
import { CreateRuleSchema, MAX_RULES_PER_ACCOUNT } from './autoreply.schemas.ts';

/**
 * Adds a keyword rule after the account's last one. VALIDATION_FAILED when
 * the input breaks a limit or the account already has 200 rules.
 */
export async function createAutoreplyRule(
  ctx: AppContext,
  appid: string,
  input: unknown,
): Promise<AutoreplyRule> {
  const data = validate(CreateRuleSchema, input);
  const account = await getAccount(ctx, appid);
  return ctx.db.transaction().execute(async (trx) => {
    await lockAccountRules(trx, ctx.dialect, account.id);
    const { count, next } = await selectRuleStats(trx, account.id);
    if (count >= MAX_RULES_PER_ACCOUNT) {
      throw new AppError(
        'VALIDATION_FAILED',
        `an account has at most ${MAX_RULES_PER_ACCOUNT} auto-reply rules; delete one first`,
      );
    }
    const now = ctx.clock.now();
    const rule: AutoreplyRule = {
      id: newId('arl'),
      account_id: account.id,
      rule_name: data.rule_name,
      keywords: data.keywords,
      replies: data.replies,
      reply_mode: data.reply_mode,
      position: next,
      created_at: now,
      updated_at: now,
    };
    await insertRule(trx, rule);
    return rule;
  });
}
