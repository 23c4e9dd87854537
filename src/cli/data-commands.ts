import path from 'node:path';
import { Option, type Command } from 'commander';
import { migrateToLatest } from '../server/db/index.ts';
import { backupDatabase } from '../server/modules/backup/backup-database.ts';
import type { BackupFormat } from '../server/modules/backup/export-format.ts';
import { restoreDatabase } from '../server/modules/backup/restore-database.ts';
import { addDatabaseOptions, loadCliConfig, withDatabase, type DatabaseOptions } from './cli-database.ts';
import { createProgress } from './progress.ts';

type Out = (line: string) => void;

/**
 * `migrate`, `backup` and `restore`: the commands that act on the database
 * as a whole. They open it without the rest of the platform, so they work
 * on a database the current code could not start against.
 */
export function registerDataCommands(program: Command, out: Out = console.log): void {
  addDatabaseOptions(
    program
      .command('migrate')
      .description('apply pending database migrations and list them (start does this too)'),
  ).action(async (opts: DatabaseOptions) => {
    await withDatabase(loadCliConfig(opts), async (handle) => {
      const results = await migrateToLatest(handle.db);
      const applied = results.filter((r) => r.status === 'Success');
      if (applied.length === 0) {
        out(`Database already up to date (${handle.dialect}: ${handle.location})`);
        return;
      }
      for (const r of applied) out(`Applied ${r.migrationName}`);
      out(
        `${applied.length} migration${applied.length === 1 ? '' : 's'} applied (${handle.dialect}: ${handle.location})`,
      );
    });
  });

  addDatabaseOptions(
    program
      .command('backup')
      .description('copy the database to <file> while the platform keeps running')
      .argument('<file>', 'where to write the backup')
      .addOption(
        new Option(
          '--format <format>',
          'sqlite: a database file (SQLite only, the default there); jsonl: a JSON-lines export that restores into SQLite or PostgreSQL (default on PostgreSQL)',
        ).choices(['sqlite', 'jsonl']),
      )
      .option('-f, --force', 'replace <file> if it exists'),
  ).action(async (file: string, opts: DatabaseOptions & { format?: BackupFormat; force?: boolean }) => {
    await withDatabase(loadCliConfig(opts), async (handle) => {
      const format = opts.format ?? (handle.dialect === 'sqlite' ? 'sqlite' : 'jsonl');
      const progress = createProgress('Backing up', format === 'sqlite' ? 'pages' : 'rows');
      const target = path.resolve(file);
      try {
        const result = await backupDatabase(handle, target, {
          format,
          overwrite: opts.force ?? false,
          onProgress: progress.update,
        });
        progress.stop();
        const what = result.rows === undefined ? 'SQLite database' : `${result.rows} rows as JSON lines`;
        out(`Backed up ${handle.dialect} database to ${target}: ${what}, ${formatBytes(result.bytes)}`);
      } finally {
        progress.stop();
      }
    });
  });

  addDatabaseOptions(
    program
      .command('restore')
      .description('replace all data with a backup made by `gongzhong backup` (stop the platform first)')
      .argument('<file>', 'a SQLite backup or a JSON-lines export, from either dialect')
      .addHelpText(
        'after',
        [
          '',
          'Stop the platform before restoring: a running one keeps serving cached',
          'accounts and tokens from before the restore.',
          'The data is replaced in one transaction, so a failed restore changes nothing.',
          'The database must be at the same migrations as the backup; an empty',
          'database is migrated first.',
        ].join('\n'),
      ),
  ).action(async (file: string, opts: DatabaseOptions) => {
    await withDatabase(loadCliConfig(opts), async (handle) => {
      const progress = createProgress('Restoring', 'rows');
      const source = path.resolve(file);
      try {
        const result = await restoreDatabase(handle, source, { onProgress: progress.update });
        progress.stop();
        const kind = result.format === 'sqlite' ? 'SQLite backup' : 'JSON-lines export';
        out(
          `Restored ${result.rows} rows in ${result.tables} tables from ${kind} ${source} into ${handle.dialect} (${handle.location})`,
        );
      } finally {
        progress.stop();
      }
    });
  });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
