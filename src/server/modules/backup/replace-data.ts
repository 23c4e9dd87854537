import { sql } from 'kysely';
import type { DialectName } from '../../db/index.ts';
import { DATA_TABLES, type Db } from '../../db/schema.ts';
import { BackupError } from './backup-error.ts';
import { decodeValue, type ExportSource, type ProgressListener } from './export-format.ts';
import { readAppliedMigrations, readTableLayout } from './table-layout.ts';

/** Bound parameters per INSERT, under SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMS = 30_000;
const MAX_BATCH_ROWS = 500;
/** (table, column) pairs backed by a PostgreSQL sequence. */
const SERIAL_COLUMNS = [
  ['event_log', 'seq'],
  ['kf_records', 'msgid'],
] as const;

/**
 * Replaces every row of DATA_TABLES with the rows of `source`, in one
 * transaction: either the whole backup is in place or nothing changed.
 * Deletes children first and inserts parents first (DATA_TABLES order).
 * The target must have exactly the migrations the source had, because rows
 * only fit the schema they were read from; a mismatch is a BackupError
 * saying which side to migrate.
 */
export async function replaceData(
  db: Db,
  dialect: DialectName,
  source: ExportSource,
  onProgress?: ProgressListener,
): Promise<{ rows: number; tables: number }> {
  const { header } = source;
  const known = new Set<string>(DATA_TABLES);
  for (const table of header.tables) {
    if (!known.has(table.name))
      throw new BackupError(
        `the backup holds table "${table.name}", which this version of Gongzhong does not know`,
      );
  }
  const applied = await readAppliedMigrations(db, dialect);
  if (!sameList(applied, header.migrations))
    throw new BackupError(describeMismatch(applied, header.migrations));

  const total = header.tables.reduce((n, t) => n + t.rows, 0);
  const order = new Map<string, number>(DATA_TABLES.map((t, i) => [t, i]));
  const columnsOf = new Map(header.tables.map((t) => [t.name, t.columns]));
  const counted = new Map<string, number>();
  let done = 0;

  await db.transaction().execute(async (trx) => {
    // Checked at commit instead of per statement, so a row may arrive before
    // a parent in the same table (self-references) without failing.
    if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(trx);
    for (const table of [...DATA_TABLES].reverse()) await sql`delete from ${sql.table(table)}`.execute(trx);

    for (const table of header.tables) {
      const target = await readTableLayout(trx, dialect, table.name);
      const missing = table.columns.filter((c) => !target.columns.includes(c));
      if (missing.length > 0)
        throw new BackupError(
          `table ${table.name} has no column ${missing.join(', ')}; the backup does not fit this schema`,
        );
    }

    let batchTable: string | null = null;
    let batch: Record<string, unknown>[] = [];
    let batchLimit = MAX_BATCH_ROWS;
    const flush = async () => {
      if (batchTable === null || batch.length === 0) return;
      const columns = columnsOf.get(batchTable)!;
      const values = batch.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
      await sql`insert into ${sql.table(batchTable)} (${sql.join(columns.map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(
        trx,
      );
      done += batch.length;
      batch = [];
      onProgress?.(done, total);
    };

    onProgress?.(0, total);
    let lastOrder = -1;
    for await (const row of source.rows()) {
      if (row.table !== batchTable) {
        await flush();
        const position = order.get(row.table) ?? -1;
        if (position < lastOrder)
          throw new BackupError(
            `rows of ${row.table} come after rows of its dependants; the file was not written by gongzhong backup`,
          );
        lastOrder = position;
        batchTable = row.table;
        batchLimit = Math.max(
          1,
          Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMS / columnsOf.get(row.table)!.length)),
        );
      }
      const columns = columnsOf.get(row.table)!;
      const record: Record<string, unknown> = {};
      columns.forEach((c, i) => (record[c] = decodeValue(row.values[i])));
      batch.push(record);
      counted.set(row.table, (counted.get(row.table) ?? 0) + 1);
      if (batch.length >= batchLimit) await flush();
    }
    await flush();

    // Rows came in with their own serial values; move each sequence past them
    // or the next insert would collide with a restored row.
    if (dialect === 'postgres') {
      for (const [table, column] of SERIAL_COLUMNS) {
        await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
          trx,
        );
      }
    }

    for (const table of header.tables) {
      const got = counted.get(table.name) ?? 0;
      if (got !== table.rows)
        throw new BackupError(
          `the backup is truncated or damaged: table ${table.name} should have ${table.rows} rows, found ${got}; nothing was restored`,
        );
    }
  });
  return { rows: done, tables: header.tables.length };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function describeMismatch(applied: string[], wanted: string[]): string {
  if (applied.length === 0) return 'the target database has no tables yet; run `gongzhong migrate` first';
  const missingHere = wanted.filter((m) => !applied.includes(m));
  const extraHere = applied.filter((m) => !wanted.includes(m));
  if (missingHere.length > 0 && extraHere.length === 0) {
    return `the backup was taken after migration ${missingHere[missingHere.length - 1]}, which this database has not applied; run \`gongzhong migrate\` with a Gongzhong version that has it, then restore`;
  }
  if (extraHere.length > 0 && missingHere.length === 0) {
    return `the backup was taken before migration ${extraHere[0]}, which this database has applied; restore into a database migrated only as far as the backup (the same Gongzhong version), then upgrade`;
  }
  return `the backup's migrations (${wanted.length}) do not match this database's (${applied.length}); restore with the Gongzhong version that made the backup`;
}
