/**
 * The wire conventions every WeChat route shares (spec §0, §1, §23, Appendix A),
 * checked from the outside the way an SDK or a developer would see them:
 * bad bodies, bad tokens, wrong methods, unknown paths, IP allowlist, quotas,
 * rid lookup, and the error shape of our own /gz/v1 API.
 */
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay } from '../../src/server/clock.ts';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { registerErrorHandling } from '../../src/server/http/error-handler.ts';
import {
  capabilitiesFor,
  CAPABILITIES,
  hasCapability,
} from '../../src/server/modules/accounts/capabilities.ts';
import { defineOpenApi, registerOpenApi } from '../../src/server/wechat/open-api.ts';
import { buildAccount, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

// vitest types asymmetric matchers as `any`; typed as unknown they satisfy the type-aware lint.
const anyString: unknown = expect.any(String);
const anyNumber: unknown = expect.any(Number);
const containing = (text: string): unknown => expect.stringContaining(text);
const arrayContaining = (items: unknown[]): unknown => expect.arrayContaining(items);

/** What a WeChat error body looks like: `... rid: xxxxxxxx-xxxxxxxx-xxxxxxxx`. */
const RID_SUFFIX = / rid: ([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})$/;
const MINUTE = 60_000;
const DAY = 24 * 3600_000;

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

/** Parses a WeChat answer and checks the envelope rules that hold for every JSON answer. */
function wechat(res: LightMyRequestResponse, status = 200): WechatBody {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<WechatBody>();
  // Fastify's default error shape must never leak onto the WeChat face.
  expect(body).not.toHaveProperty('statusCode');
  expect(body).not.toHaveProperty('error');
  return body;
}

/** Expects `{errcode, errmsg: "... rid: ..."}` with HTTP 200 (404 for unknown paths) and returns the rid. */
function expectErrcode(res: LightMyRequestResponse, errcode: number, status = 200): string {
  const body = wechat(res, status);
  expect(body.errcode, res.body).toBe(errcode);
  expect(typeof body.errcode).toBe('number');
  expect(body.errmsg).toMatch(RID_SUFFIX);
  return RID_SUFFIX.exec(body.errmsg ?? '')![1]!;
}

function tokenUrl(params: Record<string, string>): string {
  return `/cgi-bin/token?${new URLSearchParams(params).toString()}`;
}

describe.each(DIALECTS)('WeChat conventions on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());
  // Tests that move the sandbox clock put it back, so each starts at real time.
  afterEach(() => p.ctx.clock.setOffset(0));

  async function accountWithToken(overrides: Parameters<typeof buildAccount>[1] = {}) {
    const account = await buildAccount(p.ctx, overrides);
    return { account, token: await fetchToken(p, account) };
  }

  function quotaGet(token: string, payload: string | Buffer, headers: Record<string, string> = {}) {
    return p.app.inject({
      method: 'POST',
      url: `/cgi-bin/openapi/quota/get?access_token=${token}`,
      payload,
      headers,
    });
  }

  function callbackIp(token: string, extra: { remoteAddress?: string } = {}) {
    return p.app.inject({
      method: 'GET',
      url: `/cgi-bin/getcallbackip?access_token=${encodeURIComponent(token)}`,
      ...extra,
    });
  }

  async function quotaOf(token: string, cgiPath: string) {
    const res = await quotaGet(token, JSON.stringify({ cgi_path: cgiPath }), {
      'content-type': 'application/json',
    });
    const body = wechat(res);
    expect(body.errcode, res.body).toBe(0);
    return body.quota as { daily_limit: number; used: number; remain: number };
  }

  describe('request bodies', () => {
    const good = JSON.stringify({ cgi_path: '/cgi-bin/getcallbackip' });

    it("answers malformed JSON with 47001 on HTTP 200, not Fastify's error shape", async () => {
      const { token } = await accountWithToken();
      const res = await quotaGet(token, '{"cgi_path": "/cgi-bin/getcallbackip"', {
        'content-type': 'application/json',
      });
      expectErrcode(res, 47001);
    });

    it('answers an empty body with 44002', async () => {
      const { token } = await accountWithToken();
      expectErrcode(await quotaGet(token, '', { 'content-type': 'application/json' }), 44002);
      expectErrcode(await quotaGet(token, ''), 44002);
    });

    it('answers a JSON array or a wrongly typed field with 47001', async () => {
      const { token } = await accountWithToken();
      const json = { 'content-type': 'application/json' };
      expectErrcode(
        await quotaGet(token, JSON.stringify([{ cgi_path: '/cgi-bin/getcallbackip' }]), json),
        47001,
      );
      expectErrcode(await quotaGet(token, JSON.stringify({ cgi_path: 123 }), json), 47001);
      expectErrcode(await quotaGet(token, 'null', json), 47001);
    });

    it.each([
      ['no Content-Type', {}],
      ['text/plain', { 'content-type': 'text/plain' }],
      ['application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['application/json; charset=utf-8', { 'content-type': 'application/json; charset=utf-8' }],
      ['application/octet-stream', { 'content-type': 'application/octet-stream' }],
    ])(
      'parses the body as JSON whatever the Content-Type (%s)',
      async (_name, headers: Record<string, string>) => {
        const { token } = await accountWithToken();
        const res = await quotaGet(token, good, headers);
        const body = wechat(res);
        expect(body.errcode, res.body).toBe(0);
        expect(body.quota).toEqual({ daily_limit: 5000, used: 0, remain: 5000 });
      },
    );

    it('accepts a UTF-8 byte-order mark and \\uXXXX escapes', async () => {
      const { token } = await accountWithToken();
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)]);
      const withBom = wechat(await quotaGet(token, bom, { 'content-type': 'application/json' }));
      expect(withBom.errcode).toBe(0);
      const escaped = '{"\\u0063gi_path":"\\u002fcgi-bin\\u002Fgetcallbackip"}';
      const res = await quotaGet(token, escaped, { 'content-type': 'application/json' });
      expect(wechat(res).errcode, res.body).toBe(0);
    });

    it('answers a body over the 1 MiB limit with 47001, not a 500, and keeps serving', async () => {
      const { token } = await accountWithToken();
      const huge = JSON.stringify({
        cgi_path: '/cgi-bin/getcallbackip',
        pad: 'x'.repeat(p.ctx.config.bodyLimit + 10),
      });
      expectErrcode(await quotaGet(token, huge, { 'content-type': 'application/json' }), 47001);
      expect((await callbackIp(token)).json()).toEqual({ ip_list: ['127.0.0.1'] });
    });
  });

  describe('access_token', () => {
    it('answers a missing token with 41001, a garbage or over-long one with 40001', async () => {
      expectErrcode(await p.app.inject({ url: '/cgi-bin/getcallbackip' }), 41001);
      expectErrcode(await p.app.inject({ url: '/cgi-bin/getcallbackip?access_token=' }), 41001);
      expectErrcode(await callbackIp('garbage'), 40001);
      expectErrcode(await callbackIp(`12_${'A'.repeat(600)}`), 40001);
      expectErrcode(await callbackIp("' OR 1=1 --"), 40001);
    });

    it('answers a token that ran its 7200 s with 42001', async () => {
      const { token } = await accountWithToken();
      p.ctx.clock.setOffset(7199 * 1000);
      expect(wechat(await callbackIp(token))).toEqual({ ip_list: ['127.0.0.1'] });
      p.ctx.clock.setOffset(7201 * 1000);
      expectErrcode(await callbackIp(token), 42001);
    });

    it('keeps a superseded token valid for 5 minutes, then answers 40001', async () => {
      const { account, token: first } = await accountWithToken();
      const second = await fetchToken(p, account);
      expect(second).not.toBe(first);
      p.ctx.clock.setOffset(4 * MINUTE + 50_000);
      expect(wechat(await callbackIp(first))).toEqual({ ip_list: ['127.0.0.1'] });
      p.ctx.clock.setOffset(5 * MINUTE + 10_000);
      expectErrcode(await callbackIp(first), 40001);
      expect(wechat(await callbackIp(second))).toEqual({ ip_list: ['127.0.0.1'] });
    });

    it('does not extend a superseded token when yet another token is issued', async () => {
      const { account, token: first } = await accountWithToken();
      const second = await fetchToken(p, account);
      p.ctx.clock.setOffset(2 * MINUTE);
      const third = await fetchToken(p, account);
      p.ctx.clock.setOffset(5 * MINUTE + 10_000);
      expectErrcode(await callbackIp(first), 40001);
      expect(wechat(await callbackIp(second))).toEqual({ ip_list: ['127.0.0.1'] });
      p.ctx.clock.setOffset(7 * MINUTE + 10_000);
      expectErrcode(await callbackIp(second), 40001);
      expect(wechat(await callbackIp(third))).toEqual({ ip_list: ['127.0.0.1'] });
    });

    it('keeps /cgi-bin/token and stable_token tokens from invalidating each other', async () => {
      const { account, token: basic } = await accountWithToken();
      const stableBody = { grant_type: 'client_credential', appid: account.appid, secret: account.appsecret };
      const stable = (force: boolean) =>
        p.app.inject({
          method: 'POST',
          url: '/cgi-bin/stable_token',
          payload: JSON.stringify({ ...stableBody, force_refresh: force }),
        });
      const s1 = wechat(await stable(false)).access_token as string;
      expect(wechat(await stable(false)).access_token).toBe(s1);
      const s2 = wechat(await stable(true)).access_token as string;
      expect(s2).not.toBe(s1);
      // A forced refresh kills the previous stable token at once, and only it.
      expectErrcode(await callbackIp(s1), 40001);
      expect(wechat(await callbackIp(basic))).toEqual({ ip_list: ['127.0.0.1'] });
      // A new /cgi-bin/token retires the previous basic token, never the stable one.
      await fetchToken(p, account);
      p.ctx.clock.setOffset(6 * MINUTE);
      expectErrcode(await callbackIp(basic), 40001);
      expect(wechat(await callbackIp(s2))).toEqual({ ip_list: ['127.0.0.1'] });
    });

    it('uses the first access_token when it is repeated', async () => {
      const { token } = await accountWithToken();
      const first = await p.app.inject({
        url: `/cgi-bin/getcallbackip?access_token=${token}&access_token=bad`,
      });
      expect(wechat(first)).toEqual({ ip_list: ['127.0.0.1'] });
      expectErrcode(
        await p.app.inject({ url: `/cgi-bin/getcallbackip?access_token=bad&access_token=${token}` }),
        40001,
      );
    });
  });

  describe('/cgi-bin/token', () => {
    let account: AccountsTable;
    beforeAll(async () => {
      account = await buildAccount(p.ctx);
    });
    const gt = 'client_credential';

    it('answers the documented errcode for each missing or wrong parameter', async () => {
      const cases: [Record<string, string>, number][] = [
        [{ grant_type: gt, secret: account.appsecret }, 41002],
        [{ grant_type: gt, appid: account.appid }, 41004],
        [{ grant_type: 'authorization_code', appid: account.appid, secret: account.appsecret }, 40002],
        [{ appid: account.appid, secret: account.appsecret }, 40002],
        [{ grant_type: gt, appid: 'wx0000000000000000', secret: account.appsecret }, 40013],
        [{ grant_type: gt, appid: account.appid.toUpperCase(), secret: account.appsecret }, 40013],
        [{ grant_type: gt, appid: account.appid, secret: 'not-a-secret' }, 40125],
        [{ grant_type: gt, appid: account.appid, secret: '0'.repeat(32) }, 40001],
      ];
      for (const [params, errcode] of cases)
        expectErrcode(await p.app.inject({ url: tokenUrl(params) }), errcode);
    });

    it('answers SQL-looking input with the plain errcode and leaves the accounts table intact', async () => {
      const before = await p.ctx.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const evil = [
        "' OR 1=1 --",
        "wx'; DROP TABLE accounts;--",
        '" OR ""="',
        '1; DELETE FROM access_tokens',
      ];
      for (const value of evil) {
        expectErrcode(
          await p.app.inject({ url: tokenUrl({ grant_type: gt, appid: value, secret: account.appsecret }) }),
          40013,
        );
        expectErrcode(
          await p.app.inject({ url: tokenUrl({ grant_type: gt, appid: account.appid, secret: value }) }),
          40125,
        );
        expectErrcode(
          await p.app.inject({
            url: tokenUrl({ grant_type: value, appid: account.appid, secret: account.appsecret }),
          }),
          40002,
        );
      }
      const after = await p.ctx.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // And the account still works.
      const ok = wechat(
        await p.app.inject({
          url: tokenUrl({ grant_type: gt, appid: account.appid, secret: account.appsecret }),
        }),
      );
      expect(ok).toEqual({ access_token: anyString, expires_in: 7200 });
    });

    it('uses the first value of a repeated parameter', async () => {
      const res = await p.app.inject({
        url: `/cgi-bin/token?grant_type=${gt}&appid=${account.appid}&appid=wx0000000000000000&secret=${account.appsecret}`,
      });
      expect(wechat(res)).toEqual({ access_token: anyString, expires_in: 7200 });
      const swapped = await p.app.inject({
        url: `/cgi-bin/token?grant_type=${gt}&appid=wx0000000000000000&appid=${account.appid}&secret=${account.appsecret}`,
      });
      expectErrcode(swapped, 40013);
    });
  });

  describe('methods, paths and hosts', () => {
    it('answers the wrong HTTP method with 43001 / 43002', async () => {
      expectErrcode(await p.app.inject({ method: 'POST', url: '/cgi-bin/token', payload: '{}' }), 43001);
      expectErrcode(await p.app.inject({ method: 'GET', url: '/cgi-bin/stable_token' }), 43002);
      const { token } = await accountWithToken();
      expectErrcode(
        await p.app.inject({ method: 'GET', url: `/cgi-bin/openapi/quota/get?access_token=${token}` }),
        43002,
      );
    });

    it('answers an unknown WeChat path with a WeChat-shaped 48001 on HTTP 404', async () => {
      const { token } = await accountWithToken();
      expectErrcode(await p.app.inject({ url: `/cgi-bin/does/not/exist?access_token=${token}` }), 48001, 404);
      expectErrcode(
        await p.app.inject({ method: 'POST', url: '/sns/nothing/here', payload: '{}' }),
        48001,
        404,
      );
    });

    it('answers a path that is not valid percent-encoding with a WeChat-shaped 48001, without echoing the token', async () => {
      const { token } = await accountWithToken();
      for (const path of ['/cgi-bin/getcallbackip%E0%A4%A', '/cgi-bin/%zz/get']) {
        const res = await p.app.inject({ url: `${path}?access_token=${token}` });
        expectErrcode(res, 48001, 404);
        expect(res.body).not.toContain(token);
      }
    });

    it.each(['api.weixin.qq.com', 'mp.weixin.qq.com', 'open.weixin.qq.com', 'sh.api.weixin.qq.com'])(
      'ignores the Host header (%s)',
      async (host) => {
        const account = await buildAccount(p.ctx);
        const res = await p.app.inject({
          url: tokenUrl({ grant_type: 'client_credential', appid: account.appid, secret: account.appsecret }),
          headers: { host },
        });
        const { access_token } = wechat(res) as { access_token: string };
        expect(
          wechat(
            await p.app.inject({
              url: `/cgi-bin/getcallbackip?access_token=${access_token}`,
              headers: { host },
            }),
          ),
        ).toEqual({
          ip_list: ['127.0.0.1'],
        });
      },
    );
  });

  describe('permissions', () => {
    it('lets an unverified subscription account call every basic API (never a token errcode)', async () => {
      const { account, token } = await accountWithToken({ type: 'subscription', verified: false });
      expect(wechat(await callbackIp(token))).toEqual({ ip_list: ['127.0.0.1'] });
      expect((await quotaOf(token, '/cgi-bin/getcallbackip')).used).toBe(1);
      const clear = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/clear_quota?access_token=${token}`,
        payload: { appid: account.appid },
      });
      expect(wechat(clear)).toEqual({ errcode: 0, errmsg: 'ok' });
    });

    // No registered route needs more than `basic` yet, so the 48001 path is
    // driven through registerOpenApi on a probe app with one menu-gated route,
    // sharing the platform's database, clock and token issuing.
    it("answers an API outside the account's permissions with 48001, after a valid token", async () => {
      const probe = await buildProbeApp(p);
      try {
        const { token } = await accountWithToken({ type: 'subscription', verified: false });
        const denied = await probe.inject({ url: `/cgi-bin/menu/get?access_token=${token}` });
        expectErrcode(denied, 48001);
        const verified = await accountWithToken({ type: 'subscription', verified: true });
        expect(
          wechat(await probe.inject({ url: `/cgi-bin/menu/get?access_token=${verified.token}` })),
        ).toEqual({ menu: { button: [] } });
        // Bad tokens still get token errcodes before any permission check.
        expectErrcode(await probe.inject({ url: '/cgi-bin/menu/get?access_token=nope' }), 40001);
      } finally {
        await probe.close();
      }
    });
  });

  describe('IP allowlist', () => {
    async function setWhitelist(appid: string, ipWhitelist: string[]) {
      const res = await p.app.inject({
        method: 'PATCH',
        url: `/gz/v1/accounts/${appid}`,
        headers: p.adminHeaders,
        payload: { ip_whitelist: ipWhitelist },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ ip_whitelist: string[] }>().ip_whitelist).toEqual(ipWhitelist);
    }

    it('answers /cgi-bin/token and token calls from outside the allowlist with 40164 naming the caller', async () => {
      const { account, token } = await accountWithToken();
      await setWhitelist(account.appid, ['10.1.2.3']);
      const url = tokenUrl({
        grant_type: 'client_credential',
        appid: account.appid,
        secret: account.appsecret,
      });
      expectErrcode(await p.app.inject({ url }), 40164);
      expect(wechat(await p.app.inject({ url })).errmsg).toContain('127.0.0.1');
      expectErrcode(await callbackIp(token), 40164);
      expect(wechat(await callbackIp(token, { remoteAddress: '10.1.2.3' }))).toEqual({
        ip_list: ['127.0.0.1'],
      });
      expect(wechat(await p.app.inject({ url, remoteAddress: '10.1.2.3' }))).toEqual({
        access_token: anyString,
        expires_in: 7200,
      });
    });

    it('accepts a caller inside an allowlisted CIDR range', async () => {
      const { account, token } = await accountWithToken();
      await setWhitelist(account.appid, ['127.0.0.0/8']);
      const url = tokenUrl({
        grant_type: 'client_credential',
        appid: account.appid,
        secret: account.appsecret,
      });
      expect(wechat(await p.app.inject({ url }))).toEqual({ access_token: anyString, expires_in: 7200 });
      expect(wechat(await callbackIp(token))).toEqual({ ip_list: ['127.0.0.1'] });
      expectErrcode(await callbackIp(token, { remoteAddress: '192.168.1.1' }), 40164);
      await setWhitelist(account.appid, []);
      expect(wechat(await callbackIp(token, { remoteAddress: '192.168.1.1' }))).toEqual({
        ip_list: ['127.0.0.1'],
      });
    });

    it('matches IPv4-mapped IPv6 callers and names IPv6 callers in 40164', async () => {
      const { account, token } = await accountWithToken();
      await setWhitelist(account.appid, ['127.0.0.1']);
      expect(wechat(await callbackIp(token, { remoteAddress: '::ffff:127.0.0.1' }))).toEqual({
        ip_list: ['127.0.0.1'],
      });
      const v6 = wechat(await callbackIp(token, { remoteAddress: '::1' }));
      expect(v6.errcode).toBe(40164);
      expect(v6.errmsg).toContain('::1');
      await setWhitelist(account.appid, ['::1', '2001:db8::/32']);
      expect(wechat(await callbackIp(token, { remoteAddress: '::1' }))).toEqual({ ip_list: ['127.0.0.1'] });
      expect(wechat(await callbackIp(token, { remoteAddress: '2001:db8::42' }))).toEqual({
        ip_list: ['127.0.0.1'],
      });
    });

    it('does not trust X-Forwarded-For unless configured to', async () => {
      const { account, token } = await accountWithToken();
      await setWhitelist(account.appid, ['10.1.2.3']);
      const spoofed = { 'x-forwarded-for': '10.1.2.3' };
      expectErrcode(
        await p.app.inject({ url: `/cgi-bin/getcallbackip?access_token=${token}`, headers: spoofed }),
        40164,
      );
      const url = tokenUrl({
        grant_type: 'client_credential',
        appid: account.appid,
        secret: account.appsecret,
      });
      expectErrcode(await p.app.inject({ url, headers: spoofed }), 40164);
    });

    it('rejects allowlist entries that are not addresses or ranges, listing each one', async () => {
      const account = await buildAccount(p.ctx);
      const res = await p.app.inject({
        method: 'PATCH',
        url: `/gz/v1/accounts/${account.appid}`,
        headers: p.adminHeaders,
        payload: {
          ip_whitelist: ['10.0.0.0/8', '127.0.0.1/33', '999.1.1.1', '1.2.3', '::1/200', 'example.com'],
        },
      });
      expect(res.statusCode, res.body).toBe(400);
      const body = res.json<{ code: string; details: { path: string }[] }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.map((d) => d.path).sort()).toEqual(
        ['ip_whitelist.1', 'ip_whitelist.2', 'ip_whitelist.3', 'ip_whitelist.4', 'ip_whitelist.5'].sort(),
      );
    });

    // An allowlist row the current validation would refuse (written by an
    // older version, or by hand) must not turn every call into -1, which
    // WxJava retries: an allowlist naming no usable range admits nobody.
    it('answers 40164, never -1, when a stored allowlist entry has an impossible prefix', async () => {
      const { account, token } = await accountWithToken();
      await p.ctx.db
        .updateTable('accounts')
        .set({ ip_whitelist: JSON.stringify(['127.0.0.1/33']) })
        .where('id', '=', account.id)
        .execute();
      p.ctx.accounts.invalidate(account);
      const url = tokenUrl({
        grant_type: 'client_credential',
        appid: account.appid,
        secret: account.appsecret,
      });
      expectErrcode(await p.app.inject({ url }), 40164);
      expectErrcode(await callbackIp(token), 40164);
    });
  });

  describe('quotas', () => {
    it('reports used and remain moving with real calls', async () => {
      const { token } = await accountWithToken();
      expect(await quotaOf(token, '/cgi-bin/getcallbackip')).toEqual({
        daily_limit: 5000,
        used: 0,
        remain: 5000,
      });
      for (let i = 0; i < 3; i++) wechat(await callbackIp(token));
      expect(await quotaOf(token, '/cgi-bin/getcallbackip')).toEqual({
        daily_limit: 5000,
        used: 3,
        remain: 4997,
      });
      const full = wechat(await quotaGet(token, JSON.stringify({ cgi_path: '/cgi-bin/getcallbackip' })));
      expect(full).toMatchObject({
        errcode: 0,
        errmsg: 'ok',
        rate_limit: { call_count: anyNumber, refresh_second: anyNumber },
        component_rate_limit: { call_count: anyNumber, refresh_second: anyNumber },
      });
    });

    it('answers an unknown cgi_path with 76021 and a /sns/ path with 76022', async () => {
      const { token } = await accountWithToken();
      expectErrcode(await quotaGet(token, JSON.stringify({ cgi_path: '/cgi-bin/no/such/api' })), 76021);
      expectErrcode(await quotaGet(token, JSON.stringify({ cgi_path: '/sns/userinfo' })), 76022);
    });

    it('answers 45009 once the daily quota is used up, and clear_quota resets it', async () => {
      const { account, token } = await accountWithToken();
      // 4999 real calls would be slow; the counter row is what a real call writes.
      await p.ctx.db
        .insertInto('api_quota_usage')
        .values({
          account_id: account.id,
          cgi_path: '/cgi-bin/getcallbackip',
          day: chinaDay(p.ctx.clock.now()),
          used: 4999,
        })
        .execute();
      expect(wechat(await callbackIp(token))).toEqual({ ip_list: ['127.0.0.1'] });
      expectErrcode(await callbackIp(token), 45009);
      expectErrcode(await callbackIp(token), 45009);
      expect(await quotaOf(token, '/cgi-bin/getcallbackip')).toEqual({
        daily_limit: 5000,
        used: 5000,
        remain: 0,
      });

      const clear = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/clear_quota?access_token=${token}`,
        payload: { appid: account.appid },
      });
      expect(wechat(clear)).toEqual({ errcode: 0, errmsg: 'ok' });
      expect(wechat(await callbackIp(token))).toEqual({ ip_list: ['127.0.0.1'] });
      expect((await quotaOf(token, '/cgi-bin/getcallbackip')).used).toBe(1);
    });

    it('counts concurrent calls exactly and never lets them overshoot the limit', async () => {
      const { account, token } = await accountWithToken();
      const burst = await Promise.all(Array.from({ length: 20 }, () => callbackIp(token)));
      expect(burst.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
      expect(await quotaOf(token, '/cgi-bin/getcallbackip')).toEqual({
        daily_limit: 5000,
        used: 20,
        remain: 4980,
      });

      await p.ctx.db
        .updateTable('api_quota_usage')
        .set({ used: 4990 })
        .where('account_id', '=', account.id)
        .where('cgi_path', '=', '/cgi-bin/getcallbackip')
        .execute();
      const edge = await Promise.all(Array.from({ length: 20 }, () => callbackIp(token)));
      const codes = edge.map((r) => r.json<WechatBody>().errcode ?? 0);
      expect(codes.filter((c) => c === 0)).toHaveLength(10);
      expect(codes.filter((c) => c === 45009)).toHaveLength(10);
      expect(await quotaOf(token, '/cgi-bin/getcallbackip')).toEqual({
        daily_limit: 5000,
        used: 5000,
        remain: 0,
      });
    });

    it('starts a fresh quota at midnight Beijing time', async () => {
      const { account, token } = await accountWithToken();
      const today = chinaDay(p.ctx.clock.now());
      await p.ctx.db
        .insertInto('api_quota_usage')
        .values({ account_id: account.id, cgi_path: '/cgi-bin/getcallbackip', day: today, used: 5000 })
        .execute();
      expectErrcode(await callbackIp(token), 45009);
      const nextMidnight = Date.parse(`${today}T00:00:00+08:00`) + DAY;
      p.ctx.clock.setOffset(nextMidnight + MINUTE - Date.now());
      const fresh = await fetchToken(p, account);
      expect(wechat(await callbackIp(fresh))).toEqual({ ip_list: ['127.0.0.1'] });
      expect(await quotaOf(fresh, '/cgi-bin/getcallbackip')).toEqual({
        daily_limit: 5000,
        used: 1,
        remain: 4999,
      });
    });

    it('allows 10 clears a month, then answers 48006', async () => {
      const { account, token } = await accountWithToken();
      const clear = () =>
        p.app.inject({
          method: 'POST',
          url: `/cgi-bin/clear_quota?access_token=${token}`,
          payload: { appid: account.appid },
        });
      for (let i = 0; i < 10; i++) expect(wechat(await clear())).toEqual({ errcode: 0, errmsg: 'ok' });
      expectErrcode(await clear(), 48006);
    });

    it('clear_quota answers another appid with 40013', async () => {
      const { token } = await accountWithToken();
      const other = await buildAccount(p.ctx);
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/clear_quota?access_token=${token}`,
        payload: { appid: other.appid },
      });
      expectErrcode(res, 40013);
    });

    it('clear_quota/v2 takes appid + appsecret in the query or a form body', async () => {
      const { account, token } = await accountWithToken();
      wechat(await callbackIp(token));
      const inQuery = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/clear_quota/v2?${new URLSearchParams({ appid: account.appid, appsecret: account.appsecret }).toString()}`,
      });
      expect(wechat(inQuery)).toEqual({ errcode: 0, errmsg: 'ok' });
      expect((await quotaOf(token, '/cgi-bin/getcallbackip')).used).toBe(0);

      wechat(await callbackIp(token));
      const inForm = await p.app.inject({
        method: 'POST',
        url: '/cgi-bin/clear_quota/v2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ appid: account.appid, appsecret: account.appsecret }).toString(),
      });
      expect(wechat(inForm)).toEqual({ errcode: 0, errmsg: 'ok' });
      expect((await quotaOf(token, '/cgi-bin/getcallbackip')).used).toBe(0);

      const wrong = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/clear_quota/v2?appid=${account.appid}&appsecret=${'0'.repeat(32)}`,
      });
      expectErrcode(wrong, 40001);
    });

    it('clear_quota/v2 uses the first value of a repeated query parameter', async () => {
      const account = await buildAccount(p.ctx);
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/clear_quota/v2?appid=${account.appid}&appid=wx0000000000000000&appsecret=${account.appsecret}`,
      });
      expect(wechat(res)).toEqual({ errcode: 0, errmsg: 'ok' });
    });
  });

  describe('rid lookup', () => {
    function ridGet(token: string, rid: unknown) {
      return p.app.inject({
        method: 'POST',
        url: `/cgi-bin/openapi/rid/get?access_token=${token}`,
        payload: { rid },
      });
    }

    it('returns what a failed call sent and got, with the token masked', async () => {
      const { token } = await accountWithToken();
      const failed = await quotaGet(token, JSON.stringify({ cgi_path: '/cgi-bin/no/such/api' }));
      const rid = expectErrcode(failed, 76021);
      const res = await ridGet(token, rid);
      const body = wechat(res);
      expect(body).toMatchObject({ errcode: 0, errmsg: 'ok' });
      const request = body.request as Record<string, unknown>;
      expect(request).toEqual({
        invoke_time: anyNumber,
        cost_in_ms: anyNumber,
        request_url: '/cgi-bin/openapi/quota/get?access_token=***',
        request_body: containing('/cgi-bin/no/such/api'),
        response_body: containing('76021'),
        client_ip: '127.0.0.1',
      });
      expect(JSON.stringify(request)).not.toContain(token);
      expect(JSON.parse(request.response_body as string)).toMatchObject({ errcode: 76021 });
      expect(Math.abs((request.invoke_time as number) - Date.now() / 1000)).toBeLessThan(60);

      // The same rid looked up by another account is not disclosed.
      const other = await accountWithToken();
      expectErrcode(await ridGet(other.token, rid), 76003);
    });

    it('answers a malformed rid with 76002 and an unknown one with 76001', async () => {
      const { token } = await accountWithToken();
      expectErrcode(await ridGet(token, 'not-a-rid'), 76002);
      expectErrcode(await ridGet(token, "' OR 1=1 --"), 76002);
      expectErrcode(await ridGet(token, '00000000-00000000-00000000'), 76001);
    });

    it('masks the secret of a failed /cgi-bin/token call', async () => {
      const { account, token } = await accountWithToken();
      const wrongSecret = 'abcdef'.repeat(5) + 'ab';
      const failed = await p.app.inject({
        url: tokenUrl({ grant_type: 'client_credential', appid: account.appid, secret: wrongSecret }),
      });
      const rid = expectErrcode(failed, 40001);
      const body = wechat(await ridGet(token, rid));
      expect(body.errcode).toBe(0);
      const request = body.request as { request_url: string; response_body: string };
      expect(request.request_url).toBe(
        `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=***`,
      );
      expect(JSON.stringify(body)).not.toContain(wrongSecret);
      expect(JSON.parse(request.response_body)).toMatchObject({ errcode: 40001 });
    });

    it('answers a rid older than 7 days with 76004', async () => {
      const { account, token } = await accountWithToken();
      const rid = expectErrcode(
        await quotaGet(token, JSON.stringify({ cgi_path: '/cgi-bin/no/such/api' })),
        76021,
      );
      p.ctx.clock.setOffset(8 * DAY);
      // The old token expired meanwhile; a fresh one is what a client would use.
      const fresh = await fetchToken(p, account);
      expectErrcode(await ridGet(fresh, rid), 76004);
    });
  });

  describe('our own API (/gz/v1)', () => {
    it('answers a missing or wrong admin key with 401 {code, message}', async () => {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { 'x-admin-key': 'wrong' }]) {
        const res = await p.app.inject({ url: '/gz/v1/accounts', headers });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ code: 'UNAUTHENTICATED', message: anyString });
      }
      const ok = await p.app.inject({ url: '/gz/v1/accounts', headers: p.adminHeaders });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toHaveProperty('items');
    });

    it('answers malformed JSON with 400 {code, message}', async () => {
      const res = await p.app.inject({
        method: 'POST',
        url: '/gz/v1/accounts',
        headers: { ...p.adminHeaders, 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<Record<string, unknown>>();
      expect(body).toEqual({ code: anyString, message: anyString });
      expect(body).not.toHaveProperty('errcode');
    });

    it('lists every invalid field in one 400 answer', async () => {
      const res = await p.app.inject({
        method: 'POST',
        url: '/gz/v1/accounts',
        headers: p.adminHeaders,
        payload: { organization_id: '', type: 'enterprise', name: '', appid: 'WX-NOPE' },
      });
      expect(res.statusCode).toBe(400);
      const body = res.json<{
        code: string;
        message: string;
        details: { path: string; message: string }[];
      }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      const paths = body.details.map((d) => d.path);
      expect(paths).toEqual(arrayContaining(['organization_id', 'type', 'name', 'appid']));
      for (const field of ['organization_id', 'type', 'name', 'appid']) expect(body.message).toContain(field);
    });

    it('answers an unknown /gz/v1 path with 404 {code, message}, not a WeChat body', async () => {
      const res = await p.app.inject({ url: '/gz/v1/nothing', headers: p.adminHeaders });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'NOT_FOUND', message: anyString });
    });

    it('answers a path that is not valid percent-encoding with 400 {code, message}', async () => {
      const res = await p.app.inject({ url: '/gz/v1/accounts/%E0%A4%A', headers: p.adminHeaders });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ code: anyString, message: anyString });
    });
  });
});

