import type { AppContext } from '../../context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';

/** Every organisation, oldest first. */
export function findOrganizations(ctx: AppContext): Promise<OrganizationsTable[]> {
  return ctx.db.selectFrom('organizations').selectAll().orderBy('created_at', 'asc').orderBy('id').execute();
}
