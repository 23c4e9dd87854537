/**
 * Contract test with the published node-webot `wechat-api` SDK (1.35), pointed
 * at a listening Gongzhong the way spec Appendix B describes: assign
 * `api.endpoint` (setEndpoint() would force https://).
 *
 * What wechat-api exposes of the APIs Gongzhong serves today:
 * - getAccessToken / getLatestToken (/cgi-bin/token), getIp (/cgi-bin/getcallbackip),
 *   clearQuota (/cgi-bin/clear_quota): driven directly.
 * - stable_token, openapi/quota/get and openapi/rid/get have no wechat-api
 *   method; they are reached through `WechatAPI.patch(name, url)`, the SDK's
 *   documented way to add an API it lacks. patch() always appends
 *   access_token, so a patched stable_token first fetches a /cgi-bin/token
 *   (harmless: stable_token ignores the extra query parameter).
 * - get_api_domain_ip, callback/check and clear_quota/v2 have no method and
 *   patch() cannot express them (GET, or no access_token), so they are
 *   covered by the inject() suites only.
 *
 * Token retry, as the SDK really implements it (lib/api_common.js
 * preRequest): on errcode 40001 it calls `getToken` again and repeats the
 * call once with whatever token that returns. It never refetches from
 * /cgi-bin/token on its own, and it does not retry 42001/40014 at all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

// vitest types asymmetric matchers as `any`; typed as unknown they satisfy the type-aware lint.
const anyString: unknown = expect.any(String);
const containing = (text: string): unknown => expect.stringContaining(text);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const objectContaining = (shape: object): unknown => expect.objectContaining(shape);

const MINUTE = 60_000;
const RID_SUFFIX = / rid: ([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})$/;

/** A request as the server received it. */
interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  status?: number;
}

/** What a wechat-api callback delivered. */
interface Outcome<T> {
  err: WechatAPI.WechatApiError | null;
  data: T;
}

/** Runs a callback-style SDK method and resolves with both the error and the data it reported. */
function outcome<T>(fn: (callback: WechatAPI.Callback<T>) => void): Promise<Outcome<T>> {
  return new Promise((resolve) => fn((err, data) => resolve({ err, data })));
}

/** Runs a callback-style SDK method that is expected to succeed. */
async function ok<T>(fn: (callback: WechatAPI.Callback<T>) => void): Promise<T> {
  const { err, data } = await outcome(fn);
  if (err) throw err;
  return data;
}

type Patched = (body: object, callback: WechatAPI.Callback<Record<string, unknown>>) => void;
let patchCounter = 0;

