/**
 * The follower client's later additions, in a phone-sized Chromium against
 * a listening platform: finding an account by its WeChat id (微信号, any
 * case) and seeing it on the profile; tapping an option of a menu message
 * (the developer server gets the text with `bizmsgmenuid`); unread badges
 * kept on the server, so a second device shows the same count and reading
 * there clears the badge on the first. Every wait is on what the page shows
 * or on the platform's answer.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import {
  launchBrowser,
  newPhoneContext,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, fetchToken, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';

const TOKEN = 'menutoken';

describe.each(DIALECTS)(
  'menu messages, WeChat ids and server-side unread in the follower client on %s',
  (dialect) => {
    let browser: Browser;
    let platform: BrowserPlatform;
    let dev: DeveloperServer;
    let cafe: AccountsTable;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      platform = await startBrowserPlatform(dialect, { apps: ['app'] });
      browser = await launchBrowser();
      dev = await startDeveloperServer(TOKEN);
      cafe = await buildAccount(platform.ctx, { name: '菜单咖啡馆', alias: 'menu-cafe' });
      await ownApi(platform, 'PUT', `/accounts/${cafe.appid}/developer`, { url: dev.url, token: TOKEN });
    });
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      await dev?.close();
      await platform?.close();
    });

    async function newPage(): Promise<Page> {
      const context = await newPhoneContext(browser, platform.baseUrl);
      contexts.push(context);
      return context.newPage();
    }

    async function customSend(openid: string, message: object) {
      const token = await fetchToken(platform, cafe);
      const res = await platform.app.inject({
        method: 'POST',
        url: `/cgi-bin/message/custom/send?access_token=${token}`,
        payload: { touser: openid, ...message },
      });
      expect(res.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    }

    it('finds an account by WeChat id, taps a menu option, and keeps unread counts across devices', async () => {
      const page = await newPage();
      await page.goto('/app/');
      await page.getByRole('textbox', { name: '昵称' }).fill('小红');
      await page.getByRole('button', { name: '创建' }).click();
      await page.getByText('还没有聊天').waitFor();

      // The WeChat id, typed in another case, finds the account; the profile shows it.
      await page.goto('/app/search?q=MENU-CAFE');
      await page.getByTestId('search-results').getByText('菜单咖啡馆').click();
      await page.getByTestId('account-alias').getByText('微信号: menu-cafe').waitFor();
      await page.getByRole('button', { name: '关注公众号' }).click();
      await page.getByRole('textbox', { name: '输入消息' }).fill('你好');
      await page.getByRole('button', { name: '发送' }).click();
      await page.getByTestId('message').filter({ hasText: '你好' }).waitFor();

      // A menu message arrives live; tapping an option sends its text with its id.
      const me = await page.evaluate<string>("localStorage.getItem('gz.app.user')");
      const follows = await ownApi<{ items: { appid: string; openid: string }[] }>(
        platform,
        'GET',
        `/users/${me}/follows`,
      );
      const openid = follows.body.items.find((f) => f.appid === cafe.appid)!.openid;
      await customSend(openid, {
        msgtype: 'msgmenu',
        msgmenu: {
          head_content: '您对本次服务是否满意呢？',
          list: [
            { id: '101', content: '满意' },
            { id: '102', content: '不满意' },
          ],
          tail_content: '欢迎再次光临',
        },
      });
      const menu = page.getByTestId('message').filter({ hasText: '您对本次服务是否满意呢？' });
      const from = dev.received.length;
      await menu.getByRole('link', { name: '满意', exact: true }).click();
      await page.locator('.gz-row-mine .gz-bubble', { hasText: /^满意$/ }).waitFor();
      const pushes = dev.received.slice(from).filter((r) => r.method === 'POST');
      expect(pushes).toHaveLength(1);
      expect(pushes[0]!.body).toMatch(
        /<MsgType><!\[CDATA\[text\]\]><\/MsgType><Content><!\[CDATA\[满意\]\]><\/Content><MsgId>\d+<\/MsgId><bizmsgmenuid>101<\/bizmsgmenuid><\/xml>$/,
      );

      // Two messages while the chats list is showing: a badge of 2.
      await page.goto('/app/');
      const row = page.getByTestId(`chat-${cafe.appid}`);
      await row.waitFor();
      await customSend(openid, { msgtype: 'text', text: { content: '第一条新消息' } });
      await customSend(openid, { msgtype: 'text', text: { content: '第二条新消息' } });
      await row.getByText('第二条新消息').waitFor();
      await row.locator('.weui-badge').getByText('2').waitFor();

      // Another device acting as the same user sees the same 2 (not every message it never saw here).
      const other = await newPage();
      await other.goto('/app/');
      // The welcome screen shows once the device has its session cookie.
      await other.getByRole('textbox', { name: '昵称' }).waitFor();
      // The tester picks the existing identity on this device (sandbox), as the Me page's picker does.
      const picked = await other
        .context()
        .request.put(`${platform.baseUrl}/gz/v1/app/session/users/${encodeURIComponent(me)}`);
      expect(picked.status()).toBe(200);
      await other.evaluate(`localStorage.setItem('gz.app.user', ${JSON.stringify(me)})`);
      await other.reload();
      const otherRow = other.getByTestId(`chat-${cafe.appid}`);
      await otherRow.getByText('第二条新消息').waitFor();
      await otherRow.locator('.weui-badge').getByText('2').waitFor();

      // Reading there clears the badge on the first device too.
      const marked = other.waitForResponse(
        (r) => r.request().method() === 'PUT' && r.url().endsWith('/read'),
      );
      await otherRow.click();
      await other.getByTestId('message').filter({ hasText: '第二条新消息' }).waitFor();
      expect((await marked).status()).toBe(200);
      await page.reload();
      await row.getByText('第二条新消息').waitFor();
      expect(await row.locator('.weui-badge').count()).toBe(0);
    });
  },
);
