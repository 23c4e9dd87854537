import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { AppContext } from './context.ts';
import { createContext, createLogger } from './create-context.ts';
import { sha256Hex } from './lib/ids.ts';
import type { FastifyInstance } from 'fastify';
import { buildAccount } from '../../test/helpers/factories.ts';
import { createTestDatabaseUrl, TEST_ADMIN_KEY } from '../../test/helpers/platform.ts';

describe('logs', () => {
  const lines: string[] = [];
  let ctx: AppContext;
  let app: FastifyInstance;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabaseUrl('sqlite');
    drop = () => db.drop();
    const config = loadConfig(
      {},
      { dataDir: db.dataDir, databaseUrl: db.url, logLevel: 'info', worker: false },
    );
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    ctx = await createContext(config, createLogger(config, sink));
    app = await buildApp(ctx, { adminKeyHash: sha256Hex(TEST_ADMIN_KEY) });
  });
  afterAll(async () => {
    await app.close();
    await ctx.database.close();
    await drop();
  });

  it('are JSON with request ids and never contain appsecrets, tokens or the admin key', async () => {
    const account = await buildAccount(ctx);
    const res = await app.inject({
      url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
    });
    const token = res.json<{ access_token: string }>().access_token;
    await app.inject({ url: `/cgi-bin/getcallbackip?access_token=${token}` });
    await app.inject({ url: `/cgi-bin/getcallbackip?access_token=${token}x` });
    await app.inject({ url: '/gz/v1/accounts', headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(4);
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: { url?: string } });
    const tokenLine = parsed.find((l) => l.req?.url?.startsWith('/cgi-bin/token'));
    expect(tokenLine?.reqId).toMatch(/^req-/);
    expect(tokenLine?.req?.url).toContain('secret=***');
    expect(all).not.toContain(account.appsecret);
    expect(all).not.toContain(token);
    expect(all).not.toContain(TEST_ADMIN_KEY);
  });
});
