import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createContext } from '../../create-context.ts';
import { sha256Hex } from '../../lib/ids.ts';
import { buildAccount, fetchToken } from '../../../../test/helpers/factories.ts';
import {
  createTestPlatform,
  DIALECTS,
  TEST_ADMIN_KEY,
  type TestPlatform,
} from '../../../../test/helpers/platform.ts';

const MINUTE = 60_000;

describe.each(DIALECTS)('access tokens on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  /** Calls an API that needs nothing but a valid token. */
  async function callWith(token: string) {
    const res = await p.app.inject({
      url: `/cgi-bin/getcallbackip?access_token=${encodeURIComponent(token)}`,
    });
    return res.json<{ ip_list?: string[]; errcode?: number; errmsg?: string }>();
  }

  function advance(ms: number) {
    p.ctx.clock.setOffset(p.ctx.clock.getOffset() + ms);
  }

  it('answers /cgi-bin/token with exactly access_token and expires_in 7200', async () => {
    const account = await buildAccount(p.ctx);
    const res = await p.app.inject({
      url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in']);
    expect(body.expires_in).toBe(7200);
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{20,512}$/);
  });

  it('expires a token after 7200 seconds with 42001', async () => {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    advance(7199 * 1000);
    expect((await callWith(token)).ip_list).toBeDefined();
    advance(2000);
    expect((await callWith(token)).errcode).toBe(42001);
  });

  it('keeps the previous token valid for five minutes after a new one, then answers 40001', async () => {
    const account = await buildAccount(p.ctx);
    const first = await fetchToken(p, account);
    const second = await fetchToken(p, account);
    expect(second).not.toBe(first);
    advance(4 * MINUTE + 50_000);
    expect((await callWith(first)).ip_list).toBeDefined();
    advance(20_000);
    const stale = await callWith(first);
    expect(stale.errcode).toBe(40001);
    expect(stale.errmsg).toMatch(/^invalid credential, access_token is invalid or not latest rid: /);
    expect((await callWith(second)).ip_list).toBeDefined();
  });

  it('keeps issued tokens valid across a server restart', async () => {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    const ctx2 = await createContext(p.ctx.config);
    ctx2.clock.setOffset(p.ctx.clock.getOffset());
    const app2 = await buildApp(ctx2, { adminKeyHash: sha256Hex(TEST_ADMIN_KEY) });
    try {
      const res = await app2.inject({ url: `/cgi-bin/getcallbackip?access_token=${token}` });
      expect(res.json()).toHaveProperty('ip_list');
    } finally {
      await app2.close();
      await ctx2.database.close();
    }
  });

  it('rejects the old AppSecret after a reset but keeps tokens already issued', async () => {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    const reset = await p.app.inject({
      method: 'POST',
      url: `/gz/v1/accounts/${account.appid}/secret/reset`,
      headers: p.adminHeaders,
    });
    const newSecret = reset.json<{ appsecret: string }>().appsecret;
    expect(newSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(newSecret).not.toBe(account.appsecret);
    const old = await p.app.inject({
      url: `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
    });
    expect(old.json<{ errcode: number }>().errcode).toBe(40001);
    expect((await callWith(token)).ip_list).toBeDefined();
    expect(await fetchToken(p, { appid: account.appid, appsecret: newSecret })).toBeTruthy();
  });

  describe('stable_token', () => {
    async function stable(
      account: { appid: string; appsecret: string },
      extra: Record<string, unknown> = {},
    ) {
      const res = await p.app.inject({
        method: 'POST',
        url: '/cgi-bin/stable_token',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          grant_type: 'client_credential',
          appid: account.appid,
          secret: account.appsecret,
          ...extra,
        }),
      });
      return res.json<{ access_token?: string; expires_in?: number; errcode?: number }>();
    }

    it('returns the same token while it is valid, with the remaining lifetime', async () => {
      const account = await buildAccount(p.ctx);
      const a = await stable(account);
      advance(10 * MINUTE);
      const b = await stable(account);
      expect(b.access_token).toBe(a.access_token);
      expect(a.expires_in).toBe(7200);
      expect(b.expires_in).toBeLessThanOrEqual(7200 - 600);
      expect(b.expires_in).toBeGreaterThan(7200 - 610);
    });

    it('is isolated from /cgi-bin/token: neither invalidates the other', async () => {
      const account = await buildAccount(p.ctx);
      const s = await stable(account);
      const basic = await fetchToken(p, account);
      await fetchToken(p, account);
      advance(6 * MINUTE);
      expect((await callWith(s.access_token!)).ip_list).toBeDefined();
      expect((await stable(account)).access_token).toBe(s.access_token);
      expect((await callWith(basic)).errcode).toBe(40001);
    });

    it('rotates in the last five minutes and lets the old token run out', async () => {
      const account = await buildAccount(p.ctx);
      const a = await stable(account);
      advance(7200_000 - 4 * MINUTE);
      const b = await stable(account);
      expect(b.access_token).not.toBe(a.access_token);
      expect(b.expires_in).toBe(7200);
      expect((await callWith(a.access_token!)).ip_list).toBeDefined();
    });

    it('force_refresh invalidates the current token at once, not twice within 30 s, 20 a day', async () => {
      const account = await buildAccount(p.ctx);
      const a = await stable(account);
      const b = await stable(account, { force_refresh: true });
      expect(b.access_token).not.toBe(a.access_token);
      expect((await callWith(a.access_token!)).errcode).toBe(40001);
      const c = await stable(account, { force_refresh: true });
      expect(c.access_token).toBe(b.access_token);
      for (let i = 2; i <= 20; i++) {
        advance(31_000);
        const next = await stable(account, { force_refresh: true });
        expect(next.access_token, `forced refresh #${i}`).toBeDefined();
      }
      advance(31_000);
      expect((await stable(account, { force_refresh: true })).errcode).toBe(45009);
    });

    it('checks credentials like /cgi-bin/token', async () => {
      const account = await buildAccount(p.ctx);
      expect((await stable({ appid: account.appid, appsecret: 'f'.repeat(32) })).errcode).toBe(40001);
      expect((await stable({ appid: 'wx0000000000000000', appsecret: account.appsecret })).errcode).toBe(
        40013,
      );
      expect((await stable(account, { grant_type: 'password' })).errcode).toBe(40002);
    });
  });
});
