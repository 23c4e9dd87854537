import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../../db/index.ts';
import { DATA_TABLES, type Db } from '../../db/schema.ts';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  encodeValue,
  type ExportHeader,
  type ExportRow,
  type ExportSource,
} from './export-format.ts';
import { readAppliedMigrations, readTableLayout, type TableLayout } from './table-layout.ts';

/** Rows fetched per query: large enough to be quick, small enough that no table is held in memory. */
const DEFAULT_PAGE_SIZE = 1000;

/**
 * Opens a read snapshot of every table in DATA_TABLES. On PostgreSQL a
 * repeatable-read, read-only transaction makes the header's row counts and
 * the rows agree even while the platform keeps writing; on SQLite the open
 * read transaction does the same. Rows are fetched page by page in primary
 * key order (keyset paging), so memory stays flat however large a table is.
 */
export async function readDatabase(
  db: Db,
  dialect: DialectName,
  opts: { pageSize?: number } = {},
): Promise<ExportSource> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  let begin = db.startTransaction();
  if (dialect === 'postgres') begin = begin.setIsolationLevel('repeatable read').setAccessMode('read only');
  const trx = await begin.execute();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await trx.rollback().execute();
  };
  try {
    const migrations = await readAppliedMigrations(trx, dialect);
    const layouts = new Map<string, TableLayout>();
    const tables: ExportHeader['tables'] = [];
    for (const name of DATA_TABLES) {
      const layout = await readTableLayout(trx, dialect, name);
      layouts.set(name, layout);
      const { rows } = await sql<{
        n: number | string;
      }>`select count(*) as n from ${sql.table(name)}`.execute(trx);
      tables.push({ name, columns: layout.columns, rows: Number(rows[0]?.n ?? 0) });
    }
    const header: ExportHeader = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      dialect,
      created_at: new Date().toISOString(),
      migrations,
      tables,
    };
    async function* rows(): AsyncGenerator<ExportRow> {
      try {
        for (const table of tables) {
          const layout = layouts.get(table.name)!;
          for await (const values of pageThrough(trx, table.name, layout, pageSize))
            yield { table: table.name, values };
        }
      } finally {
        await close();
      }
    }
    return { header, rows, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function* pageThrough(
  db: Db,
  table: string,
  layout: TableLayout,
  pageSize: number,
): AsyncGenerator<unknown[]> {
  const columns = sql.join(layout.columns.map((c) => sql.ref(c)));
  // A table without a primary key falls back to offset paging over every
  // column: stable inside the snapshot, if slower.
  const keyColumns = layout.primaryKey.length > 0 ? layout.primaryKey : layout.columns;
  const orderBy = sql.join(keyColumns.map((c) => sql.ref(c)));
  let lastKey: unknown[] | null = null;
  let offset = 0;
  for (;;) {
    let query: RawBuilder<Record<string, unknown>>;
    if (layout.primaryKey.length === 0) {
      query = sql`select ${columns} from ${sql.table(table)} order by ${orderBy} limit ${pageSize} offset ${offset}`;
    } else if (lastKey) {
      // Row-value comparison: works for single and composite keys on both dialects.
      query = sql`select ${columns} from ${sql.table(table)} where (${orderBy}) > (${sql.join(lastKey)}) order by ${orderBy} limit ${pageSize}`;
    } else {
      query = sql`select ${columns} from ${sql.table(table)} order by ${orderBy} limit ${pageSize}`;
    }
    const { rows } = await query.execute(db);
    for (const row of rows) yield layout.columns.map((c) => encodeValue(row[c]));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    lastKey = layout.primaryKey.map((c) => last[c]);
    offset += rows.length;
  }
}