describe.each(DIALECTS)('wechat-api SDK against Gongzhong on %s', (dialect) => {
  let p: TestPlatform;
  let base: string;
  const seen: Seen[] = [];
  /** Names of the methods patched onto WechatAPI for this platform's address. */
  const patched = { quotaGet: '', ridGet: '', stableToken: '' };

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    // An extra listener only observes: Fastify's own handler still answers.
    p.app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', base);
      const entry: Seen = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'],
      };
      seen.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
    });
    // patch() bakes the absolute URL in and refuses duplicate names, so each
    // platform gets its own method names.
    const n = ++patchCounter;
    patched.quotaGet = `gzQuotaGet${n}`;
    patched.ridGet = `gzRidGet${n}`;
    patched.stableToken = `gzStableToken${n}`;
    WechatAPI.patch(patched.quotaGet, `${base}/cgi-bin/openapi/quota/get`);
    WechatAPI.patch(patched.ridGet, `${base}/cgi-bin/openapi/rid/get`);
    WechatAPI.patch(patched.stableToken, `${base}/cgi-bin/stable_token`);
  });
  afterAll(async () => p.close());
  beforeEach(() => {
    seen.length = 0;
  });
  afterEach(() => p.ctx.clock.setOffset(0));

  function sdk(
    account: Pick<AccountsTable, 'appid' | 'appsecret'>,
    getToken?: WechatAPI.GetToken,
    saveToken?: WechatAPI.SaveToken,
  ) {
    const api = new WechatAPI(account.appid, account.appsecret, getToken, saveToken);
    api.endpoint = base;
    api.mpPrefix = `${base}/cgi-bin/`;
    api.fileServerPrefix = `${base}/cgi-bin/`;
    return api;
  }

  function callPatched(api: WechatAPI, name: string, body: object) {
    const method = (api as unknown as Record<string, Patched>)[name]!;
    return outcome<Record<string, unknown>>((cb) => method.call(api, body, cb));
  }

  const requestsTo = (path: string) => seen.filter((s) => s.path === path);

  /** A shared token store, as wechat-api's multi-process mode expects (getToken/saveToken). */
  function sharedStore() {
    const store: { token: WechatAPI.AccessToken | null } = { token: null };
    const getToken: WechatAPI.GetToken = (cb) => cb(null, store.token);
    const saveToken: WechatAPI.SaveToken = (token, cb) => {
      store.token = token;
      cb(null);
    };
    return { store, getToken, saveToken };
  }

  describe('tokens', () => {
    it('getAccessToken fetches a 7200 s token that the server accepts', async () => {
      const account = await buildAccount(p.ctx);
      const api = sdk(account);
      const before = Date.now();
      const token = await ok<WechatAPI.AccessToken>((cb) => api.getAccessToken(cb));
      expect(token.accessToken).toMatch(/^[A-Za-z0-9_-]{16,512}$/);
      // wechat-api keeps expires_in minus 10 s: a 7200 answer means ~7190 s from now.
      expect(token.expireTime).toBeGreaterThanOrEqual(before + 7190_000);
      expect(token.expireTime).toBeLessThanOrEqual(Date.now() + 7190_000);

      const [tokenCall] = requestsTo('/cgi-bin/token');
      expect(tokenCall).toMatchObject({ method: 'GET', status: 200 });
      expect(Object.fromEntries(tokenCall!.query)).toEqual({
        grant_type: 'client_credential',
        appid: account.appid,
        secret: account.appsecret,
      });

      const res = await fetch(`${base}/cgi-bin/getcallbackip?access_token=${token.accessToken}`);
      expect(await res.json()).toEqual({ ip_list: ['127.0.0.1'] });
    });

    it('getLatestToken fetches once and then reuses the stored token', async () => {
      const api = sdk(await buildAccount(p.ctx));
      const first = await ok<WechatAPI.AccessToken>((cb) => api.getLatestToken(cb));
      const second = await ok<WechatAPI.AccessToken>((cb) => api.getLatestToken(cb));
      expect(second.accessToken).toBe(first.accessToken);
      expect(requestsTo('/cgi-bin/token')).toHaveLength(1);
    });

    it('stable_token (through WechatAPI.patch) returns the same token while it is valid', async () => {
      const account = await buildAccount(p.ctx);
      const api = sdk(account);
      const body = { grant_type: 'client_credential', appid: account.appid, secret: account.appsecret };
      const first = await callPatched(api, patched.stableToken, body);
      expect(first.err).toBeNull();
      expect(first.data).toEqual({ access_token: anyString, expires_in: 7200 });
      const again = await callPatched(api, patched.stableToken, body);
      expect(again.data.access_token).toBe(first.data.access_token);
      expect(requestsTo('/cgi-bin/stable_token').map((s) => s.contentType)).toEqual([
        'application/json',
        'application/json',
      ]);
      // A stable token works like any other.
      const res = await fetch(
        `${base}/cgi-bin/getcallbackip?access_token=${first.data.access_token as string}`,
      );
      expect(await res.json()).toEqual({ ip_list: ['127.0.0.1'] });
    });

    it('reports a wrong secret or unknown appid as WeChatAPIError with the errcode', async () => {
      const account = await buildAccount(p.ctx);
      const wrongSecret = await outcome<{ ip_list: string[] }>((cb) =>
        sdk({ appid: account.appid, appsecret: '0'.repeat(32) }).getIp(cb),
      );
      expect(wrongSecret.err).toMatchObject({
        name: 'WeChatAPIError',
        code: 40001,
        message: matching(/^invalid credential/),
      });
      expect(requestsTo('/cgi-bin/getcallbackip')).toHaveLength(0);

      const unknown = await outcome<WechatAPI.AccessToken>((cb) =>
        sdk({ appid: 'wx0000000000000000', appsecret: account.appsecret }).getAccessToken(cb),
      );
      expect(unknown.err).toMatchObject({ name: 'WeChatAPIError', code: 40013 });
    });
  });

  describe('platform APIs', () => {
    it('getIp fetches a token, then answers ip_list', async () => {
      const api = sdk(await buildAccount(p.ctx));
      expect(await ok<{ ip_list: string[] }>((cb) => api.getIp(cb))).toEqual({ ip_list: ['127.0.0.1'] });
      expect(seen.map((s) => `${s.method} ${s.path} ${s.status}`)).toEqual([
        'GET /cgi-bin/token 200',
        'GET /cgi-bin/getcallbackip 200',
      ]);
      const [call] = requestsTo('/cgi-bin/getcallbackip');
      expect(call!.query.get('access_token')).toBe(api.token?.accessToken);
      // A bodiless GET: nothing for the server to parse.
      expect(call!.contentType).toBeUndefined();
    });

    it('clearQuota posts JSON {appid} and resets the counters', async () => {
      const account = await buildAccount(p.ctx);
      const api = sdk(account);
      await ok((cb) => api.getIp(cb));
      await ok((cb) => api.getIp(cb));
      const before = await callPatched(api, patched.quotaGet, { cgi_path: '/cgi-bin/getcallbackip' });
      expect(before.err).toBeNull();
      expect(before.data).toMatchObject({
        errcode: 0,
        errmsg: 'ok',
        quota: { daily_limit: 5000, used: 2, remain: 4998 },
      });

      expect(await ok((cb) => api.clearQuota(account.appid, cb))).toEqual({ errcode: 0, errmsg: 'ok' });
      expect(requestsTo('/cgi-bin/clear_quota')).toEqual([
        objectContaining({ method: 'POST', contentType: 'application/json', status: 200 }),
      ]);

      const after = await callPatched(api, patched.quotaGet, { cgi_path: '/cgi-bin/getcallbackip' });
      expect(after.data).toMatchObject({ quota: { daily_limit: 5000, used: 0, remain: 5000 } });
    });

    it('quota/get and rid/get (through WechatAPI.patch) explain a failed call', async () => {
      const api = sdk(await buildAccount(p.ctx));
      const failed = await callPatched(api, patched.quotaGet, { cgi_path: '/cgi-bin/no/such/api' });
      expect(failed.err).toMatchObject({ name: 'WeChatAPIError', code: 76021 });
      const rid = RID_SUFFIX.exec(failed.err!.message)?.[1];
      expect(rid).toBeDefined();

      const lookup = await callPatched(api, patched.ridGet, { rid });
      expect(lookup.err).toBeNull();
      expect(lookup.data).toMatchObject({
        errcode: 0,
        request: {
          request_url: '/cgi-bin/openapi/quota/get?access_token=***',
          request_body: JSON.stringify({ cgi_path: '/cgi-bin/no/such/api' }),
          response_body: containing('"errcode":76021'),
          client_ip: '127.0.0.1',
        },
      });
    });
  });

  describe('token retry (wechat-api retries 40001 only)', () => {
    it('retries a superseded token with the token another process saved to the shared store', async () => {
      const account = await buildAccount(p.ctx);
      const shared = sharedStore();
      const a = sdk(account, shared.getToken, shared.saveToken);
      const b = sdk(account, shared.getToken, shared.saveToken);
      const stale = await ok<WechatAPI.AccessToken>((cb) => a.getLatestToken(cb));

      // Someone outside the store (a cron job, a second service on the same
      // appid) takes a token; six minutes later the stored one is dead.
      await fetchToken(p, account);
      p.ctx.clock.setOffset(6 * MINUTE);

      // By the time A handles its 40001, process B has refreshed the shared
      // store (B hit the same 40001). The delay sits in A's transport so the
      // order is deterministic.
      const send = a.request.bind(a);
      let refreshed: WechatAPI.AccessToken | undefined;
      a.request = (url, opts, cb) =>
        send(url, opts, (err, data, res) => {
          if (refreshed || (data as { errcode?: number } | null)?.errcode !== 40001)
            return cb(err, data, res);
          b.getAccessToken((e, token) => {
            refreshed = token;
            cb(e ?? err, data, res);
          });
        });

      expect(await ok<{ ip_list: string[] }>((cb) => a.getIp(cb))).toEqual({ ip_list: ['127.0.0.1'] });
      const calls = requestsTo('/cgi-bin/getcallbackip');
      expect(calls.map((c) => c.query.get('access_token'))).toEqual([
        stale.accessToken,
        refreshed?.accessToken,
      ]);
      expect(calls.map((c) => c.status)).toEqual([200, 200]);
      expect(shared.store.token?.accessToken).toBe(refreshed?.accessToken);
    });

    it('a shared store makes a token refreshed by another process visible without any 40001', async () => {
      const account = await buildAccount(p.ctx);
      const shared = sharedStore();
      const a = sdk(account, shared.getToken, shared.saveToken);
      const b = sdk(account, shared.getToken, shared.saveToken);
      await ok((cb) => a.getLatestToken(cb));
      const newer = await ok<WechatAPI.AccessToken>((cb) => b.getAccessToken(cb));
      p.ctx.clock.setOffset(6 * MINUTE);
      expect(await ok((cb) => a.getIp(cb))).toEqual({ ip_list: ['127.0.0.1'] });
      expect(requestsTo('/cgi-bin/getcallbackip').map((c) => c.query.get('access_token'))).toEqual([
        newer.accessToken,
      ]);
    });

    // wechat-api's retry re-reads getToken; with its default in-memory store
    // that is the same superseded token, so the second try fails too and the
    // application has to call getAccessToken itself. The server's part is
    // answering exactly 40001 both times and accepting the refetched token.
    it('a private store retries once with the same superseded token; a refetch recovers', async () => {
      const account = await buildAccount(p.ctx);
      const api = sdk(account);
      const stale = await ok<WechatAPI.AccessToken>((cb) => api.getLatestToken(cb));
      await fetchToken(p, account);
      p.ctx.clock.setOffset(6 * MINUTE);

      const failed = await outcome((cb) => api.getIp(cb));
      expect(failed.err).toMatchObject({ name: 'WeChatAPIError', code: 40001 });
      expect(failed.err!.message).toMatch(/^invalid credential.* rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
      expect(requestsTo('/cgi-bin/getcallbackip').map((c) => c.query.get('access_token'))).toEqual([
        stale.accessToken,
        stale.accessToken,
      ]);

      const fresh = await ok<WechatAPI.AccessToken>((cb) => api.getAccessToken(cb));
      expect(fresh.accessToken).not.toBe(stale.accessToken);
      expect(await ok((cb) => api.getIp(cb))).toEqual({ ip_list: ['127.0.0.1'] });
    });

    it('does not retry an expired token (42001) or an IP refusal (40164)', async () => {
      const account = await buildAccount(p.ctx);
      const api = sdk(account);
      await ok((cb) => api.getLatestToken(cb));
      // The SDK judges expiry by its own clock, so only the server sees this token as expired.
      p.ctx.clock.setOffset(7201 * 1000);
      const expired = await outcome((cb) => api.getIp(cb));
      expect(expired.err).toMatchObject({ code: 42001 });
      expect(requestsTo('/cgi-bin/getcallbackip')).toHaveLength(1);

      p.ctx.clock.setOffset(0);
      const other = sdk(await buildAccount(p.ctx));
      await ok((cb) => other.getLatestToken(cb));
      const patch = await p.app.inject({
        method: 'PATCH',
        url: `/gz/v1/accounts/${other.appid}`,
        headers: p.adminHeaders,
        payload: { ip_whitelist: ['10.1.2.3'] },
      });
      expect(patch.statusCode).toBe(200);
      seen.length = 0;
      const refused = await outcome((cb) => other.getIp(cb));
      expect(refused.err).toMatchObject({ code: 40164, message: containing('127.0.0.1') });
      expect(requestsTo('/cgi-bin/getcallbackip')).toHaveLength(1);
    });
  });

  describe('raw HTTP on the listening socket', () => {
    it('/cgi-bin/token answers exactly {access_token, expires_in: 7200}', async () => {
      const account = await buildAccount(p.ctx);
      const res = await fetch(
        `${base}/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in']);
      expect(body).toEqual({ access_token: matching(/^[A-Za-z0-9_-]{16,512}$/), expires_in: 7200 });
      expect(body).not.toHaveProperty('errcode');
    });

    it('/cgi-bin/token with a wrong secret answers HTTP 200 {errcode: 40001, errmsg: "invalid credential... rid: ..."}', async () => {
      const account = await buildAccount(p.ctx);
      const res = await fetch(
        `${base}/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${'0'.repeat(32)}`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['errcode', 'errmsg']);
      expect(body.errcode).toBe(40001);
      expect(body.errmsg).toMatch(/^invalid credential.* rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    });

    it('answers a body over the limit with 47001 on HTTP 200 and keeps serving', async () => {
      const account = await buildAccount(p.ctx);
      const token = await fetchToken(p, account);
      const huge = JSON.stringify({
        cgi_path: '/cgi-bin/getcallbackip',
        pad: 'x'.repeat(p.ctx.config.bodyLimit + 10),
      });
      const res = await fetch(`${base}/cgi-bin/openapi/quota/get?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: huge,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ errcode: 47001, errmsg: matching(RID_SUFFIX) });
      const after = await fetch(`${base}/cgi-bin/getcallbackip?access_token=${token}`);
      expect(await after.json()).toEqual({ ip_list: ['127.0.0.1'] });
    });
  });
});
