import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { validate } from '../../lib/validate.ts';
import { selectAccounts } from './accounts.queries.ts';
import { FindAccountsQuerySchema } from './accounts.schemas.ts';

/** Accounts, optionally of one organisation or type, oldest first. */
export async function findAccounts(ctx: AppContext, query: unknown = {}): Promise<AccountsTable[]> {
  const filter = validate(FindAccountsQuerySchema, query);
  return selectAccounts(ctx.db, filter);
}
