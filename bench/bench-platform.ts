import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, type ConfigInput } from '../src/server/config.ts';
import type { AppContext } from '../src/server/context.ts';
import { createContext } from '../src/server/create-context.ts';
import type { DialectName } from '../src/server/db/index.ts';
import type { AccountsTable } from '../src/server/db/schema.ts';
import { sha256Hex } from '../src/server/lib/ids.ts';
import { createAccount } from '../src/server/modules/accounts/create-account.ts';
import { createOrganization } from '../src/server/modules/organizations/create-organization.ts';
import { startPostgres, type PostgresServer } from '../test/helpers/start-postgres.ts';

/** Admin key of every bench platform. */
export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';

/** A platform on a fresh database with one verified service account, for one scenario. */
export interface BenchPlatform {
  ctx: AppContext;
  app: FastifyInstance;
  account: AccountsTable;
  close(): Promise<void>;
}

let postgres: Promise<PostgresServer> | null = null;

/** The bench's PostgreSQL server: DATABASE_URL, or one embedded server started on first use. */
function benchPostgres(): Promise<PostgresServer> {
  postgres ??= startPostgres(process.env.DATABASE_URL);
  return postgres;
}

/** Stops the embedded PostgreSQL server if a scenario started one; call once at the end of the run. */
export async function stopBenchPostgres(): Promise<void> {
  const started = postgres;
  postgres = null;
  if (started) await (await started).stop();
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * `dialect`: SQLite in a fresh folder (default), or a fresh database on the
 * bench's PostgreSQL server, dropped on close.
 * `overrides`: config keys a scenario needs (e.g. `massSendThrottle: false`).
 */
export async function startBenchPlatform(
  overrides: ConfigInput = {},
  options: { dialect?: DialectName } = {},
): Promise<BenchPlatform> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async (): Promise<void> => undefined;
  if (options.dialect === 'postgres') {
    const admin = (await benchPostgres()).url;
    const name = `gz_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await adminQuery(admin, `CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      ...(databaseUrl ? { databaseUrl } : {}),
      logLevel: 'silent',
      worker: false,
      adminKey: BENCH_ADMIN_KEY,
      ...overrides,
    },
  );
  const ctx = await createContext(config);
  const app = await buildApp(ctx, { adminKeyHash: sha256Hex(BENCH_ADMIN_KEY) });
  const org = await createOrganization(ctx, { name: 'bench' });
  const account = await createAccount(ctx, {
    organization_id: org.id,
    type: 'service',
    verified: true,
    name: 'bench',
  });
  return {
    ctx,
    app,
    account,
    async close() {
      await app.close();
      await ctx.database.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