describe('capabilities (unit)', () => {
  it('gives every kind of account the basic APIs', () => {
    for (const type of ['subscription', 'service'] as const) {
      for (const verified of [false, true]) expect(hasCapability(type, verified, 'basic')).toBe(true);
    }
  });

  it('keeps an unverified subscription account to the basics', () => {
    expect([...capabilitiesFor('subscription', false)].sort()).toEqual([
      'basic',
      'jssdk',
      'passive_reply',
      'receive_messages',
    ]);
    for (const c of [
      'menu',
      'material',
      'mass_send',
      'template_message',
      'oauth',
      'user_management',
    ] as const) {
      expect(hasCapability('subscription', false, c)).toBe(false);
    }
  });

  it('reserves templates, subscribe messages and OAuth for verified service accounts', () => {
    for (const c of ['template_message', 'subscribe_message', 'oauth', 'qrcode'] as const) {
      expect(hasCapability('service', true, c)).toBe(true);
      expect(hasCapability('subscription', true, c)).toBe(false);
      expect(hasCapability('service', false, c)).toBe(false);
    }
    expect(capabilitiesFor('service', true)).toEqual(CAPABILITIES);
  });
});

/**
 * A second Fastify instance on the platform's context with one route gated
 * on `menu`, wired like buildApp's Open API scope (request state hook,
 * pass-through validator, shared error handling).
 */
async function buildProbeApp(p: TestPlatform): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.addHook('onRequest', async (request) => {
    request.gz = { startedAt: p.ctx.clock.now(), account: null };
  });
  app.setValidatorCompiler(() => (data: unknown) => ({ value: data as object }));
  registerErrorHandling(app, p.ctx);
  await registerOpenApi(app, p.ctx, [
    defineOpenApi({
      method: 'GET',
      path: '/cgi-bin/menu/get',
      summary: 'probe',
      auth: 'access_token',
      capability: 'menu',
      handler: async () => ({ menu: { button: [] } }),
    }),
  ]);
  await app.ready();
  return app;
}
