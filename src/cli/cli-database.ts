import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config, type ConfigInput } from '../server/config.ts';
import type { AppContext } from '../server/context.ts';
import { createContext } from '../server/create-context.ts';
import { assertReachable, openDatabase, redactUrl, type DatabaseHandle } from '../server/db/index.ts';
import { AppError } from '../server/errors.ts';
import { BackupError } from '../server/modules/backup/backup-error.ts';
import { CliError } from './cli-errors.ts';

/** The flags that pick a database, shared by every command that opens one. */
export interface DatabaseOptions {
  dataDir?: string;
  database?: string;
}

/** Adds `--data-dir` and `--database`, worded as on `start` so they read the same everywhere. */
export function addDatabaseOptions(command: Command): Command {
  return command
    .option('-d, --data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
    .option('--database <url>', 'postgres://... or sqlite:<file> (env DATABASE_URL)');
}

/**
 * The configuration with the database flags applied. A ConfigError lists
 * problems on several lines; the CLI promises one, so they are joined.
 */
export function loadCliConfig(opts: DatabaseOptions): Config {
  const overrides: ConfigInput = {};
  if (opts.dataDir !== undefined) overrides.dataDir = opts.dataDir;
  if (opts.database !== undefined) overrides.databaseUrl = opts.database;
  try {
    return loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`invalid configuration: ${err.problems.join('; ')}`);
    throw err;
  }
}

/**
 * Runs `fn` with a full context (database opened and migrated, as `start`
 * would) and always closes it: an open pg pool would keep the process alive.
 */
export async function withContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  let ctx: AppContext;
  try {
    ctx = await createContext(config);
  } catch (err) {
    throw explainOpenError(err, config);
  }
  try {
    return await fn(ctx);
  } catch (err) {
    throw toCliError(err);
  } finally {
    await ctx.database.close().catch(() => undefined);
  }
}

/**
 * Runs `fn` with the database opened and checked but not migrated: `migrate`
 * reports what it applies, and backup must copy the schema as it is.
 */
export async function withDatabase<T>(
  config: Config,
  fn: (handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  let handle: DatabaseHandle;
  try {
    handle = openDatabase(config);
  } catch (err) {
    throw explainOpenError(err, config);
  }
  try {
    try {
      await assertReachable(handle);
    } catch (err) {
      throw explainOpenError(err, config);
    }
    return await fn(handle);
  } catch (err) {
    throw toCliError(err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Expected failures keep their own words; anything else passes through to main's handler. */
export function toCliError(err: unknown): unknown {
  if (err instanceof CliError) return err;
  if (err instanceof AppError) return new CliError(err.hint ?? err.message);
  if (err instanceof BackupError) return new CliError(err.message);
  return err;
}

function explainOpenError(err: unknown, config: Config): CliError {
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('database unreachable at ')) {
    // Node reports a refused dual-stack connect as an AggregateError with an
    // empty message; its first inner error says what happened.
    const cause = (err as Error).cause;
    if (cause instanceof AggregateError && !cause.message) {
      const inner = cause.errors[0] as Error | undefined;
      return new CliError(`${message.replace(/: ?$/, '')}: ${inner?.message ?? 'connection failed'}`);
    }
    return new CliError(message);
  }
  if (message.startsWith('migration ')) return new CliError(message);
  return new CliError(`cannot open the database at ${describeLocation(config)}: ${message}`);
}

function describeLocation(config: Config): string {
  const url = config.databaseUrl;
  if (!url) return path.join(config.dataDir, 'gongzhong.db');
  return url.startsWith('sqlite:') ? path.resolve(url.replace(/^sqlite:(\/\/)?/, '')) : redactUrl(url);
}
