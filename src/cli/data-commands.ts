import path from 'node:path';
import { Option, type Command } from 'commander';
import { migrateToLatest } from '../server/db/index.ts';
import { backupDatabase } from '../server/modules/backup/backup-database.ts';
import type { BackupFormat } from '../server/modules/backup/export-format.ts';
import { restoreDatabase } from '../server/modules/backup/restore-database.ts';
import { mediaRoot } from '../server/modules/media/media-store.ts';
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
      .description('copy the database and the media files to <file> while the platform keeps running')
      .argument('<file>', 'where to write the backup')
      .addOption(
        new Option(
          '--format <format>',
          'sqlite: a database file (SQLite only, the default there); jsonl: a JSON-lines export that restores into SQLite or PostgreSQL (default on PostgreSQL)',
        ).choices(['sqlite', 'jsonl']),
      )
      .option('-f, --force', 'replace <file> if it exists'),
  ).action(async (file: string, opts: DatabaseOptions & { format?: BackupFormat; force?: boolean }) => {
    const config = loadCliConfig(opts);
    await withDatabase(config, async (handle) => {
      const format = opts.format ?? (handle.dialect === 'sqlite' ? 'sqlite' : 'jsonl');
      const progress = createProgress('Backing up', format === 'sqlite' ? 'pages' : 'rows');
      const target = path.resolve(file);
      try {
        const result = await backupDatabase(handle, target, {
          format,
          overwrite: opts.force ?? false,
          onProgress: progress.update,
          mediaRoot: mediaRoot(config.dataDir),
        });
        progress.stop();
        const what = result.rows === undefined ? 'SQLite database' : `${result.rows} rows as JSON lines`;
        out(
          `Backed up ${handle.dialect} database to ${target}: ${what} and ${plural(result.mediaFiles, 'media file')}, ${formatBytes(result.bytes)}`,
        );
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
          'The data is replaced in one transaction, and the media folder is swapped',
          "for the backup's only after it commits, so a failed restore changes nothing.",
          'The database must be at the same migrations as the backup; an empty',
          'database is migrated first.',
        ].join('\n'),
      ),
  ).action(async (file: string, opts: DatabaseOptions) => {
    const config = loadCliConfig(opts);
    await withDatabase(config, async (handle) => {
      const progress = createProgress('Restoring', 'rows');
      const source = path.resolve(file);
      try {
        const result = await restoreDatabase(handle, source, {
          onProgress: progress.update,
          mediaRoot: mediaRoot(config.dataDir),
        });
        progress.stop();
        const kind = result.format === 'sqlite' ? 'SQLite backup' : 'JSON-lines export';
        const media = result.mediaFiles === null ? '' : ` and ${plural(result.mediaFiles, 'media file')}`;
        out(
          `Restored ${result.rows} rows in ${result.tables} tables${media} from ${kind} ${source} into ${handle.dialect} (${handle.location})`,
        );
        if (result.mediaFiles === null)
          out('The backup predates media backups: the media folder was left as it was.');
      } finally {
        progress.stop();
      }
    });
  });
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
