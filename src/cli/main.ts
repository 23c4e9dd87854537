import { Command, CommanderError } from 'commander';
import { loadConfig, type ConfigInput } from '../server/config.ts';
import { CliError, explainStartupError } from './cli-errors.ts';
import { registerAccountCommands } from './account-commands.ts';
import { registerDataCommands } from './data-commands.ts';
import { startPlatform } from './start.ts';

/** Common flags that override the environment. */
export function configFrom(opts: {
  port?: string;
  host?: string;
  dataDir?: string;
  database?: string;
}): ReturnType<typeof loadConfig> {
  const overrides: ConfigInput = {};
  if (opts.port !== undefined) overrides.port = opts.port;
  if (opts.host !== undefined) overrides.host = opts.host;
  if (opts.dataDir !== undefined) overrides.dataDir = opts.dataDir;
  if (opts.database !== undefined) overrides.databaseUrl = opts.database;
  try {
    return loadConfig(process.env, overrides);
  } catch (err) {
    throw new CliError(explainStartupError(err, { host: '', port: 0 }));
  }
}

export function buildProgram(): Command {
  const program = new Command()
    .name('gongzhong')
    .description('Self-hosted Official Account platform, wire-compatible with the WeChat OA API')
    // Commander's own usage errors get the same one-line shape as ours; every
    // subcommand inherits this.
    .configureOutput({
      outputError: (str, write) => write(`gongzhong: ${str.replace(/^error: /, '').trim()} (see --help)\n`),
    })
    .exitOverride();

  program
    .command('start')
    .description('start the platform (SQLite in ./data by default; demo data on first run)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080)')
    .option('-H, --host <host>', 'interface to bind (env HOST, default 127.0.0.1)')
    .option('-d, --data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
    .option('--database <url>', 'postgres://... or sqlite:<file> (env DATABASE_URL)')
    .action(async (opts: { port?: string; host?: string; dataDir?: string; database?: string }) => {
      const platform = await startPlatform(configFrom(opts));
      const shutdown = () => {
        platform.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });

  registerDataCommands(program);
  registerAccountCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    const message = err instanceof CliError ? err.message : explainStartupError(err, { host: '', port: 0 });
    process.stderr.write(`gongzhong: ${message}\n`);
    process.exit(err instanceof CliError ? err.exitCode : 1);
  }
}

await main(process.argv);
