import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type ConfigInput } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createContext } from '../../src/server/create-context.ts';
import type { DialectName } from '../../src/server/db/index.ts';
import { sha256Hex } from '../../src/server/lib/ids.ts';

/** Both storage dialects: every storage-touching suite runs once per entry. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestPlatform {
  app: FastifyInstance;
  ctx: AppContext;
  dialect: DialectName;
  /** Headers that authenticate on /gz/v1. */
  adminHeaders: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A fresh PostgreSQL database on the suite's server (dropped on close), or
 * a new SQLite file in a temp folder: each caller gets its own data.
 */
export async function createTestDatabaseUrl(
  dialect: DialectName,
): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gz-test-'));
  if (dialect === 'sqlite') {
    return {
      url: `sqlite:${path.join(dataDir, 'test.db')}`,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const admin = inject('pgUrl');
  const name = `gz_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A migrated platform on `dialect`, built with `inject()`-ready Fastify (not listening). */
export async function createTestPlatform(
  dialect: DialectName,
  overrides: ConfigInput = {},
): Promise<TestPlatform> {
  const db = await createTestDatabaseUrl(dialect);
  const config = loadConfig(
    {},
    {
      dataDir: db.dataDir,
      databaseUrl: db.url,
      logLevel: 'silent',
      adminKey: TEST_ADMIN_KEY,
      worker: false,
      ...overrides,
    },
  );
  const ctx = await createContext(config);
  const app = await buildApp(ctx, { adminKeyHash: sha256Hex(TEST_ADMIN_KEY) });
  await app.ready();
  return {
    app,
    ctx,
    dialect,
    adminHeaders: { authorization: `Bearer ${TEST_ADMIN_KEY}` },
    async close() {
      await app.close();
      await ctx.database.close();
      await db.drop();
    },
  };
}
