import type { OrganizationsTable } from '../../db/schema.ts';

export function presentOrganization(row: OrganizationsTable) {
  return { id: row.id, name: row.name, created_at: new Date(row.created_at).toISOString() };
}
