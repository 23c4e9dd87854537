import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { validate } from '../../lib/validate.ts';
import { throwIfAliasTaken, updateAccountRow } from './accounts.queries.ts';
import { UpdateAccountSchema } from './accounts.schemas.ts';
import { getAccount } from './get-account.ts';

/** Changes an account's profile (name, WeChat id, …), type, verification, IP allowlist or location reporting. */
export async function updateAccount(ctx: AppContext, appid: string, input: unknown): Promise<AccountsTable> {
  const patch = validate(UpdateAccountSchema, input);
  const account = await getAccount(ctx, appid);
  const set: Partial<AccountsTable> = { updated_at: ctx.clock.now() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.type !== undefined) set.type = patch.type;
  if (patch.verified !== undefined) set.verified = patch.verified ? 1 : 0;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.avatar_url !== undefined) set.avatar_url = patch.avatar_url;
  if (patch.alias !== undefined) set.alias = patch.alias;
  if (patch.ip_whitelist !== undefined) set.ip_whitelist = JSON.stringify([...new Set(patch.ip_whitelist)]);
  if (patch.location_report !== undefined) set.location_report = patch.location_report;
  try {
    await updateAccountRow(ctx.db, account.id, set);
  } catch (err) {
    throwIfAliasTaken(err, set.alias);
    throw err;
  }
  ctx.accounts.invalidate(account);
  return { ...account, ...set };
}
