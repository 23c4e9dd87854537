import { existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import type { DatabaseHandle } from '../../db/index.ts';
import { BackupError } from './backup-error.ts';
import type { BackupFormat, ProgressListener } from './export-format.ts';
import { readDatabase } from './read-database.ts';
import { writeExportFile } from './write-export-file.ts';

export interface BackupResult {
  format: BackupFormat;
  file: string;
  bytes: number;
  /** Rows written (JSON lines only; a SQLite backup copies pages, not rows). */
  rows?: number;
}

/**
 * Copies the live database to `file` without stopping the platform.
 * `sqlite` (the default on SQLite) is better-sqlite3's online backup: a
 * complete database file, openable with any SQLite tool. `jsonl` (the only
 * choice on PostgreSQL) is a logical export that restores into either dialect.
 * Refuses to replace an existing file unless `overwrite` is set.
 */
export async function backupDatabase(
  handle: DatabaseHandle,
  file: string,
  opts: { format?: BackupFormat; overwrite?: boolean; onProgress?: ProgressListener } = {},
): Promise<BackupResult> {
  const format = opts.format ?? (handle.dialect === 'sqlite' ? 'sqlite' : 'jsonl');
  if (format === 'sqlite' && !handle.sqlite) {
    throw new BackupError('a PostgreSQL database can only be exported as JSON lines (--format jsonl)');
  }
  if (!opts.overwrite && existsSync(file))
    throw new BackupError(`${file} already exists; choose another name or pass --force`);

  if (format === 'jsonl') {
    const source = await readDatabase(handle.db, handle.dialect);
    const { rows } = await writeExportFile(source, `${file}`, opts.onProgress);
    return { format, file, rows, bytes: (await stat(file)).size };
  }

  const tmp = `${file}.partial-${process.pid}`;
  try {
    await handle.sqlite!.backup(tmp, {
      progress({ totalPages, remainingPages }) {
        opts.onProgress?.(totalPages - remainingPages, totalPages);
        // Pages per step: about a hundred steps, so the bar moves and writers get turns in between.
        return Math.max(100, Math.ceil(totalPages / 100));
      },
    });
    // The copy inherits WAL mode; a rollback-journal file is self-contained,
    // so copying the one file is always a complete backup.
    const copy = new SQLite(tmp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new BackupError(`backup to ${file} failed: ${(err as Error).message}`, { cause: err });
  }
  return { format, file, bytes: (await stat(file)).size };
}
