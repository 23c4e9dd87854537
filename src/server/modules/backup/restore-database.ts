import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { migrateToLatest, type DatabaseHandle } from '../../db/index.ts';
import { BackupError } from './backup-error.ts';
import {
  detectBackupFormat,
  type BackupFormat,
  type ExportSource,
  type ProgressListener,
} from './export-format.ts';
import { readDatabase } from './read-database.ts';
import { readExportFile } from './read-export-file.ts';
import { replaceData } from './replace-data.ts';
import { readAppliedMigrations } from './table-layout.ts';

export interface RestoreResult {
  format: BackupFormat;
  rows: number;
  tables: number;
  /** True when the target was empty and was migrated before the restore. */
  migrated: boolean;
}

/**
 * Replaces the database's data with a backup made by `backupDatabase`,
 * whichever its format and dialect: a SQLite backup file is read as a
 * database, a JSON-lines export line by line, and both go through the same
 * single-transaction replace. A never-migrated target is migrated first,
 * so restoring into a fresh database needs no extra step. Run it with the
 * platform stopped: its caches would otherwise serve the replaced data.
 */
export async function restoreDatabase(
  handle: DatabaseHandle,
  file: string,
  opts: { onProgress?: ProgressListener } = {},
): Promise<RestoreResult> {
  const format = await detectBackupFormat(file);
  let migrated = false;
  if ((await readAppliedMigrations(handle.db, handle.dialect)).length === 0) {
    await migrateToLatest(handle.db);
    migrated = true;
  }
  if (format === 'jsonl') {
    const source = await readExportFile(file);
    try {
      return { format, migrated, ...(await replaceData(handle.db, handle.dialect, source, opts.onProgress)) };
    } finally {
      await source.close();
    }
  }

  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    let source: ExportSource;
    try {
      source = await readDatabase(db, 'sqlite');
    } catch (err) {
      throw new BackupError(`${file} is not a readable Gongzhong database: ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      return { format, migrated, ...(await replaceData(handle.db, handle.dialect, source, opts.onProgress)) };
    } finally {
      await source.close();
    }
  } finally {
    await db.destroy();
  }
}
