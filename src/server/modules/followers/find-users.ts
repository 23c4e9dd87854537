import type { AppContext } from '../../context.ts';
import type { UsersTable } from '../../db/schema.ts';
import { decodeCursor, pageOf } from '../../lib/cursor.ts';
import { validate } from '../../lib/validate.ts';
import { selectUsersPage } from './followers.queries.ts';
import { FindUsersQuerySchema } from './followers.schemas.ts';

/** A page of users, newest first, optionally searched by nickname or WeChat id. */
export async function findUsers(
  ctx: AppContext,
  query: unknown,
): Promise<{ items: UsersTable[]; next_cursor: string | null }> {
  const { q, limit, cursor } = validate(FindUsersQuerySchema, query);
  const rows = await selectUsersPage(ctx.db, { q }, limit + 1, decodeCursor(cursor));
  return pageOf(rows, limit);
}
