import type { AppContext } from '../../context.ts';
import { getAccount } from '../accounts/get-account.ts';
import {
  selectRules,
  selectSettings,
  type AutoreplyRule,
  type AutoreplySettings,
} from './autoreply.queries.ts';

/** An account's auto-reply configuration: switches, follow and default replies, rules in order. */
export async function getAutoreply(
  ctx: AppContext,
  appid: string,
): Promise<{ settings: AutoreplySettings; rules: AutoreplyRule[] }> {
  const account = await getAccount(ctx, appid);
  const [settings, rules] = await Promise.all([
    selectSettings(ctx.db, account.id),
    selectRules(ctx.db, account.id),
  ]);
  return { settings, rules };
}
