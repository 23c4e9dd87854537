import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResult } from 'kysely';
import pg from 'pg';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database, Db } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle plus what only some callers need. */
export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** The better-sqlite3 handle (SQLite only), for online backup. */
  sqlite?: SQLite.Database;
  /** The pg pool (PostgreSQL only), for LISTEN/NOTIFY. */
  pool?: pg.Pool;
  /** Human-readable location with any password removed. */
  location: string;
  close(): Promise<void>;
}

// int8 (bigint, COUNT(*)) arrives as a string by default; our bigints are
// epoch-ms times and counters, far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Opens the configured database. Without a URL this is SQLite at
 * `<dataDir>/gongzhong.db`, created on first use.
 */
export function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): DatabaseHandle {
  const url = opts.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', pool, location: redactUrl(url), close: () => db.destroy() };
  }
  const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : path.join(opts.dataDir, 'gongzhong.db');
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  // First, so that switching to WAL waits for another process's lock too.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', sqlite, location: path.resolve(file), close: () => db.destroy() };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  // Several connections migrating one fresh SQLite file (a CLI command next
  // to `start`) race, because Kysely takes no migration lock on SQLite: the
  // loser fails with SQLITE_BUSY (its deferred transaction cannot become a
  // writer) or "table ... already exists" (the winner committed first), and
  // its transaction rolls back. A retry then finds the migrations applied.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return results ?? [];
    if (lostSqliteRace(error) && attempt < MIGRATE_ATTEMPTS) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      continue;
    }
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const MIGRATE_ATTEMPTS = 8;

function lostSqliteRace(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return false;
  return code.startsWith('SQLITE_BUSY') || / already exists$/.test(String(message));
}

/** Checks the database answers; a clear error instead of a stack trace at boot. */
export async function assertReachable(handle: DatabaseHandle): Promise<void> {
  try {
    if (handle.pool) await handle.pool.query('select 1');
    else handle.sqlite?.prepare('select 1').get();
  } catch (err) {
    throw new Error(`database unreachable at ${handle.location}: ${(err as Error).message}`, { cause: err });
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

/**
 * True when `err` is a unique-constraint violation on the named constraint.
 * Matches on constraint names (SQLite reports the columns instead), never on
 * free-form message text beyond the driver's fixed code.
 */
export function isUniqueViolation(err: unknown, constraint: string, sqliteColumns: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return e.constraint === constraint;
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return (e.message ?? '').endsWith(sqliteColumns);
  }
  return false;
}
