import { open } from 'node:fs/promises';
import { z } from 'zod';
import { BackupError } from './backup-error.ts';

/** Name in the first line of every JSON-lines export. */
export const EXPORT_FORMAT = 'gongzhong-export';
/**
 * Bumped when the line layout changes; restore refuses versions it does not
 * know. Version 2 added the media section (the files of `<dataDir>/media`)
 * between the header and the rows; version 1 files still restore (their
 * restore leaves the media folder as it is).
 */
export const EXPORT_VERSION = 2;
/** Export versions this code reads. */
export const READABLE_EXPORT_VERSIONS = [1, 2] as const;
/** Bytes of a media file per `{"c": base64}` line, so no line grows past ~1.4 MB. */
export const MEDIA_CHUNK_BYTES = 1024 * 1024;
/** The table a SQLite-format backup carries the media files in (not a platform table). */
export const SQLITE_MEDIA_TABLE = 'gongzhong_media_files';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The first line of a JSON-lines export: what follows and which schema it fits. */
export const ExportHeaderSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  /** Dialect the data came from (informational: restore works across dialects). */
  dialect: z.enum(['sqlite', 'postgres']),
  /** ISO time the snapshot was taken. */
  created_at: z.string(),
  /** Applied migration names, in order; restore requires the same list on the target. */
  migrations: z.array(z.string()),
  /** Tables in foreign-key order, with the column order of their row lines and their row counts. */
  tables: z.array(
    z.object({ name: z.string(), columns: z.array(z.string()).min(1), rows: z.number().int().min(0) }),
  ),
});
export type ExportHeader = z.infer<typeof ExportHeaderSchema>;

/** One row line: table name and values in the header's column order. */
export interface ExportRow {
  table: string;
  values: unknown[];
}

/** Receives one media file (path relative to the media folder) of a backup. */
export type MediaSink = (rel: string, bytes: Buffer) => Promise<void>;

/**
 * A consistent snapshot to copy: the header, then its rows table by table in
 * header order. `close` ends the snapshot even when rows were not read to the end.
 * An export file's source also has `media`, which must be read before `rows`:
 * it hands every media file to `sink` and answers how many, or null when the
 * export (version 1) carries none.
 */
export interface ExportSource {
  header: ExportHeader;
  media?: (sink: MediaSink) => Promise<number | null>;
  rows(): AsyncIterable<ExportRow>;
  close(): Promise<void>;
}

/** Reports work done so far out of an expected total (rows or pages). */
export type ProgressListener = (done: number, total: number) => void;

export type BackupFormat = 'sqlite' | 'jsonl';

/**
 * Tells a SQLite database file from a JSON-lines export by its first bytes,
 * so restore needs no format flag. Throws BackupError for a missing or empty file.
 */
export async function detectBackupFormat(file: string): Promise<BackupFormat> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupError(`backup file not found: ${file}`);
    if (code === 'EISDIR') throw new BackupError(`${file} is a directory, not a backup file`);
    throw new BackupError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead === 0) throw new BackupError(`${file} is empty, not a backup`);
    if (bytesRead === SQLITE_MAGIC.length && head.equals(SQLITE_MAGIC)) return 'sqlite';
    // An export starts with its JSON header; anything else is not worth streaming.
    if (head[0] !== 0x7b)
      throw new BackupError(
        `${file} is not a Gongzhong backup (expected a SQLite database or a ${EXPORT_FORMAT} JSON-lines file)`,
      );
    return 'jsonl';
  } finally {
    await handle.close();
  }
}

/**
 * JSON has no bytes or 64-bit integers: bytes travel as `{"$base64": ...}`,
 * bigints as numbers (our bigints are epoch-ms, far below 2^53).
 */
export function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Inverse of `encodeValue`. */
export function decodeValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const b64 = (value as { $base64?: unknown }).$base64;
    if (typeof b64 === 'string') return Buffer.from(b64, 'base64');
  }
  return value;
}
