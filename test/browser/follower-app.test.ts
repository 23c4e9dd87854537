/**
 * The follower client at /app in a phone-sized Chromium, against a listening
 * platform: a person creates an identity, finds and follows accounts, talks
 * to an auto-replying account and presses the menu of one whose developer
 * server answers, then receives a mass message and a template notification
 * without reloading. Every wait is on what the page shows.
 * `npm run screenshots` (GZ_SCREENSHOTS=1) also writes docs/screenshots/app-*.png.
 */
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { parseXml } from '../../src/server/wechat/xml.ts';
import {
  launchBrowser,
  newPhoneContext,
  screenshot,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, fetchToken, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';

const TOKEN = 'labtoken';

describe.each(DIALECTS)('the follower client on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;
  let dev: DeveloperServer;
  let cafe: AccountsTable;
  let lab: AccountsTable;
  let context: BrowserContext;
  let page: Page;
  const shots = dialect === 'sqlite';

  async function openApi(account: AccountsTable, path: string, body: unknown) {
    const token = await fetchToken(platform, account);
    const res = await platform.app.inject({
      method: 'POST',
      url: `${path}?access_token=${token}`,
      payload: body as object,
    });
    return res.json<{ errcode: number; [key: string]: unknown }>();
  }

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, { apps: ['app'], config: { massSendThrottle: false } });
    browser = await launchBrowser();
    dev = await startDeveloperServer(TOKEN);
    // 公众咖啡: a service account answering by auto-reply (developer mode off).
    cafe = await buildAccount(platform.ctx, {
      name: '公众咖啡',
      description: '精品咖啡与烘焙，每天现磨。',
    });
    const base = `/accounts/${cafe.appid}/autoreply`;
    await ownApi(platform, 'PUT', `${base}/settings`, {
      follow_reply: { msgtype: 'text', text: { content: '欢迎关注公众咖啡！回复“价格”查看价目表。' } },
    });
    await ownApi(platform, 'POST', `${base}/rules`, {
      rule_name: '价格',
      keywords: [{ match_mode: 'contain', content: '价格' }],
      replies: [{ msgtype: 'text', text: { content: '拿铁 25 元，美式 20 元' } }],
      reply_mode: 'reply_all',
    });
    // 开发者实验室: a subscription account whose developer server answers its menu.
    lab = await buildAccount(platform.ctx, { name: '开发者实验室', type: 'subscription' });
    await ownApi(platform, 'PUT', `/accounts/${lab.appid}/developer`, { url: dev.url, token: TOKEN });
    expect(
      await openApi(lab, '/cgi-bin/menu/create', {
        button: [
          { type: 'click', name: '今日推荐', key: 'TODAY' },
          {
            name: '更多',
            sub_button: [
              { type: 'view', name: '官网', url: 'https://example.com/' },
              { type: 'scancode_waitmsg', name: '扫码取号', key: 'SCAN' },
              { type: 'pic_photo_or_album', name: '发图', key: 'PIC' },
              {
                type: 'miniprogram',
                name: '小程序',
                url: 'https://example.com/',
                appid: 'wxmini0001',
                pagepath: 'pages/index',
              },
            ],
          },
        ],
      }),
    ).toMatchObject({ errcode: 0 });
    dev.onPost((request) => {
      const push = parseXml(request.body);
      if (push.Event !== 'CLICK') return { body: 'success' };
      const field = (name: string) => {
        const value = push[name];
        return typeof value === 'string' ? value : '';
      };
      const now = Math.floor(Date.now() / 1000);
      return {
        body: `<xml><ToUserName><![CDATA[${field('FromUserName')}]]></ToUserName><FromUserName><![CDATA[${field('ToUserName')}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[今日推荐：${field('EventKey')} 手冲咖啡]]></Content></xml>`,
      };
    });
    context = await newPhoneContext(browser, platform.baseUrl);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await dev?.close();
    await platform?.close();
  });

  const shot = async (name: string) => {
    if (shots) await screenshot(page, name);
  };

  it('walks a follower from a new identity to live notifications', async () => {
    // A new identity on this device.
    const response = await page.goto('/app/');
    expect(response?.status()).toBe(200);
    await page.getByRole('textbox', { name: '昵称' }).fill('小明');
    await shot('app-welcome');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByText('还没有聊天').waitFor();

    // Search by name, open the profile, follow; the follow reply arrives in the chat.
    await page.getByRole('link', { name: '发现' }).click();
    await page.getByTestId('discover-search').click();
    await page.getByRole('searchbox').fill('咖啡');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('search-results').getByText('公众咖啡').click();
    const profile = page.getByTestId('account-profile');
    await profile.getByText('精品咖啡与烘焙').waitFor();
    await profile.getByText('服务号').waitFor();
    await shot('app-profile');
    await page.getByRole('button', { name: '关注公众号' }).click();
    await page.getByText('欢迎关注公众咖啡！').waitFor();

    // A keyword and its auto-reply.
    await page.getByRole('textbox', { name: '输入消息' }).fill('请问价格');
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByText('拿铁 25 元，美式 20 元').waitFor();

    // The subscription account by its original id; its menu's CLICK reaches the developer server.
    await page.goto(`/app/search?q=${lab.original_id}`);
    await page.getByTestId('search-results').getByText('开发者实验室').click();
    await page.getByTestId('account-profile').getByText('订阅号').waitFor();
    await page.getByRole('button', { name: '关注公众号' }).click();
    const menu = page.getByTestId('menu');
    await menu.getByRole('button', { name: '今日推荐' }).click();
    const reply = page.getByTestId('message').filter({ hasText: '今日推荐：TODAY 手冲咖啡' });
    await reply.waitFor();
    await menu.getByRole('button', { name: '更多' }).click();
    await page.getByRole('menuitem', { name: '官网' }).waitFor();
    await shot('app-conversation');
    await page.getByRole('menuitem', { name: '小程序' }).click();
    await page.getByTestId('miniprogram').getByText('wxmini0001').waitFor();
    await page.goBack();

    // "show raw": the CLICK push as it crossed the wire, and the server's answer.
    await reply.getByRole('button', { name: '原始报文' }).click();
    await page
      .getByTestId('raw-request')
      .getByText('<Event><![CDATA[CLICK]]></Event>', { exact: false })
      .waitFor();
    await page.getByTestId('raw-reply').getByText('今日推荐：TODAY', { exact: false }).waitFor();
    await shot('app-raw');
    await page.getByRole('button', { name: 'close' }).click();

    // The chats list: the service account in the list, the subscription account folded.
    await page.goto('/app/');
    await page
      .getByTestId('chat-subscriptions')
      .getByText('开发者实验室: 今日推荐', { exact: false })
      .waitFor();
    await page.getByTestId(`chat-${cafe.appid}`).getByText('拿铁 25 元').waitFor();

    // A mass message and a template notification arrive live, in the right places.
    const me = await page.evaluate<string>("localStorage.getItem('gz.app.user')");
    const follows = await ownApi<{ items: { appid: string; openid: string }[] }>(
      platform,
      'GET',
      `/users/${me}/follows`,
    );
    const openid = follows.body.items.find((f) => f.appid === cafe.appid)!.openid;
    expect(
      await openApi(cafe, '/cgi-bin/message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'text',
        text: { content: '本周新品：桂花拿铁' },
      }),
    ).toMatchObject({ errcode: 0 });
    while ((await runDueJobs(platform.ctx, { limit: 4 })) > 0);
    const cafeRow = page.getByTestId(`chat-${cafe.appid}`);
    await cafeRow.getByText('本周新品：桂花拿铁').waitFor();
    await cafeRow.locator('.weui-badge').getByText('1').waitFor();

    await openApi(cafe, '/cgi-bin/template/api_set_industry', { industry_id1: '1', industry_id2: '4' });
    const added = await openApi(cafe, '/cgi-bin/template/api_add_template', { template_id_short: 'TM00015' });
    expect(
      await openApi(cafe, '/cgi-bin/message/template/send', {
        touser: openid,
        template_id: added.template_id,
        url: 'https://example.com/order/1',
        data: {
          first: { value: '我们已收到您的货款', color: '#173177' },
          orderMoneySum: { value: '30.00元' },
          orderProductName: { value: '桂花拿铁' },
          Remark: { value: '感谢惠顾' },
        },
      }),
    ).toMatchObject({ errcode: 0 });
    const notifications = page.getByTestId('chat-__notifications');
    await notifications.getByText('订单支付成功', { exact: false }).waitFor();
    await shot('app-chats');
    await notifications.click();
    await page.getByTestId('notification').getByText('商品信息：桂花拿铁').waitFor();
    await shot('app-notifications');
    // The template is not a chat bubble: the cafe's conversation ends with the mass message.
    await page.goto(`/app/chat/${cafe.appid}`);
    await page.getByTestId('message').last().getByText('本周新品：桂花拿铁').waitFor();
    expect(await page.getByTestId('messages').getByText('订单支付成功').count()).toBe(0);
  });

  it('opens a mass-sent article in the reader: read count, like, 在看, share, comment', async () => {
    const token = await fetchToken(platform, cafe);
    const cover = await sharp({ create: { width: 470, height: 200, channels: 3, background: '#c8a27a' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('media', new Blob([cover], { type: 'image/png' }), 'cover.png');
    const material = (await (
      await fetch(`${platform.baseUrl}/cgi-bin/material/add_material?access_token=${token}&type=image`, {
        method: 'POST',
        body: form,
      })
    ).json()) as { media_id: string };
    const news = await openApi(cafe, '/cgi-bin/media/uploadnews', {
      articles: [
        {
          thumb_media_id: material.media_id,
          author: '阿杰',
          title: '秋天的第一杯桂花拿铁',
          content: '<p>桂花、牛奶与浓缩咖啡，一杯秋天。</p>',
          digest: '桂花拿铁的做法',
          show_cover_pic: 1,
          need_open_comment: 1,
          only_fans_can_comment: 0,
        },
      ],
    });
    expect(news).toMatchObject({ type: 'news' });
    expect(
      await openApi(cafe, '/cgi-bin/message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpnews',
        mpnews: { media_id: news.media_id },
        send_ignore_reprint: 0,
      }),
    ).toMatchObject({ errcode: 0 });
    while ((await runDueJobs(platform.ctx, { limit: 4 })) > 0);

    await page.goto(`/app/chat/${cafe.appid}`);
    await page.getByTestId('message').getByText('秋天的第一杯桂花拿铁').click();
    const article = page.getByTestId('article');
    await article.getByText('桂花、牛奶与浓缩咖啡，一杯秋天。').waitFor();
    await article.getByTestId('read-count').getByText('1', { exact: false }).waitFor();
    await article.getByRole('button', { name: /^赞 0$/ }).click();
    await article.getByRole('button', { name: /^赞 1$/ }).waitFor();
    await article.getByRole('button', { name: /^在看 0$/ }).click();
    await article.getByRole('button', { name: /^在看 1$/ }).waitFor();
    await article.getByRole('button', { name: /^分享/ }).click();
    await page.getByRole('button', { name: '分享到朋友圈' }).click();
    await article.getByRole('button', { name: /^分享 1$/ }).waitFor();
    await article.getByRole('textbox', { name: '写留言' }).fill('太香了，明天就去');
    await article.getByRole('button', { name: '发送' }).click();
    await article.getByTestId('comment').getByText('太香了，明天就去').waitFor();
    await shot('app-article');
    // The account's profile lists it with its reads.
    await page.goto(`/app/account/${cafe.appid}`);
    await page.getByTestId('recent-articles').getByText('秋天的第一杯桂花拿铁').waitFor();
    await page.getByTestId('recent-articles').getByText('阅读 1', { exact: false }).waitFor();
  });

  it('follows by scanning a QR picture, sends a location and opens a VIEW page', async () => {
    const shop = await buildAccount(platform.ctx, { name: '城市书店' });
    await ownApi(platform, 'PATCH', `/accounts/${shop.appid}`, { location_report: 1 });
    await ownApi(platform, 'PUT', `/accounts/${shop.appid}/autoreply/settings`, {
      follow_reply: { msgtype: 'text', text: { content: '欢迎来到城市书店' } },
    });
    const qr = await openApi(shop, '/cgi-bin/qrcode/create', {
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: 'poster' } },
    });
    const png = await platform.app.inject({
      url: `/cgi-bin/showqrcode?ticket=${encodeURIComponent(String(qr.ticket))}`,
    });
    expect(png.headers['content-type']).toContain('image/png');

    await page.goto('/app/discover');
    await page.getByTestId('discover-scan').click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'poster.png',
      mimeType: 'image/png',
      buffer: png.rawPayload,
    });
    await page.getByText('欢迎来到城市书店').waitFor();
    expect(page.url()).toContain(`/app/chat/${shop.appid}`);

    // The account reports location on entering the chat: the client asks first, then sends LOCATION.
    const consent = page.getByRole('dialog', { name: '提示' });
    await consent.getByText('“城市书店”要获取你的地理位置').waitFor();
    await consent.getByRole('button', { name: '允许', exact: true }).click();
    await expect
      .poll(
        async () =>
          (
            await platform.ctx.db
              .selectFrom('event_log')
              .innerJoin('accounts', 'accounts.id', 'event_log.account_id')
              .select('event_log.type')
              .where('accounts.appid', '=', shop.appid)
              .where('event_log.type', '=', 'location')
              .execute()
          ).length,
      )
      .toBe(1);

    await page.getByRole('button', { name: '+' }).click();
    await page.getByRole('button', { name: '位置' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '发送' }).click();
    await page
      .getByTestId('message')
      .filter({ hasText: '北京市东城区天安门广场' })
      .and(page.locator('.gz-row-mine'))
      .waitFor();

    await page.goto(`/app/chat/${lab.appid}`);
    await page.getByTestId('menu').getByRole('button', { name: '更多' }).click();
    await page.getByRole('menuitem', { name: '官网' }).click();
    await page.locator('iframe[src="https://example.com/"]').waitFor({ state: 'attached' });
    // The VIEW event is pushed alongside opening the page.
    await expect
      .poll(() => dev.received.filter((r) => r.body.includes('<Event><![CDATA[VIEW]]></Event>')).length)
      .toBe(1);
  });

  it("lets a developer's H5 page use the JS-SDK on the client (location, scan)", async () => {
    const token = await fetchToken(platform, lab);
    const ticket = (
      await platform.app.inject({ url: `/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi` })
    ).json<{ ticket: string }>().ticket;
    const pageUrl = new URL('/h5', dev.url).toString();
    const config = {
      appId: lab.appid,
      timestamp: '1700000000',
      nonceStr: 'gzbridge',
      jsApiList: ['getLocation', 'scanQRCode'],
      signature: createHash('sha1')
        .update(`jsapi_ticket=${ticket}&noncestr=gzbridge&timestamp=1700000000&url=${pageUrl}`)
        .digest('hex'),
    };
    const html = `<!doctype html><meta charset="utf-8"><title>实验室 H5</title>
<script src="${platform.baseUrl}/jssdk/wx.js"></script>
<p id="out">waiting</p><button id="scan">scan</button>
<script>
var out = document.getElementById('out');
wx.config(${JSON.stringify(config)});
wx.error(function (e) { out.textContent = 'config ' + e.errMsg; });
wx.ready(function () {
  wx.getLocation({ success: function (r) { out.textContent = 'lat ' + r.latitude; },
    fail: function (r) { out.textContent = r.errMsg; } });
});
document.getElementById('scan').onclick = function () {
  wx.scanQRCode({ needResult: 1, success: function (r) { out.textContent = 'scanned ' + r.resultStr; } });
};
</script>`;
    dev.onGet((request) => {
      if (request.url.pathname === '/h5')
        return { headers: { 'content-type': 'text/html; charset=utf-8' }, body: html };
      if (request.url.pathname === '/signed-in')
        return {
          headers: { 'content-type': 'text/html' },
          body: `<p>code ${request.query.get('code') ?? ''}</p>`,
        };
      return { status: 404 };
    });

    await page.goto(`/app/web?url=${encodeURIComponent(pageUrl)}&appid=${lab.appid}`);
    const frame = page.frameLocator('[data-testid=webview]');
    // The page asks for the location: the client asks the follower first.
    await page
      .getByRole('dialog', { name: '提示' })
      .getByRole('button', { name: '允许', exact: true })
      .click();
    await frame.getByText('lat 39.9087').waitFor();
    await frame.getByRole('button', { name: 'scan' }).click();
    await page.getByRole('textbox', { name: '扫码结果' }).fill('https://example.com/ticket/42');
    await page.getByRole('button', { name: '确定' }).click();
    await frame.getByText('scanned https://example.com/ticket/42').waitFor();

    // Web authorisation inside the client (a verified service account): the platform knows who holds the phone.
    const redirect = new URL('/signed-in', dev.url).toString();
    const authorize = `${platform.baseUrl}/connect/oauth2/authorize?appid=${cafe.appid}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base&state=s1#wechat_redirect`;
    await page.goto(`/app/web?url=${encodeURIComponent(authorize)}&appid=${cafe.appid}`);
    await frame.getByText(/^code \S+$/).waitFor();
    const code = (await frame.locator('p').innerText()).slice(5);
    const grant = await platform.app.inject({
      url: `/sns/oauth2/access_token?appid=${cafe.appid}&secret=${cafe.appsecret}&code=${code}&grant_type=authorization_code`,
    });
    const me = await page.evaluate<string>("localStorage.getItem('gz.app.user')");
    const follows = await ownApi<{ items: { appid: string; openid: string }[] }>(
      platform,
      'GET',
      `/users/${me}/follows`,
    );
    expect(grant.json<{ openid: string }>().openid).toBe(
      follows.body.items.find((f) => f.appid === cafe.appid)!.openid,
    );
  });

  it('asks scan and photo buttons for their input and pushes their events', async () => {
    await page.goto(`/app/chat/${lab.appid}`);
    const menu = page.getByTestId('menu');
    await menu.getByRole('button', { name: '更多' }).click();
    await page.getByRole('menuitem', { name: '扫码取号' }).click();
    await page.getByRole('textbox', { name: '扫码结果' }).fill('queue-17');
    await page.getByRole('button', { name: '确定' }).click();
    await expect
      .poll(() => dev.received.some((r) => r.body.includes('<ScanResult><![CDATA[queue-17]]></ScanResult>')))
      .toBe(true);

    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#07c160' } })
      .jpeg()
      .toBuffer();
    await menu.getByRole('button', { name: '更多' }).click();
    await page.getByRole('menuitem', { name: '发图' }).click();
    await page
      .getByRole('dialog', { name: '选择照片' })
      .locator('input[type=file]')
      .setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
    // The photo arrives in the chat as the follower's image message, and the event reaches the server.
    await page.locator('.gz-row-mine img.gz-image').waitFor();
    await expect
      .poll(() => dev.received.some((r) => r.body.includes('<Event><![CDATA[pic_photo_or_album]]></Event>')))
      .toBe(true);
  });

  it('switches identity in one click, each with its own chats', async () => {
    await page.goto('/app/me');
    await page.getByRole('button', { name: '新建身份' }).click();
    await page.getByRole('textbox', { name: '昵称' }).fill('Alice');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByTestId('current-identity').getByText('Alice').waitFor();
    await page.getByRole('link', { name: '微信' }).click();
    await page.getByText('还没有聊天').waitFor();
    await page.getByRole('link', { name: '我' }).click();
    await page
      .getByTestId('identities')
      .locator('.weui-cell', { hasText: '小明' })
      .getByRole('button', { name: '切换' })
      .click();
    await page.getByTestId('current-identity').getByText('小明').waitFor();
    await shot('app-me');
    await page.getByRole('link', { name: '微信' }).click();
    await page.getByTestId(`chat-${cafe.appid}`).waitFor();

    // The UI speaks English too, and remembers the choice.
    await page.getByRole('link', { name: '我' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Chats' }).click();
    await page.getByTestId('chat-subscriptions').getByText('Subscriptions').waitFor();
    await page.reload();
    await page.getByTestId('chat-__notifications').getByText('Service Notifications').waitFor();
  });
});
