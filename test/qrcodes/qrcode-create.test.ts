/**
 * Parametric QR codes over HTTP (spec §11.1–11.2): qrcode/create through
 * the wechat-api SDK and raw calls, each errcode, permanent codes handed
 * back per scene and the 100,000 limit, showqrcode serving a PNG that jsQR
 * reads back to the url (however the ticket was encoded), and expiry on
 * the platform clock.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { call, decodeQr, type CreatedQr, type WechatQrApi } from './helpers.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

const URL_PATTERN = /^http:\/\/weixin\.qq\.com\/q\/[0-9A-Za-z]{22}$/;

describe.each(DIALECTS)('parametric QR codes (Open API) on %s', (dialect) => {
  let p: TestPlatform;
  let base: string;
  let account: AccountsTable;
  let token: string;
  let api: WechatQrApi;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    account = await buildAccount(p.ctx);
    token = await fetchToken(p, account);
    const sdk = new WechatAPI(account.appid, account.appsecret);
    sdk.endpoint = base;
    sdk.mpPrefix = `${base}/cgi-bin/`;
    api = sdk as unknown as WechatQrApi;
  });
  afterAll(async () => p.close());
  afterEach(() => p.ctx.clock.setOffset(0));

  async function create(body: unknown, accessToken = token): Promise<WechatBody> {
    const res = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/qrcode/create?access_token=${accessToken}`,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.statusCode).toBe(200);
    return res.json<WechatBody>();
  }

  async function show(query: string) {
    return p.app.inject({ method: 'GET', url: `/cgi-bin/showqrcode?${query}` });
  }

  it('creates temporary codes through wechat-api: int scene, string scene, default 60 s', async () => {
    const byId = await call<CreatedQr>((cb) => api.createTmpQRCode(123, 600, cb));
    expect(byId).toEqual({
      ticket: expect.any(String) as unknown,
      expire_seconds: 600,
      url: expect.stringMatching(URL_PATTERN) as unknown,
    });
    // Like WeChat's, the ticket is base64 carrying the url.
    expect(Buffer.from(byId.ticket, 'base64').toString('latin1')).toContain(byId.url);

    const byStr = await call<CreatedQr>((cb) => api.createTmpQRCode('spring-promo', undefined, cb));
    expect(byStr.expire_seconds).toBe(60);
    expect(byStr.url).toMatch(URL_PATTERN);
    expect(byStr.ticket).not.toBe(byId.ticket);

    // Temporary codes are new on every call, even for the same scene.
    const again = await call<CreatedQr>((cb) => api.createTmpQRCode(123, 600, cb));
    expect(again.ticket).not.toBe(byId.ticket);
    expect(again.url).not.toBe(byId.url);
  });

  it('creates permanent codes without expire_seconds, and hands back the same code for the same scene', async () => {
    const first = await call<CreatedQr>((cb) => api.createLimitQRCode(7, cb));
    expect(first).toEqual({
      ticket: expect.any(String) as unknown,
      url: expect.stringMatching(URL_PATTERN) as unknown,
    });
    expect(await call<CreatedQr>((cb) => api.createLimitQRCode(7, cb))).toEqual(first);
    // The raw form with a numeric string (PHP clients) is the same scene.
    expect(
      await create({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: '7' } } }),
    ).toEqual(first);

    const named = await call<CreatedQr>((cb) => api.createLimitQRCode('vip-desk', cb));
    expect(named.ticket).not.toBe(first.ticket);
    expect(await call<CreatedQr>((cb) => api.createLimitQRCode('vip-desk', cb))).toEqual(named);
    // The same value as an int scene and a str scene are different codes.
    const seven = await create({
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: '7' } },
    });
    expect(seven.ticket).not.toBe(first.ticket);
    // Another account's scene 7 is its own code.
    const other = await buildAccount(p.ctx);
    const otherCode = await create(
      { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 7 } } },
      await fetchToken(p, other),
    );
    expect(otherCode.ticket).not.toBe(first.ticket);
  });

  it('takes the edges of each scene range and ignores the field the action does not use', async () => {
    expect(
      await create({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 4294967295 } } }),
    ).toMatchObject({
      expire_seconds: 60,
    });
    expect(
      await create({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100000 } } }),
    ).not.toHaveProperty('errcode');
    expect(
      await create({
        action_name: 'QR_LIMIT_STR_SCENE',
        action_info: { scene: { scene_id: 1, scene_str: 'é'.repeat(64) } },
      }),
    ).not.toHaveProperty('errcode');
    expect(
      await create({
        action_name: 'QR_STR_SCENE',
        expire_seconds: '120',
        action_info: { scene: { scene_str: 'x' } },
      }),
    ).toMatchObject({ expire_seconds: 120 });
  });

  it('cuts expire_seconds to 30 days, and treats 0 or a missing value as 60 s', async () => {
    const scene = { action_name: 'QR_SCENE', action_info: { scene: { scene_id: 5 } } };
    expect((await create({ ...scene, expire_seconds: 2592000 })).expire_seconds).toBe(2592000);
    expect((await create({ ...scene, expire_seconds: 99999999 })).expire_seconds).toBe(2592000);
    expect((await create({ ...scene, expire_seconds: 0 })).expire_seconds).toBe(60);
    expect((await create({ ...scene, expire_seconds: null })).expire_seconds).toBe(60);
    expect((await create({ ...scene, expire_seconds: -5 })).errcode).toBe(47001);
    expect((await create({ ...scene, expire_seconds: 1.5 })).errcode).toBe(47001);
  });

  it('answers 40052 for an unknown action_name and 40053 for every bad action_info', async () => {
    for (const action_name of [undefined, 'QR_CARD', 'qr_scene', 3]) {
      const body = await create({ action_name, action_info: { scene: { scene_id: 1 } } });
      expect(body.errcode, String(action_name)).toBe(40052);
      expect(body.errmsg).toMatch(/^invalid action name, .* rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    }
    const bad: [string, unknown][] = [
      ['QR_SCENE', undefined],
      ['QR_SCENE', {}],
      ['QR_SCENE', { scene: 'x' }],
      ['QR_SCENE', { scene: {} }],
      ['QR_SCENE', { scene: { scene_id: 0 } }],
      ['QR_SCENE', { scene: { scene_id: -1 } }],
      ['QR_SCENE', { scene: { scene_id: 4294967296 } }],
      ['QR_SCENE', { scene: { scene_id: 1.5 } }],
      ['QR_SCENE', { scene: { scene_id: 'abc' } }],
      ['QR_SCENE', { scene: { scene_str: 'only-a-string' } }],
      ['QR_LIMIT_SCENE', { scene: { scene_id: 100001 } }],
      ['QR_LIMIT_SCENE', { scene: { scene_id: 0 } }],
      ['QR_STR_SCENE', { scene: { scene_str: '' } }],
      ['QR_STR_SCENE', { scene: { scene_id: 5 } }],
      ['QR_LIMIT_STR_SCENE', { scene: { scene_str: 'x'.repeat(65) } }],
      ['QR_LIMIT_STR_SCENE', { scene: { scene_str: 12 } }],
    ];
    for (const [action_name, action_info] of bad) {
      const body = await create({ action_name, action_info });
      expect(body.errcode, `${action_name} ${JSON.stringify(action_info)}`).toBe(40053);
      expect(body.errmsg).toMatch(/^invalid action info, please check document/);
    }
  });

  it('answers 44002 for an empty body, 47001 for bad JSON and 43002 for GET', async () => {
    expect((await create('')).errcode).toBe(44002);
    expect((await create('{"action_name":')).errcode).toBe(47001);
    expect((await create('[1]')).errcode).toBe(47001);
    const get = await p.app.inject({ method: 'GET', url: `/cgi-bin/qrcode/create?access_token=${token}` });
    expect(get.json<WechatBody>().errcode).toBe(43002);
  });

  it('is for verified service accounts only (48001), and needs a token (41001/40001)', async () => {
    const scene = { action_name: 'QR_SCENE', action_info: { scene: { scene_id: 1 } } };
    for (const overrides of [
      { type: 'service' as const, verified: false },
      { type: 'subscription' as const, verified: true },
    ]) {
      const other = await buildAccount(p.ctx, overrides);
      expect((await create(scene, await fetchToken(p, other))).errcode, JSON.stringify(overrides)).toBe(
        48001,
      );
    }
    const missing = await p.app.inject({ method: 'POST', url: '/cgi-bin/qrcode/create', payload: scene });
    expect(missing.json<WechatBody>().errcode).toBe(41001);
    expect((await create(scene, 'not-a-token')).errcode).toBe(40001);
  });

  it('counts calls against the daily quota of 100,000', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/openapi/quota/get?access_token=${token}`,
      payload: { cgi_path: '/cgi-bin/qrcode/create' },
    });
    const quota = res.json<{ quota: { daily_limit: number; used: number } }>().quota;
    expect(quota.daily_limit).toBe(100000);
    expect(quota.used).toBeGreaterThan(0);
  });

  it('holds at most 100,000 permanent codes an account (45029), while scenes it has still answer', async () => {
    const full = await buildAccount(p.ctx);
    const fullToken = await fetchToken(p, full);
    const now = p.ctx.clock.now();
    // Seed 99,999 codes directly: 100 statements of 1,000 rows.
    for (let start = 0; start < 99_999; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(start + 1000, 99_999); i++) {
        rows.push({
          ticket: `seed-${full.id}-${i}`,
          account_id: full.id,
          action_name: 'QR_LIMIT_STR_SCENE' as const,
          scene_id: null,
          scene_str: `seed-${i}`,
          expire_seconds: null,
          expires_at: null,
          url: `http://weixin.qq.com/q/seed${full.id}${i}`,
          created_at: now,
        });
      }
      await p.ctx.db.insertInto('qr_codes').values(rows).execute();
    }
    const last = await create(
      { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 1 } } },
      fullToken,
    );
    expect(last.ticket).toEqual(expect.any(String));
    const over = await create(
      { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 2 } } },
      fullToken,
    );
    expect(over.errcode).toBe(45029);
    expect(over.errmsg).toMatch(/^qrcode count out of limit/);
    // Handing back an existing scene's code is not a new code; temporary codes have no limit.
    expect(
      await create({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 1 } } }, fullToken),
    ).toEqual(last);
    expect(
      (await create({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 2 } } }, fullToken))
        .expire_seconds,
    ).toBe(60);
  }, 120_000);

  it('serves a PNG at the URL wechat-api builds, which a QR reader decodes to the url', async () => {
    const code = await call<CreatedQr>((cb) => api.createTmpQRCode(99, 3600, cb));
    // wechat-api inserts the ticket raw: `=` (always there) and `/` reach us unencoded.
    const res = await fetch(api.showQRCodeURL(code.ticket));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${code.url.slice('http://weixin.qq.com/q/'.length)}.png"`,
    );
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(await decodeQr(png)).toBe(code.url);
  });

  it('reads the ticket raw (a + arriving as a space), URL-encoded once or twice', async () => {
    // About two tickets in three hold a `+`; look for one, within reason.
    let code: CreatedQr | undefined;
    for (let i = 0; i < 60 && !code; i++) {
      const made = await call<CreatedQr>((cb) => api.createTmpQRCode(i + 1, 600, cb));
      if (made.ticket.includes('+')) code = made;
    }
    expect(code).toBeDefined();
    const ticket = code!.ticket;
    for (const query of [
      `ticket=${ticket}`,
      `ticket=${encodeURIComponent(ticket)}`,
      `ticket=${encodeURIComponent(encodeURIComponent(ticket))}`,
    ]) {
      const res = await show(query);
      expect(res.statusCode, query).toBe(200);
      expect(await decodeQr(res.rawPayload)).toBe(code!.url);
    }
  });

  it('answers HTTP 404 with a JSON body for unknown, missing and expired tickets; permanent codes never expire', async () => {
    for (const query of ['ticket=bm8gc3VjaCB0aWNrZXQ=', 'ticket=', '']) {
      const res = await show(query);
      expect(res.statusCode, query).toBe(404);
      // Exactly text/plain: WxJava's QR download executors read such a body as the error (Appendix A.4).
      expect(res.headers['content-type']).toBe('text/plain');
      expect(res.json<WechatBody>()).toMatchObject({
        errcode: 46004,
        errmsg: expect.stringMatching(/rid: /) as unknown,
      });
    }

    const temporary = await call<CreatedQr>((cb) => api.createTmpQRCode(42, 60, cb));
    const permanent = await call<CreatedQr>((cb) => api.createLimitQRCode('forever', cb));
    p.ctx.clock.setOffset(59_000);
    expect((await show(`ticket=${encodeURIComponent(temporary.ticket)}`)).statusCode).toBe(200);
    p.ctx.clock.setOffset(60_000);
    expect((await show(`ticket=${encodeURIComponent(temporary.ticket)}`)).statusCode).toBe(404);
    p.ctx.clock.setOffset(400 * 86400_000);
    const still = await show(`ticket=${encodeURIComponent(permanent.ticket)}`);
    expect(still.statusCode).toBe(200);
    expect(await decodeQr(still.rawPayload)).toBe(permanent.url);
  });
});
