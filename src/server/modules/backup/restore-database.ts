import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { migrateToLatest, type DatabaseHandle } from '../../db/index.ts';
import { BackupError } from './backup-error.ts';
import {
  detectBackupFormat,
  SQLITE_MEDIA_TABLE,
  type BackupFormat,
  type ExportSource,
  type ProgressListener,
} from './export-format.ts';
import { MediaStaging } from './media-files.ts';
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
  /** Media files put back, or null when the backup carried none (made before backups had media). */
  mediaFiles: number | null;
}

/**
 * Replaces the database's data with a backup made by `backupDatabase`,
 * whichever its format and dialect: a SQLite backup file is read as a
 * database, a JSON-lines export line by line, and both go through the same
 * single-transaction replace. A never-migrated target is migrated first,
 * so restoring into a fresh database needs no extra step. Run it with the
 * platform stopped: its caches would otherwise serve the replaced data.
 *
 * With `mediaRoot` (`<dataDir>/media`), the backup's media files are
 * written to a folder beside it first; only after the rows have committed
 * is that folder swapped in, so a restore that fails anywhere before leaves
 * both the database and the media as they were. A backup from before media
 * were backed up leaves the media folder alone.
 */
export async function restoreDatabase(
  handle: DatabaseHandle,
  file: string,
  opts: { onProgress?: ProgressListener; mediaRoot?: string } = {},
): Promise<RestoreResult> {
  const format = await detectBackupFormat(file);
  let migrated = false;
  if ((await readAppliedMigrations(handle.db, handle.dialect)).length === 0) {
    await migrateToLatest(handle.db);
    migrated = true;
  }
  const staging = opts.mediaRoot ? new MediaStaging(opts.mediaRoot) : null;
  const sink = async (rel: string, bytes: Buffer) => {
    await staging?.add(rel, bytes);
  };
  try {
    const result = await (format === 'jsonl'
      ? restoreExport(handle, file, sink, opts.onProgress)
      : restoreSqliteBackup(handle, file, sink, opts.onProgress));
    if (staging && result.mediaFiles !== null) await staging.commit();
    return { format, migrated, ...result };
  } finally {
    await staging?.discard();
  }
}

type Restored = Omit<RestoreResult, 'format' | 'migrated'>;

async function restoreExport(
  handle: DatabaseHandle,
  file: string,
  sink: (rel: string, bytes: Buffer) => Promise<void>,
  onProgress?: ProgressListener,
): Promise<Restored> {
  const source = await readExportFile(file);
  try {
    const mediaFiles = (await source.media?.(sink)) ?? null;
    return { mediaFiles, ...(await replaceData(handle.db, handle.dialect, source, onProgress)) };
  } finally {
    await source.close();
  }
}

async function restoreSqliteBackup(
  handle: DatabaseHandle,
  file: string,
  sink: (rel: string, bytes: Buffer) => Promise<void>,
  onProgress?: ProgressListener,
): Promise<Restored> {
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
    let mediaFiles: number | null = null;
    try {
      mediaFiles = await stageSqliteMedia(sqlite, sink);
      source = await readDatabase(db, 'sqlite');
    } catch (err) {
      throw new BackupError(`${file} is not a readable Gongzhong database: ${(err as Error).message}`, {
        cause: err,
      });
    }
    try {
      return { mediaFiles, ...(await replaceData(handle.db, handle.dialect, source, onProgress)) };
    } finally {
      await source.close();
    }
  } finally {
    await db.destroy();
  }
}

/** Hands the media files of a SQLite backup to `sink`; null when it has none (an older backup). */
async function stageSqliteMedia(
  sqlite: SQLite.Database,
  sink: (rel: string, bytes: Buffer) => Promise<void>,
): Promise<number | null> {
  const table = sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name = ?`)
    .get(SQLITE_MEDIA_TABLE);
  if (!table) return null;
  let files = 0;
  for (const row of sqlite
    .prepare(`select path, bytes from ${SQLITE_MEDIA_TABLE} order by path`)
    .iterate() as IterableIterator<{ path: string; bytes: Buffer }>) {
    await sink(row.path, row.bytes);
    files++;
  }
  return files;
}
