/**
 * Published SDKs against a listening Gongzhong: node-webot `wechat-oauth`
 * (URLs hard-coded to api.weixin.qq.com, so its `request` method is
 * overridden to rewrite the host, as spec Appendix B says; its authorize
 * URL is rewritten the same way) exchanging a code and reading userinfo;
 * `wechat-api` (api.endpoint assigned) fetching tickets and signing a
 * wx.config that the platform's checker accepts.
 */
import type { AddressInfo } from 'node:net';
import OAuth from 'wechat-oauth';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { JsConfigVerdict } from '../../src/server/modules/webauth/check-js-config.ts';
import { buildAccount, buildUser, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { advanceClock } from './web-auth-helpers.ts';

/** wechat-api's JS-SDK methods (lib/api_js.js), which the contract declaration does not list. */
interface Ticket {
  ticket: string;
  /** Client ms: now + (expires_in - 10) s. */
  expireTime: number;
}
interface JsConfig {
  appId: string;
  timestamp: string;
  nonceStr: string;
  signature: string;
  jsApiList: string[];
}
type JsSdkApi = WechatAPI & {
  /** GET /cgi-bin/ticket/getticket?type=; always asks the server. */
  getTicket(type: string, callback: (err: Error | null, ticket: Ticket) => void): void;
  /** A wx.config for `url`, signed with the cached (or freshly fetched) jsapi ticket. */
  getJsConfig(
    param: { jsApiList: string[]; url: string },
    callback: (err: Error | null, config: JsConfig) => void,
  ): void;
};

function jsSdkApi(appid: string, secret: string, endpoint: string): JsSdkApi {
  const api = new WechatAPI(appid, secret) as JsSdkApi;
  api.endpoint = endpoint;
  return api;
}

function promised<T>(fn: (callback: (err: Error | null, result: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
}

describe.each(DIALECTS)('published SDKs for web pages on %s', (dialect) => {
  let p: TestPlatform;
  let base: string;
  let account: AccountsTable;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
    account = await buildAccount(p.ctx);
  });
  afterAll(async () => p.close());

  /** A wechat-oauth client whose every request goes to the platform. */
  function oauthClient(): OAuth {
    const client = new OAuth(account.appid, account.appsecret);
    const original = client.request.bind(client);
    client.request = (url, opts, callback) =>
      original(url.replace('https://api.weixin.qq.com', base), opts, callback);
    return client;
  }

  /** Follows the SDK's authorize URL in a "browser": the page, then the user's Allow. */
  async function authorizeInBrowser(client: OAuth, userId: string): Promise<URL> {
    const link = client
      .getAuthorizeURL('http://localhost:4000/oauth/callback', 'from-sdk', 'snsapi_userinfo')
      .replace('https://open.weixin.qq.com', base)
      .replace(/#wechat_redirect$/, '');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('snsapi_userinfo');
    const confirm = await fetch(link, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_id: userId, decision: 'allow' }),
    });
    expect(confirm.status).toBe(302);
    return new URL(confirm.headers.get('location')!);
  }

  it('wechat-oauth: authorize URL → code → getUserByCode reads the user; verifyToken; bad code is 40029', async () => {
    const user = await buildUser(p, { nickname: '网页用户', avatar_url: 'http://img.example/u/132' });
    const client = oauthClient();
    const callback = await authorizeInBrowser(client, user.id);
    expect(callback.searchParams.get('state')).toBe('from-sdk');
    const code = callback.searchParams.get('code')!;
    const profile = await promised<Record<string, unknown>>((cb) =>
      client.getUserByCode({ code, lang: 'zh_CN' }, cb),
    );
    expect(profile).toMatchObject({
      nickname: '网页用户',
      headimgurl: 'http://img.example/u/132',
      privilege: [],
      sex: 0,
    });
    expect(profile.openid).toMatch(/^[A-Za-z0-9_-]{28}$/);
    expect(profile.unionid).toEqual(expect.any(String));

    const second = (await authorizeInBrowser(client, user.id)).searchParams.get('code')!;
    const token = await promised<OAuth.AccessToken>((cb) => client.getAccessToken(second, cb));
    expect(token.data).toMatchObject({ openid: profile.openid, expires_in: 7200, scope: 'snsapi_userinfo' });
    const verified = await promised<{ errcode: number }>((cb) =>
      client.verifyToken(token.data.openid, token.data.access_token, cb),
    );
    expect(verified).toEqual({ errcode: 0, errmsg: 'ok' });
    const refreshed = await promised<OAuth.AccessToken>((cb) =>
      client.refreshAccessToken(token.data.refresh_token, cb),
    );
    expect(refreshed.data.access_token).toBe(token.data.access_token);

    const reused = await new Promise<OAuth.OAuthError | null>((resolve) =>
      client.getAccessToken(second, (err) => resolve(err)),
    );
    expect(reused?.code).toBe(40163);
    const bad = await new Promise<OAuth.OAuthError | null>((resolve) =>
      client.getAccessToken('nonsense', (err) => resolve(err)),
    );
    expect(bad?.code).toBe(40029);
  });

  it('wechat-api: getTicket for jsapi and wx_card, a new ticket after expiry, getJsConfig accepted by the checker', async () => {
    const api = jsSdkApi(account.appid, account.appsecret, base);
    const first = await promised<Ticket>((cb) => api.getTicket('jsapi', cb));
    expect(first.ticket).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const again = await promised<Ticket>((cb) => api.getTicket('jsapi', cb));
    expect(again.ticket).toBe(first.ticket);
    const card = await promised<Ticket>((cb) => api.getTicket('wx_card', cb));
    expect(card.ticket).not.toBe(first.ticket);

    const url = 'http://localhost:4000/page?from=menu';
    const config = await promised<JsConfig>((cb) =>
      api.getJsConfig({ jsApiList: ['updateAppMessageShareData', 'getLocation'], url }, cb),
    );
    const verdict = await ownApi<JsConfigVerdict>(p, 'POST', '/jssdk/config-check', {
      ...config,
      url: `${url}#top`,
    });
    expect(verdict.body).toMatchObject({
      ok: true,
      errMsg: 'config:ok',
      expected_signature: config.signature,
    });

    await advanceClock(p, 7200);
    // The account token expired too: a fresh client fetches both again.
    const later = jsSdkApi(account.appid, account.appsecret, base);
    const next = await promised<Ticket>((cb) => later.getTicket('jsapi', cb));
    expect(next.ticket).not.toBe(first.ticket);
    const stale = await ownApi<JsConfigVerdict>(p, 'POST', '/jssdk/config-check', { ...config, url });
    expect(stale.body.ok).toBe(false);
    expect(stale.body.differences).toEqual([expect.stringContaining('stale jsapi_ticket')]);
  });
});
