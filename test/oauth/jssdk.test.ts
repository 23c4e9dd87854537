/**
 * JS-SDK server side (spec §18) on both databases: getticket (same ticket
 * while valid, a new one after expiry on the platform clock, 40097), the
 * wx.config checker with a right signature and with each usual mistake
 * (the explainer's contents asserted), JS-safe domains, the card signature,
 * and the served script.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { JsConfigVerdict } from '../../src/server/modules/webauth/check-js-config.ts';
import type { CardSignVerdict } from '../../src/server/modules/webauth/check-card-sign.ts';
import { buildAccount, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { advanceClock, wechatGet } from './web-auth-helpers.ts';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

interface TicketAnswer {
  errcode: number;
  errmsg: string;
  ticket: string;
  expires_in: number;
}

describe.each(DIALECTS)('JS-SDK on %s', (dialect) => {
  let p: TestPlatform;
  let account: AccountsTable;
  let token: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    account = await buildAccount(p.ctx);
    token = await fetchToken(p, account);
  });
  afterAll(async () => p.close());

  const ticket = (type: string, accessToken = token) =>
    wechatGet<TicketAnswer>(p, '/cgi-bin/ticket/getticket', { access_token: accessToken, type });

  const check = async (body: object) => {
    const res = await ownApi<JsConfigVerdict>(p, 'POST', '/jssdk/config-check', body);
    expect(res.status).toBe(200);
    return res.body;
  };

  /** A config signed right for `url`, with the current ticket. */
  const signed = async (url: string, overrides: { ticket?: string; signUrl?: string } = {}) => {
    const t = overrides.ticket ?? (await ticket('jsapi')).ticket;
    const timestamp = '1700000000';
    const nonceStr = 'Wm3WZYTPz0wzccnW';
    const signature = sha1(
      `jsapi_ticket=${t}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${overrides.signUrl ?? url}`,
    );
    return {
      url,
      appId: account.appid,
      timestamp,
      nonceStr,
      signature,
      jsApiList: ['updateAppMessageShareData', 'getLocation'],
    };
  };

  it('getticket: errcode 0, the same ticket while valid, a new one after 7200 s; 40097 for another type', async () => {
    const first = await ticket('jsapi');
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(first.ticket).toMatch(/^[A-Za-z0-9_-]{86}$/);
    await advanceClock(p, 100);
    const again = await ticket('jsapi');
    expect(again.ticket).toBe(first.ticket);
    expect(again.expires_in).toBe(7100);
    const card = await ticket('wx_card');
    expect(card.ticket).not.toBe(first.ticket);
    await advanceClock(p, 7100);
    token = await fetchToken(p, account);
    const next = await ticket('jsapi');
    expect(next.ticket).not.toBe(first.ticket);
    expect(next.expires_in).toBe(7200);
    expect(await ticket('card')).toMatchObject({ errcode: 40097 });
    expect(await ticket('jsapi', 'bad-token')).toMatchObject({ errcode: 40001 });
    expect(await wechatGet(p, '/cgi-bin/ticket/getticket', { type: 'jsapi' })).toMatchObject({
      errcode: 41001,
    });
  });

  it('getticket: 42001 with an expired account token, 40164 outside the IP allowlist', async () => {
    const other = await buildAccount(p.ctx);
    const stale = await fetchToken(p, other);
    await advanceClock(p, 7201);
    expect(await ticket('jsapi', stale)).toMatchObject({ errcode: 42001 });
    const fresh = await fetchToken(p, other);
    expect(await ticket('jsapi', fresh)).toMatchObject({ errcode: 0 });
    const patch = await ownApi(p, 'PATCH', `/accounts/${other.appid}`, { ip_whitelist: ['10.1.2.3'] });
    expect(patch.status).toBe(200);
    expect(await ticket('jsapi', fresh)).toMatchObject({ errcode: 40164 });
    // The clock moved: the suite's own token expired with it.
    token = await fetchToken(p, account);
  });

  it('accepts a right signature (fragment stripped by the platform) and lists unknown API names', async () => {
    const cfg = await signed('http://localhost:3000/page?id=1', {});
    const verdict = await check({
      ...cfg,
      url: 'http://localhost:3000/page?id=1#section',
      jsApiList: [...cfg.jsApiList, 'teleport'],
    });
    expect(verdict).toMatchObject({
      ok: true,
      errMsg: 'config:ok',
      url: {
        given: 'http://localhost:3000/page?id=1#section',
        signed: 'http://localhost:3000/page?id=1',
        fragment_removed: '#section',
      },
      expected_signature: cfg.signature,
      unknown_apis: ['teleport'],
      differences: [],
    });
    expect(verdict.signed_string).toBe(
      `jsapi_ticket=${verdict.ticket!.value}&noncestr=${cfg.nonceStr}&timestamp=${cfg.timestamp}&url=http://localhost:3000/page?id=1`,
    );
  });

  it('explains each usual mistake: fragment kept, URL encoded, stale ticket, wx_card ticket, nonceStr key, values not signed', async () => {
    const page = 'http://localhost:3000/a b?q=中文';
    const withFragment = await signed(`${page}#x`, { signUrl: `${page}#x` });
    let v = await check(withFragment);
    expect(v.ok).toBe(false);
    expect(v.errMsg).toBe('config:invalid signature');
    expect(v.url.signed).toBe(page);
    expect(v.given_signature).toBe(withFragment.signature);
    expect(v.expected_signature).not.toBe(withFragment.signature);
    expect(v.differences).toEqual([expect.stringContaining('signed with its #fragment')]);

    v = await check(await signed(page, { signUrl: encodeURIComponent(page) }));
    expect(v.differences).toEqual([expect.stringContaining('URL-encoded before signing')]);

    v = await check(await signed('http://localhost:3000/', { signUrl: 'http://localhost:3000' }));
    expect(v.differences).toEqual([expect.stringContaining('without its trailing "/"')]);

    const stale = (await ticket('jsapi')).ticket;
    await advanceClock(p, 7201);
    token = await fetchToken(p, account);
    const current = (await ticket('jsapi')).ticket;
    v = await check(await signed(page, { ticket: stale }));
    expect(v.ticket!.value).toBe(current);
    expect(v.differences).toEqual([expect.stringMatching(/stale jsapi_ticket that expired \d+ s ago/)]);

    const card = (await ticket('wx_card')).ticket;
    v = await check(await signed(page, { ticket: card }));
    expect(v.differences).toEqual([expect.stringContaining('wx_card api_ticket')]);

    const camel = sha1(`jsapi_ticket=${current}&nonceStr=abc&timestamp=1&url=${page}`);
    v = await check({ url: page, appId: account.appid, timestamp: '1', nonceStr: 'abc', signature: camel });
    expect(v.differences).toEqual([expect.stringContaining('"nonceStr"')]);

    const cfg = await signed(page);
    v = await check({ ...cfg, timestamp: '1700000001' });
    expect(v.differences).toEqual([
      expect.stringContaining('timestamp or nonceStr passed to wx.config are not the ones that were signed'),
    ]);
    v = await check({ ...cfg, signature: cfg.signature.toUpperCase() });
    expect(v.differences).toEqual([expect.stringContaining('uppercase')]);
    v = await check({ ...cfg, signature: 'abc' });
    expect(v.differences).toEqual([expect.stringContaining('not 40 hex')]);
  });

  it('refuses pages outside the JS-safe domains (sandbox allows localhost), and says when no ticket was fetched', async () => {
    const cfg = await signed('https://shop.example.com/p');
    let v = await check(cfg);
    expect(v).toMatchObject({ ok: false, errMsg: 'config:invalid url domain' });
    expect(v.differences[0]).toContain('shop.example.com is not among');
    expect(
      (await ownApi(p, 'PUT', `/accounts/${account.appid}/js-domains`, { domains: ['shop.example.com'] }))
        .status,
    ).toBe(200);
    v = await check(cfg);
    expect(v).toMatchObject({
      ok: true,
      errMsg: 'config:ok',
      domain: { allowed: true, host: 'shop.example.com' },
    });

    const fresh = await buildAccount(p.ctx);
    v = await check({ ...cfg, url: 'http://localhost/', appId: fresh.appid });
    expect(v.ok).toBe(false);
    expect(v.ticket).toBeNull();
    expect(v.differences[0]).toContain('no jsapi_ticket yet');
    v = await check({ ...cfg, appId: 'wx0000000000000000' });
    expect(v).toMatchObject({ ok: false, errMsg: 'config:invalid appid' });
  });

  it('checks card signatures over the sorted values with the wx_card ticket', async () => {
    const card = (await ticket('wx_card')).ticket;
    const values = {
      card_id: 'pFS7Fjg8kV1IdDz01r4SQwMkuCKc',
      code: '',
      openid: '',
      timestamp: '1700000000',
      nonce_str: 'n0nce',
    };
    const signature = sha1(
      [card, values.timestamp, values.card_id, values.code, values.openid, values.nonce_str, '']
        .sort()
        .join(''),
    );
    const ok = await ownApi<CardSignVerdict>(p, 'POST', '/jssdk/card-sign-check', {
      appId: account.appid,
      ...values,
      signature,
    });
    expect(ok.body).toMatchObject({ ok: true, expected_signature: signature });
    const legacy = sha1([card, values.timestamp, values.card_id].sort().join(''));
    const bad = await ownApi<CardSignVerdict>(p, 'POST', '/jssdk/card-sign-check', {
      appId: account.appid,
      ...values,
      signature: legacy,
    });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.signed_string).toBe(
      [card, values.timestamp, values.card_id, values.nonce_str].sort().join(''),
    );
    expect(bad.body.differences).toEqual([expect.stringContaining('nonce_str was left out')]);
  });

  it('serves the script at stable paths, and its public checker (CORS, text body)', async () => {
    for (const url of ['/open/js/jweixin-1.6.0.js', '/jssdk/wx.js']) {
      const res = await p.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/javascript');
      expect(res.body).toContain('global.wx = global.jWeixin = wx');
      expect(res.body).toContain('"chooseWXPay"');
    }
    expect((await p.app.inject({ method: 'GET', url: '/open/js/evil.js' })).statusCode).toBe(404);
    const cfg = await signed('http://localhost:8000/');
    const res = await p.app.inject({
      method: 'POST',
      url: '/jssdk/config-check',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(cfg),
    });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json()).toMatchObject({ ok: true, errMsg: 'config:ok' });
  });
});
