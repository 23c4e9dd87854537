import { existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import type { DatabaseHandle } from '../../db/index.ts';
import { BackupError } from './backup-error.ts';
import { SQLITE_MEDIA_TABLE, type BackupFormat, type ProgressListener } from './export-format.ts';
import { listMediaFiles, readMediaFile } from './media-files.ts';
import { readDatabase } from './read-database.ts';
import { writeExportFile } from './write-export-file.ts';

export interface BackupResult {
  format: BackupFormat;
  file: string;
  bytes: number;
  /** Rows written (JSON lines only; a SQLite backup copies pages, not rows). */
  rows?: number;
  /** Media files carried (the files of `mediaRoot`). */
  mediaFiles: number;
}

/**
 * Copies the live database, and the media files under `mediaRoot`
 * (`<dataDir>/media`, the bytes behind every upload), to `file` without
 * stopping the platform. `sqlite` (the default on SQLite) is better-sqlite3's
 * online backup: a complete database file, openable with any SQLite tool,
 * with the media files added to the copy as rows of its own table
 * (`gongzhong_media_files`). `jsonl` (the only choice on PostgreSQL) is a
 * logical export that restores into either dialect, with the media in a
 * section before the rows. Either way one file holds everything, as before.
 * The database is read first: a file uploaded meanwhile may come along
 * without its row (harmless), never a row without its file, unless the
 * platform deletes that file in between.
 * Refuses to replace an existing file unless `overwrite` is set.
 */
export async function backupDatabase(
  handle: DatabaseHandle,
  file: string,
  opts: {
    format?: BackupFormat;
    overwrite?: boolean;
    onProgress?: ProgressListener;
    mediaRoot?: string;
  } = {},
): Promise<BackupResult> {
  const format = opts.format ?? (handle.dialect === 'sqlite' ? 'sqlite' : 'jsonl');
  if (format === 'sqlite' && !handle.sqlite) {
    throw new BackupError('a PostgreSQL database can only be exported as JSON lines (--format jsonl)');
  }
  if (!opts.overwrite && existsSync(file))
    throw new BackupError(`${file} already exists; choose another name or pass --force`);

  if (format === 'jsonl') {
    const source = await readDatabase(handle.db, handle.dialect);
    const { rows, mediaFiles } = await writeExportFile(source, `${file}`, opts.onProgress, opts.mediaRoot);
    return { format, file, rows, mediaFiles, bytes: (await stat(file)).size };
  }

  const tmp = `${file}.partial-${process.pid}`;
  let mediaFiles = 0;
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
      copy.exec(`create table ${SQLITE_MEDIA_TABLE} (path text primary key, bytes blob not null)`);
      const insert = copy.prepare(`insert into ${SQLITE_MEDIA_TABLE} (path, bytes) values (?, ?)`);
      // One transaction: a commit per file would sync the copy once per file.
      copy.exec('begin');
      for (const rel of opts.mediaRoot ? await listMediaFiles(opts.mediaRoot) : []) {
        const bytes = await readMediaFile(opts.mediaRoot!, rel);
        if (!bytes) continue;
        insert.run(rel, bytes);
        mediaFiles++;
      }
      copy.exec('commit');
    } finally {
      copy.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new BackupError(`backup to ${file} failed: ${(err as Error).message}`, { cause: err });
  }
  return { format, file, mediaFiles, bytes: (await stat(file)).size };
}
