import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import {
  lockAccountRules,
  selectRules,
  updateRulePositions,
  type AutoreplyRule,
} from './autoreply.queries.ts';
import { ReorderRulesSchema } from './autoreply.schemas.ts';

/**
 * Puts the account's rules in the order of `rule_ids` (first listed is
 * tried first). The list must name every rule exactly once:
 * AUTOREPLY_RULE_NOT_FOUND for a foreign id, VALIDATION_FAILED for a
 * missing one, so a stale console cannot silently drop rules to the end.
 */
export async function reorderAutoreplyRules(
  ctx: AppContext,
  appid: string,
  input: unknown,
): Promise<AutoreplyRule[]> {
  const { rule_ids } = validate(ReorderRulesSchema, input);
  const account = await getAccount(ctx, appid);
  return ctx.db.transaction().execute(async (trx) => {
    await lockAccountRules(trx, ctx.dialect, account.id);
    const rules = await selectRules(trx, account.id);
    const byId = new Map(rules.map((r) => [r.id, r]));
    const unknown = rule_ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new AppError('AUTOREPLY_RULE_NOT_FOUND', `no rule ${unknown.join(', ')} on account ${appid}`);
    }
    const listed = new Set(rule_ids);
    const missing = rules.filter((r) => !listed.has(r.id)).map((r) => r.id);
    if (missing.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        `rule_ids must list every rule; missing ${missing.join(', ')}`,
        {
          details: [{ path: 'rule_ids', message: `missing ${missing.join(', ')}` }],
        },
      );
    }
    await updateRulePositions(trx, account.id, rule_ids);
    return rule_ids.map((id, position) => ({ ...byId.get(id)!, position }));
  });
}
