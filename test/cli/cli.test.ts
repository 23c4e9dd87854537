import { sql } from 'kysely';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import { createContext } from '../../src/server/create-context.ts';
import { getAccount } from '../../src/server/modules/accounts/get-account.ts';
import { addMaterial } from '../../src/server/modules/materials/add-material.ts';
import { sampleAmr, samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { getSetting, putSetting } from '../../src/server/modules/settings/settings.queries.ts';
import { sha256Hex } from '../../src/server/lib/ids.ts';
import { buildAccount } from '../helpers/factories.ts';
import { createTestDatabaseUrl, DIALECTS } from '../helpers/platform.ts';
import { runCli } from './run-cli.ts';
import { seedEveryTable, snapshotData } from './seed-every-table.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabaseUrl>>;

/** Opens the same database the CLI used, to check what it wrote. */
async function withCtx<T>(db: TestDb, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createContext(
    loadConfig({}, { dataDir: db.dataDir, databaseUrl: db.url, logLevel: 'silent', worker: false }),
  );
  try {
    return await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^gongzhong: /);
  expect(lines[0]).toMatch(pattern);
}

describe.each(DIALECTS)('gongzhong CLI on %s', (dialect) => {
  let db: TestDb;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabaseUrl(dialect);
    env = { DATA_DIR: db.dataDir, DATABASE_URL: db.url };
  });
  afterAll(async () => db.drop());

  it('migrate applies the migrations once, then reports up to date', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Applied 2026-11-21-0001-foundation/);
    const second = await runCli(['migrate'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/already up to date/);
  });

  it('account create, list, show and reset-secret', async () => {
    const created = await runCli(
      [
        'account',
        'create',
        '--org',
        'Acme 公司',
        '--type',
        'service',
        '--verified',
        '--name',
        '服务号',
        '--alias',
        'acme-service',
        '--json',
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const service = JSON.parse(created.stdout) as {
      appid: string;
      appsecret: string;
      original_id: string;
      verified: boolean;
      alias: string | null;
      organization: { id: string; created: boolean };
    };
    expect(service.appid).toMatch(/^wx[0-9a-f]{16}$/);
    expect(service.appsecret).toMatch(/^[0-9a-f]{32}$/);
    expect(service.original_id).toMatch(/^gh_[0-9a-f]{12}$/);
    expect(service.verified).toBe(true);
    expect(service.alias).toBe('acme-service');
    expect(service.organization.created).toBe(true);

    // By id this time, and human-readable output.
    const second = await runCli(
      ['account', 'create', '--org', service.organization.id, '--type', 'subscription', '--name', 'Sub'],
      env,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/Created organisation/);
    const subAppid = /appid:\s+(wx[0-9a-f]{16})/.exec(second.stdout)?.[1];
    expect(subAppid).toBeDefined();
    expect(second.stdout).toMatch(/appsecret:\s+[0-9a-f]{32}/);
    expect(second.stdout).toMatch(/original id:\s+gh_[0-9a-f]{12}/);

    const list = await runCli(['account', 'list', '--org', 'Acme 公司', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { appid: string }[]).map((a) => a.appid)).toEqual([
      service.appid,
      subAppid,
    ]);

    const shown = await runCli(['account', 'show', service.appid], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(service.appsecret);
    expect(shown.stdout).toMatch(/服务号\s+\[service, verified\]/);
    expect(shown.stdout).toMatch(/WeChat id:\s+acme-service/);

    const reset = await runCli(['account', 'reset-secret', service.appid], env);
    expect(reset.code, reset.stderr).toBe(0);
    const secret = reset.stdout.trim();
    expect(secret).toMatch(/^[0-9a-f]{32}$/);
    expect(secret).not.toBe(service.appsecret);
    const stored = await withCtx(db, (ctx) => getAccount(ctx, service.appid));
    expect(stored.appsecret).toBe(secret);
  });

  it('backup, change everything, restore: every table and every media file is back exactly', async () => {
    const png = await samplePng(90, 60);
    const amr = sampleAmr();
    const { before, image, voice } = await withCtx(db, async (ctx) => {
      await seedEveryTable(ctx);
      // A verified service account of its own: earlier tests' accounts may lack the material API.
      const accountId = (await buildAccount(ctx)).id;
      const image = await addMaterial(ctx, accountId, {
        type: 'image',
        file: { filename: 'keep.png', bytes: png, contentType: 'image/png' },
      });
      const voice = await addMaterial(ctx, accountId, {
        type: 'voice',
        file: { filename: 'keep.amr', bytes: amr, contentType: 'audio/amr' },
      });
      return { before: await snapshotData(ctx.db), image, voice };
    });
    for (const [table, rows] of Object.entries(before)) expect(rows.length, table).toBeGreaterThan(0);

    const file = path.join(db.dataDir, dialect === 'sqlite' ? 'backup.db' : 'backup.jsonl');
    const backup = await runCli(['backup', file], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .* and 2 media files/);

    // Lose the media folder, and leave a stray file the restore must not keep.
    const media = path.join(db.dataDir, 'media');
    rmSync(media, { recursive: true, force: true });
    mkdirSync(path.join(media, 'zz'), { recursive: true });
    writeFileSync(path.join(media, 'zz', 'stray'), 'not from the backup');

    await withCtx(db, async (ctx) => {
      await ctx.db.deleteFrom('access_tokens').execute();
      await ctx.db.deleteFrom('followers').where('subscribed', '=', 1).execute();
      await ctx.db
        .updateTable('accounts')
        .set({ name: 'changed', appsecret: '0'.repeat(32) })
        .execute();
      await putSetting(ctx.db, 'backup_test', 'changed');
      // As in a freshly created database: the restore must move the sequence past its rows.
      if (dialect === 'postgres')
        await sql`alter sequence ${sql.raw('event_log_seq_seq')} restart with 1`.execute(ctx.db);
      await ctx.db
        .insertInto('organizations')
        .values({ id: 'org_extra', name: 'Extra', created_at: 1 })
        .execute();
      expect(await snapshotData(ctx.db)).not.toEqual(before);
    });

    const restore = await runCli(['restore', file], env);
    expect(restore.code, restore.stderr).toBe(0);
    const total = Object.values(before).reduce((n, rows) => n + rows.length, 0);
    expect(restore.stdout).toContain(`Restored ${total} rows in`);
    expect(restore.stdout).toContain('and 2 media files from');
    expect(existsSync(path.join(media, 'zz', 'stray'))).toBe(false);
    // Nothing left beside the media folder: no staging or old copy.
    expect(readdirSync(db.dataDir).filter((f) => f.startsWith('media.'))).toEqual([]);
    await withCtx(db, async (ctx) => {
      expect(await snapshotData(ctx.db)).toEqual(before);
      // The bytes are served again, identical.
      const app = await buildApp(ctx, { adminKeyHash: sha256Hex('unused') });
      try {
        const served = await app.inject({ method: 'GET', url: `/mmbiz/${image.media_id}` });
        expect(served.statusCode).toBe(200);
        expect(served.rawPayload.equals(png)).toBe(true);
        const account = await ctx.db
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', image.account_id)
          .executeTakeFirstOrThrow();
        const token = await app.inject({
          method: 'GET',
          url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
        });
        const got = await app.inject({
          method: 'POST',
          url: `/cgi-bin/material/get_material?access_token=${token.json<{ access_token: string }>().access_token}`,
          payload: { media_id: voice.media_id },
        });
        expect(got.headers['content-type'], got.body).toBe('audio/amr');
        expect(got.rawPayload.equals(amr)).toBe(true);
      } finally {
        await app.close();
      }
      expect(await getSetting(ctx.db, 'backup_test')).toBe('设置 ✓');
      const restoredMax = Math.max(
        ...(await ctx.db.selectFrom('event_log').select('seq').execute()).map((r) => r.seq),
      );
      const added = await ctx.db
        .insertInto('event_log')
        .values({
          account_id: (await ctx.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id,
          user_id: 'u',
          openid: 'o',
          type: 'message',
          detail: '{}',
          created_at: 1,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      expect(added.seq).toBeGreaterThan(restoredMax);
    });
  });
});

describe('gongzhong CLI: help, errors and moving data between dialects', () => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('--help exits 0 and lists the commands', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'migrate', 'backup', 'restore', 'account', 'admin-key'])
      expect(help.stdout).toContain(command);
  });

  // Corrupt and truncated backups are covered in-process by restore-database.test.ts.
  it('a usage mistake, a missing backup, an unknown appid and an unreachable database each fail with one line', async () => {
    const sqlite = await createTestDatabaseUrl('sqlite');
    dbs.push(sqlite);
    const env = { DATA_DIR: sqlite.dataDir, DATABASE_URL: sqlite.url };
    const [unknownFlag, missingFile, unknownAppid, unreachable] = await Promise.all([
      runCli(['account', 'list', '--bogus'], env),
      runCli(['restore', path.join(sqlite.dataDir, 'nope.db')], env),
      runCli(['account', 'show', 'wx0000000000000000'], env),
      runCli(['migrate'], { DATABASE_URL: 'postgres://postgres:x@127.0.0.1:1/none' }),
    ]);
    expectOneLineError(unknownFlag, /unknown option '--bogus'/);
    expectOneLineError(missingFile, /backup file not found: .*nope\.db/);
    expectOneLineError(unknownAppid, /no account with appid wx0000000000000000/);
    expectOneLineError(
      unreachable,
      /^gongzhong: database unreachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/none: .+/,
    );
    expect(unreachable.stderr).not.toContain(':x@');
  });

  it('start on a port already in use exits 1 with one line', async () => {
    const sqlite = await createTestDatabaseUrl('sqlite');
    dbs.push(sqlite);
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await runCli(['start', '--port', String(port), '--host', '127.0.0.1'], {
        DATA_DIR: sqlite.dataDir,
        DATABASE_URL: sqlite.url,
      });
      expectOneLineError(result, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('admin-key reset stores the printed key', async () => {
    const sqlite = await createTestDatabaseUrl('sqlite');
    dbs.push(sqlite);
    const result = await runCli(['admin-key', 'reset'], {
      DATA_DIR: sqlite.dataDir,
      DATABASE_URL: sqlite.url,
    });
    expect(result.code, result.stderr).toBe(0);
    const key = result.stdout.trim();
    expect(key).toMatch(/^gzk_/);
    expect(await withCtx(sqlite, (ctx) => getSetting(ctx.db, 'admin_key_sha256'))).toBe(sha256Hex(key));
  });

  it('a PostgreSQL export restores into a fresh SQLite database', async () => {
    const pg = await createTestDatabaseUrl('postgres');
    const sqlite = await createTestDatabaseUrl('sqlite');
    dbs.push(pg, sqlite);
    const before = await withCtx(pg, async (ctx) => {
      await seedEveryTable(ctx);
      return snapshotData(ctx.db);
    });
    const file = path.join(sqlite.dataDir, 'from-pg.jsonl');
    const backup = await runCli(['backup', file], { DATA_DIR: pg.dataDir, DATABASE_URL: pg.url });
    expect(backup.code, backup.stderr).toBe(0);
    // Never migrated: restore migrates an empty database first.
    const restore = await runCli(['restore', file], { DATA_DIR: sqlite.dataDir, DATABASE_URL: sqlite.url });
    expect(restore.code, restore.stderr).toBe(0);
    expect(await withCtx(sqlite, (ctx) => snapshotData(ctx.db))).toEqual(before);
  });
});
