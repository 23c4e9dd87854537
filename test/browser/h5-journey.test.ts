/**
 * A developer's H5 page inside the follower client, end to end, in Chromium:
 * a VIEW menu button opens the page from a test developer site (a plain node
 * http server on 127.0.0.1); the page sends the follower to OAuth
 * (snsapi_userinfo), the follower consents inside the client, the site's
 * server exchanges the code and reads /sns/userinfo with the published
 * `wechat-oauth` SDK, and signs wx.config with `wechat-api`'s jsapi ticket.
 * The page then sets its share data (the client's menu shares it into a
 * chat) and asks for the location (the client's prompt). A page with a
 * wrong signature shows the platform's explainer in the debug panel.
 * Every wait is on what the page shows. `npm run screenshots` also writes
 * docs/screenshots/app-h5-*.png.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import OAuth from 'wechat-oauth';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { escapeHtml } from '../../src/server/modules/webauth/render-authorize-page.ts';
import {
  launchBrowser,
  newPhoneContext,
  screenshot,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';
import { buildAccount, fetchToken, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';

/** wechat-api's JS-SDK signer (lib/api_js.js), which the contract declaration does not list. */
type JsSdkApi = WechatAPI & {
  getJsConfig(
    param: { debug?: boolean; jsApiList: string[]; url: string },
    callback: (err: Error | null, config: Record<string, unknown>) => void,
  ): void;
  getTicket(type: string, callback: (err: Error | null, ticket: { ticket: string }) => void): void;
};

function promised<T>(fn: (callback: (err: Error | null, result: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));
}

const JS_APIS = ['updateAppMessageShareData', 'updateTimelineShareData', 'getLocation'];

/**
 * The developer's site: `/h5` (OAuth, then the signed JS-SDK page) and
 * `/h5-bad` (a wx.config signed over the URL-encoded page URL, debug on).
 */
