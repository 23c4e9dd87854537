import type { AppContext } from '../../context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

/** The organisation with this id, or ORGANIZATION_NOT_FOUND. */
export async function getOrganization(ctx: AppContext, id: string): Promise<OrganizationsTable> {
  const row = await ctx.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ORGANIZATION_NOT_FOUND', `no organization with id ${id}`);
  return row;
}
