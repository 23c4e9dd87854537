import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { presentPublicAccount } from './followerapp.presenter.ts';
import { selectAccountsMatching } from './followerapp.queries.ts';
import { SearchAccountsQuerySchema } from './followerapp.schemas.ts';

/** WeChat's "search official accounts": by name or id, public profiles only. */
export async function searchAccounts(ctx: AppContext, query: unknown) {
  const { q, limit } = validate(SearchAccountsQuerySchema, query);
  const rows = await selectAccountsMatching(ctx.db, q, limit);
  return { items: rows.map(presentPublicAccount) };
}