async function startH5Site(platformBase: string, account: AccountsTable) {
  const oauth = new OAuth(account.appid, account.appsecret);
  const send = oauth.request.bind(oauth);
  // wechat-oauth hard-codes api.weixin.qq.com: point its requests at the platform (spec Appendix B).
  oauth.request = (url, opts, callback) =>
    send(url.replace('https://api.weixin.qq.com', platformBase), opts, callback);
  const jsapi = new WechatAPI(account.appid, account.appsecret) as JsSdkApi;
  jsapi.endpoint = platformBase;
  const readers: string[] = [];

  const server = http.createServer((req, res) => {
    void (async () => {
      const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const url = new URL(req.url ?? '/', site);
      const html = (body: string) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">${body}`);
      };
      if (url.pathname === '/h5') {
        const code = url.searchParams.get('code');
        if (!code) {
          const authorize = oauth
            .getAuthorizeURL(`${site}/h5`, 'autumn', 'snsapi_userinfo')
            .replace('https://open.weixin.qq.com', platformBase);
          res.writeHead(302, { location: authorize });
          return res.end();
        }
        const user = await promised<Record<string, unknown>>((cb) =>
          oauth.getUserByCode({ code, lang: 'zh_CN' }, cb),
        );
        readers.push(String(user.openid));
        // Signed over the URL the browser shows, code and state included, fragment never sent.
        const config = await promised<Record<string, unknown>>((cb) =>
          jsapi.getJsConfig({ jsApiList: JS_APIS, url: url.toString() }, cb),
        );
        return html(`<title>秋季书单</title>
<h1>你好，<span id="reader">${escapeHtml(String(user.nickname))}</span></h1>
<p id="share">share: waiting</p><p id="where">location: waiting</p>
<script src="${platformBase}/jssdk/wx.js"></script>
<script>
wx.config(${JSON.stringify(config)});
wx.error(function (e) { document.getElementById('share').textContent = 'config ' + e.errMsg; });
wx.ready(function () {
  var data = { title: '城市书店 · 秋季书单', desc: '十本适合秋天的书', link: '${site}/h5?from=share',
    imgUrl: '${site}/cover.png' };
  var done = [];
  function ok(res) { done.push(res.errMsg); if (done.length === 2) document.getElementById('share').textContent = 'share: ' + done.join(' '); }
  wx.updateAppMessageShareData(Object.assign({ success: ok }, data));
  wx.updateTimelineShareData(Object.assign({ success: ok }, data));
  wx.getLocation({ type: 'wgs84',
    success: function (r) { document.getElementById('where').textContent = 'location: ' + r.latitude + ',' + r.longitude; },
    fail: function (r) { document.getElementById('where').textContent = 'location: ' + r.errMsg; } });
});
</script>`);
      }
      if (url.pathname === '/h5-where') {
        const config = await promised<Record<string, unknown>>((cb) =>
          jsapi.getJsConfig({ jsApiList: ['getLocation'], url: url.toString() }, cb),
        );
        return html(`<title>附近的书店</title><p id="where">location: waiting</p>
<script src="${platformBase}/jssdk/wx.js"></script>
<script>
wx.config(${JSON.stringify(config)});
wx.ready(function () {
  wx.getLocation({ success: function (r) { document.getElementById('where').textContent = 'location: ' + r.latitude; },
    fail: function (r) { document.getElementById('where').textContent = 'location: ' + r.errMsg; } });
});
</script>`);
      }
      if (url.pathname === '/h5-bad') {
        const { ticket } = await promised<{ ticket: string }>((cb) => jsapi.getTicket('jsapi', cb));
        const timestamp = '1700000000';
        const nonceStr = 'autumnbooks';
        // The classic mistake: the page URL URL-encoded before signing.
        const signature = createHash('sha1')
          .update(
            `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${encodeURIComponent(url.toString())}`,
          )
          .digest('hex');
        const config = {
          debug: true,
          appId: account.appid,
          timestamp,
          nonceStr,
          signature,
          jsApiList: JS_APIS,
        };
        return html(`<title>签名错误的页面</title>
<p id="state">waiting</p>
<script src="${platformBase}/jssdk/wx.js"></script>
<script>
wx.config(${JSON.stringify(config)});
wx.error(function (e) { document.getElementById('state').textContent = 'wx.error ' + e.errMsg; });
wx.ready(function () { document.getElementById('state').textContent = 'ready'; });
</script>`);
      }
      res.writeHead(404);
      res.end();
    })().catch((err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err.stack);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** openids the site read through /sns/userinfo. */
    readers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DIALECTS)('an H5 page in the follower client on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;
  let site: Awaited<ReturnType<typeof startH5Site>>;
  let shop: AccountsTable;
  let context: BrowserContext;
  let page: Page;
  let frame: FrameLocator;
  const shot = async (name: string) => {
    if (dialect === 'sqlite') await screenshot(page, name);
  };

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, { apps: ['app'] });
    browser = await launchBrowser();
    // A verified service account: web authorization and the JS-SDK (sandbox allows 127.0.0.1, any port).
    shop = await buildAccount(platform.ctx, { name: '城市书店' });
    site = await startH5Site(platform.baseUrl, shop);
    const token = await fetchToken(platform, shop);
    const menu = await platform.app.inject({
      method: 'POST',
      url: `/cgi-bin/menu/create?access_token=${token}`,
      payload: { button: [{ type: 'view', name: '秋季书单', url: `${site.url}/h5` }] },
    });
    expect(menu.json()).toMatchObject({ errcode: 0 });
    context = await newPhoneContext(browser, platform.baseUrl);
    page = await context.newPage();
    frame = page.frameLocator('[data-testid=webview]');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
    await platform?.close();
  });

  it('authorises inside the client, reads userinfo with wechat-oauth, shares into a chat and gets the location', async () => {
    await page.goto('/app/');
    await page.getByRole('textbox', { name: '昵称' }).fill('小红');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByText('还没有聊天').waitFor();
    await page.goto(`/app/account/${shop.appid}`);
    await page.getByRole('button', { name: '关注公众号' }).click();
    await page.getByTestId('menu').getByRole('button', { name: '秋季书单' }).click();

    // The site sends the follower to OAuth; the client authorises as the identity it holds.
    await frame.getByTestId('as-user').getByText('小红').waitFor();
    await frame.getByText('获得你的公开信息').waitFor();
    await shot('app-h5-consent');
    await frame.getByRole('button', { name: '允许 · Allow' }).click();

    // Back on the site: its server read /sns/userinfo with the code.
    await frame.locator('#reader').getByText('小红').waitFor();
    const me = await page.evaluate<string>("localStorage.getItem('gz.app.user')");
    const follows = await ownApi<{ items: { appid: string; openid: string }[] }>(
      platform,
      'GET',
      `/users/${me}/follows`,
    );
    expect(site.readers).toEqual([follows.body.items.find((f) => f.appid === shop.appid)!.openid]);

    // wx.config passed: the share data is set, and getLocation waits for the follower's answer.
    await frame.getByText('share: updateAppMessageShareData:ok updateTimelineShareData:ok').waitFor();
    const consent = page.getByRole('dialog', { name: '提示' });
    await consent.getByText('要获取你的地理位置').waitFor();
    await consent.getByRole('button', { name: '允许', exact: true }).click();
    await frame.getByText('location: 39.9087,116.3975').waitFor();

    // The page view's menu sends the page, as the page set it, to a chat: a link card.
    await page.getByRole('button', { name: '更多' }).click();
    await page.getByRole('dialog', { name: '更多' }).getByRole('button', { name: '发送给朋友' }).click();
    await page.getByTestId('share-targets').getByRole('button', { name: '城市书店' }).click();
    await page.getByRole('status').getByText('已发送').waitFor();
    await page.goto(`/app/chat/${shop.appid}`);
    const card = page.getByTestId('message').filter({ hasText: '城市书店 · 秋季书单' });
    await card.getByText('十本适合秋天的书').waitFor();
    const sent = await ownApi<{ items: { msgtype: string; link?: { url: string } }[] }>(
      platform,
      'GET',
      `/users/${me}/accounts/${shop.appid}/messages?limit=10`,
    );
    expect(sent.body.items.find((m) => m.msgtype === 'link')?.link?.url).toBe(`${site.url}/h5?from=share`);
  });

  it('answers getLocation with WeChat\'s "auth deny" when the follower refuses', async () => {
    await page.goto(`/app/web?url=${encodeURIComponent(`${site.url}/h5-where`)}&appid=${shop.appid}`);
    const consent = page.getByRole('dialog', { name: '提示' });
    await consent.getByText('要获取你的地理位置').waitFor();
    await consent.getByRole('button', { name: '不允许' }).click();
    await frame.getByText('location: getLocation:fail auth deny').waitFor();
  });

  it('shows the explainer in the debug panel when the signature is wrong', async () => {
    await page.goto(`/app/web?url=${encodeURIComponent(`${site.url}/h5-bad?from=menu`)}&appid=${shop.appid}`);
    await frame.getByText('wx.error config:invalid signature').waitFor();
    const panel = page.getByTestId('debug-panel');
    await panel.getByText('wx.config · config:invalid signature').waitFor();
    await panel
      .getByTestId('debug-differences')
      .getByText('the url was URL-encoded before signing', { exact: false })
      .waitFor();
    await panel.getByTestId('debug-signed-url').getByText(`${site.url}/h5-bad?from=menu`).waitFor();
    const signed = await panel.getByTestId('debug-signed-string').innerText();
    expect(signed).toMatch(
      new RegExp(
        `^jsapi_ticket=[\\w-]{86}&noncestr=autumnbooks&timestamp=1700000000&url=${site.url.replace(/\./g, '\\.')}/h5-bad\\?from=menu$`,
      ),
    );
    await shot('app-h5-explainer');
  });
});
