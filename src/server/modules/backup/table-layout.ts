import { sql } from 'kysely';
import type { DialectName } from '../../db/index.ts';
import type { Db } from '../../db/schema.ts';

/** Columns of one table in definition order, and its primary key columns in key order. */
export interface TableLayout {
  columns: string[];
  primaryKey: string[];
}

/**
 * Reads a table's columns and primary key from the catalog rather than from
 * our schema types, so backup keeps working as migrations add tables and
 * columns. Throws when the table does not exist.
 */
export async function readTableLayout(db: Db, dialect: DialectName, table: string): Promise<TableLayout> {
  let columns: string[];
  let primaryKey: string[];
  if (dialect === 'sqlite') {
    const { rows } = await sql<{
      name: string;
      pk: number;
    }>`select name, pk from pragma_table_info(${table}) order by cid`.execute(db);
    columns = rows.map((r) => r.name);
    primaryKey = rows
      .filter((r) => r.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((r) => r.name);
  } else {
    const cols = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}
      order by ordinal_position`.execute(db);
    columns = cols.rows.map((r) => r.column_name);
    // indkey is an int2vector; array_position gives each column's place in the key.
    const pk = await sql<{ attname: string }>`
      select a.attname from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indisprimary and i.indrelid = (
        select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relname = ${table})
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    primaryKey = pk.rows.map((r) => r.attname);
  }
  if (columns.length === 0) throw new Error(`table ${table} does not exist`);
  return { columns, primaryKey };
}

/**
 * Names of the migrations applied to this database, in order; empty for a
 * database that was never migrated (Kysely's table does not exist yet).
 */
export async function readAppliedMigrations(db: Db, dialect: DialectName): Promise<string[]> {
  const exists =
    dialect === 'sqlite'
      ? await sql`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db)
      : await sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(
          db,
        );
  if (exists.rows.length === 0) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}
