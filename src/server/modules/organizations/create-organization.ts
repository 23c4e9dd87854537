import type { AppContext } from '../../context.ts';
import type { OrganizationsTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { CreateOrganizationSchema, type CreateOrganization } from './organizations.schemas.ts';

/** Creates an organisation: the owner of a matrix of accounts (and the scope of unionids). */
export async function createOrganization(
  ctx: AppContext,
  input: CreateOrganization,
): Promise<OrganizationsTable> {
  const data = validate(CreateOrganizationSchema, input);
  const row: OrganizationsTable = { id: newId('org'), name: data.name, created_at: ctx.clock.now() };
  await ctx.db.insertInto('organizations').values(row).execute();
  return row;
}
