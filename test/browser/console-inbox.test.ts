/**
 * A customer-service agent in the console: signs in with the agent role
 * (sees only the inbox and basic info), claims a follower waiting after a
 * transfer_customer_service reply, answers, sees the follower's next message
 * arrive over the account's live stream, and closes; the follower gets the
 * answer in their conversation.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startBrowserPlatform, type BrowserPlatform } from '../helpers/browser.ts';
import { kfAccountSetup } from '../customservice/kf-helpers.ts';
import { ownApi } from '../helpers/factories.ts';
import { createConsoleUser } from '../console/console-client.ts';

describe.each(['sqlite', 'postgres'] as const)('the console inbox on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, { apps: ['console'] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await browser?.close();
    await platform?.close();
  });

  it('an agent claims a waiting follower, answers and closes', async () => {
    const s = await kfAccountSetup(platform, { developer: true });
    closers.push(() => s.dev!.close());
    await s.addAgent('alice@gzkf', { online: true });
    const { userId, openid } = await s.follower();
    s.dev!.onPost((req) =>
      req.body.includes('<Event>')
        ? { body: 'success' }
        : {
            body: `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${s.account.original_id}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>`,
          },
    );
    const conversation = `/users/${userId}/accounts/${s.account.appid}/messages`;
    const asked = await ownApi(platform, 'POST', conversation, {
      msgtype: 'text',
      text: { content: '我要人工客服' },
    });
    expect(asked.status).toBe(200);
    await createConsoleUser(platform, 'agent-alice', [{ role: 'customer_service', appid: s.account.appid }]);

    const context = await browser.newContext({
      baseURL: platform.baseUrl,
      viewport: { width: 1024, height: 768 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto('/console/');
    await page.getByLabel('Username').fill('agent-alice');
    await page.getByLabel('Password').fill('correct-horse-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId(`account-${s.account.appid}`).click();
    await page.getByRole('menuitem', { name: 'Customer service' }).click();
    // An agent's sidebar offers only what the role reaches.
    expect(await page.getByRole('menuitem', { name: 'Auto-reply' }).count()).toBe(0);

    await page.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Agent account' }) }).click();
    await page.getByTitle(/alice@gzkf/).click();
    await page.getByTestId(`session-${openid}`).click();
    await page.getByTestId('conversation').getByText('我要人工客服').waitFor();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByRole('tab', { name: 'Mine' }).click();
    await page.getByTestId(`session-${openid}`).getByText('alice@gzkf').waitFor();
    await page.getByLabel('Send').fill('您好，请问有什么可以帮您？');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('conversation').getByText('您好，请问有什么可以帮您？').waitFor();
    await page.getByTestId('window-state').getByText('Customer-service messages allowed for').waitFor();
    // Live: the follower's next message arrives over the account's stream, no reload or polling.
    const more = await ownApi(platform, 'POST', conversation, {
      msgtype: 'text',
      text: { content: '我的订单还没发货' },
    });
    expect(more.status).toBe(200);
    await page.getByTestId('conversation').getByText('我的订单还没发货').waitFor();
    await screenshot(page, 'console-inbox');

    const seen = await ownApi<{ items: { direction: string; text?: { content: string } }[] }>(
      platform,
      'GET',
      conversation,
    );
    expect(seen.body.items.map((m) => m.text?.content)).toContain('您好，请问有什么可以帮您？');

    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId(`session-${openid}`).waitFor({ state: 'detached' });
    await context.close();
  });
});
