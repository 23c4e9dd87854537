import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.ts';
import { loadConfig, type ConfigInput } from '../src/server/config.ts';
import type { AppContext } from '../src/server/context.ts';
import { createContext } from '../src/server/create-context.ts';
import type { AccountsTable } from '../src/server/db/schema.ts';
import { sha256Hex } from '../src/server/lib/ids.ts';
import { createAccount } from '../src/server/modules/accounts/create-account.ts';
import { createOrganization } from '../src/server/modules/organizations/create-organization.ts';

/** Admin key of every bench platform. */
export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789';

/** A platform on a fresh SQLite folder with one verified service account, for one scenario. */
export interface BenchPlatform {
  ctx: AppContext;
  app: FastifyInstance;
  account: AccountsTable;
  close(): Promise<void>;
}

/** `overrides`: config keys a scenario needs (e.g. `massSendThrottle: false`). */
export async function startBenchPlatform(overrides: ConfigInput = {}): Promise<BenchPlatform> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-bench-'));
  const config = loadConfig(
    {},
    { dataDir: dir, logLevel: 'silent', worker: false, adminKey: BENCH_ADMIN_KEY, ...overrides },
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
