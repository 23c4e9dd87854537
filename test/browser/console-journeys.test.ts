/**
 * Operator journeys in the console at /console, in a laptop-sized Chromium
 * against a listening platform: sign in (and the error a wrong password
 * gets), set a keyword auto-reply that a follower then receives, fail and
 * pass server-URL verification with the doctor explaining the failure.
 * Waits on what the page shows, never on time.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import { launchBrowser, screenshot, startBrowserPlatform, type BrowserPlatform } from '../helpers/browser.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildFollower, ownApi } from '../helpers/factories.ts';
import { createConsoleUser } from '../console/console-client.ts';

describe.each(['sqlite', 'postgres'] as const)('the operator console on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;
  let account: AccountsTable;
  let password: string;
  const servers: DeveloperServer[] = [];

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, { apps: ['console', 'app'] });
    browser = await launchBrowser();
    password = (await ensureFirstConsoleAdmin(platform.ctx))!.password;
    account = await buildAccount(platform.ctx, { name: '城市图书馆' });
    await buildAccount(platform.ctx, {
      organization_id: account.organization_id,
      type: 'subscription',
      verified: false,
      name: 'Library News',
    });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await browser?.close();
    await platform?.close();
  });

  async function laptop(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      baseURL: platform.baseUrl,
      viewport: { width: 1366, height: 800 },
      locale,
    });
    // Under the test's own timeout, so a missing element fails with its locator named.
    context.setDefaultTimeout(15_000);
    return { context, page: await context.newPage() };
  }

  /** Waits until CSS transitions (drawers sliding in) have finished, so screenshots show the end state. */
  async function settled(page: Page) {
    // A string: the test's tsconfig has no DOM types; this runs in the page.
    await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')");
  }

  /** Opens an Ant Design select by its accessible name (its search input is invisible until open). */
  async function openSelect(page: Page, name: string) {
    await page.locator('.ant-select', { has: page.getByRole('combobox', { name }) }).click();
  }

  async function signIn(page: Page) {
    await page.goto('/console/');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  }

  it('refuses a wrong password saying what to do next, then signs in and out', async () => {
    const { context, page } = await laptop();
    await page.goto('/console/');
    await screenshot(page, 'console-sign-in');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('4 more wrong tries lock sign-in for 15 minutes').waitFor();
    await alert.getByText('Check the username and password').waitFor();

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId(`account-${account.appid}`).getByText('Verified').waitFor();
    await page.getByText('Library News').waitFor();
    await screenshot(page, 'console-accounts');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // The cookie is gone: a reload lands on the sign-in page again.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('sets a keyword auto-reply that a follower then receives', async () => {
    const { context, page } = await laptop();
    await signIn(page);
    await page.getByTestId(`account-${account.appid}`).click();
    await page.getByRole('menuitem', { name: 'Auto-reply' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Rule name').fill('Opening hours');
    await dialog.getByLabel('Keywords').fill('开放时间');
    await dialog.getByLabel('Text reply').fill('每天 9:00–21:00 开放');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'Opening hours' }).waitFor();

    await page.getByLabel('Rule tester').fill('开放时间');
    await page.getByRole('button', { name: 'Test' }).click();
    const result = page.getByTestId('tester-result');
    await result.getByText('Opening hours', { exact: true }).waitFor();
    await result.getByText('每天 9:00–21:00 开放').waitFor();
    await screenshot(page, 'console-autoreply');

    const { user } = await buildFollower(platform.ctx, account);
    const sent = await fetch(
      `${platform.baseUrl}/gz/v1/users/${user.id}/accounts/${account.appid}/messages`,
      {
        method: 'POST',
        headers: { ...platform.adminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: 'text', text: { content: '开放时间' } }),
      },
    );
    expect(sent.status).toBe(200);
    expect(JSON.stringify(await sent.json())).toContain('每天 9:00–21:00 开放');

    // The follower's message and the reply show in their profile drawer.
    await page.getByRole('menuitem', { name: 'Followers' }).click();
    await page.getByRole('cell', { name: user.nickname }).click();
    const conversation = page.getByTestId('conversation');
    await conversation.getByText('开放时间').waitFor();
    await conversation.getByText('每天 9:00–21:00 开放').waitFor();
    await page.getByTestId('window-state').getByText('Customer-service messages allowed for').waitFor();
    await settled(page);
    await screenshot(page, 'console-follower-drawer');

    // The follower client opens as this follower, on the same conversation.
    const [client] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Open the follower client as this follower' }).click(),
    ]);
    await client.getByText('每天 9:00–21:00 开放').first().waitFor();
    await context.close();
  });

  it('fails server verification with the doctor naming the wrong Token, then passes', async () => {
    const server = await startDeveloperServer('RightToken2026');
    servers.push(server);
    const { context, page } = await laptop();
    await signIn(page);
    await page.goto(`/console/a/${account.appid}/developer`);
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Token').fill('WrongToken2026');
    await page.getByRole('button', { name: 'Save and verify' }).click();
    const doctor = page.getByTestId('verification-doctor');
    await doctor.getByText('most likely its Token differs').waitFor();
    await doctor.getByText('HTTP 401 · bad signature').waitFor();
    await doctor.getByText(`GET ${server.url}?signature=`).waitFor();
    await screenshot(page, 'console-verification-doctor');

    await page.getByLabel('Token').fill('RightToken2026');
    await page.getByRole('button', { name: 'Save and verify' }).click();
    await page.getByTestId('verified-ok').waitFor();
    expect(await doctor.count()).toBe(0);

    // Developer mode on: the auto-reply screen says its rules do not fire.
    await page.getByRole('menuitem', { name: 'Auto-reply' }).click();
    await page.getByTestId('devmode-banner').waitFor();
    await context.close();
  });

  it('edits the menu with the phone preview, refuses what WeChat refuses, and shows it as a follower sees it', async () => {
    const { user } = await buildFollower(platform.ctx, account);
    const { context, page } = await laptop();
    await signIn(page);
    await page.goto(`/console/a/${account.appid}/menus`);
    const phone = page.getByTestId('phone-preview').first();
    await phone.getByLabel('add button').click();
    await page.getByLabel('Button name').fill('这是一个非常长的菜单名称');
    const problems = page.getByTestId('menu-problems');
    await problems.getByText('40018').waitFor();
    expect(await page.getByRole('button', { name: 'Save and publish' }).isDisabled()).toBe(true);
    await page.getByLabel('Button name').fill('借阅');
    await page.getByLabel('key').fill('BORROW');
    await phone.getByLabel('add button').click();
    await page.getByLabel('Button name').fill('官网');
    await openSelect(page, 'Button type');
    await page.getByTitle('view', { exact: true }).click();
    await page.getByLabel('url').fill('ftp://library.example');
    await problems.getByText('65317').waitFor();
    await page.getByLabel('url').fill('https://library.example/');
    await problems.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.getByText('Saved').waitFor();

    const seen = await fetch(`${platform.baseUrl}/gz/v1/users/${user.id}/accounts/${account.appid}/menu`, {
      headers: platform.adminHeaders,
    });
    const menu = (await seen.json()) as { button: { name: string; type?: string; url?: string }[] };
    expect(menu.button.map((b) => b.name)).toEqual(['借阅', '官网']);
    expect(menu.button[1]).toMatchObject({ type: 'view', url: 'https://library.example/' });

    await openSelect(page, 'Preview as follower');
    await page.getByTitle(new RegExp(user.nickname)).click();
    await page.getByText('menuid').waitFor();
    await page.getByTestId('phone-preview').nth(1).getByText('官网').waitFor();
    await page.keyboard.press('Escape');
    await settled(page);
    await screenshot(page, 'console-menus');
    await context.close();
  });

  it("changes a person's roles: another role on the account and a new one on a second account", async () => {
    const person = await createConsoleUser(platform, 'lin-ops', [{ role: 'operator', appid: account.appid }]);
    const { context, page } = await laptop();
    await signIn(page);
    await page.goto('/console/people');
    const row = page.getByRole('row', { name: /lin-ops/ });
    await row.getByText('Operator · 城市图书馆').waitFor();
    await row.getByRole('button', { name: 'Edit roles' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Roles 1' }) }).click();
    await page.getByTitle('Analyst', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Add role' }).click();
    await dialog.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Roles 2' }) }).click();
    await page.getByTitle('Customer service', { exact: true }).last().click();
    await dialog.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Scope 2' }) }).click();
    await page.getByTitle('Library News', { exact: true }).last().click();
    await settled(page);
    await screenshot(page, 'console-people-roles');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await row.getByText('Customer service · Library News').waitFor();
    await row.getByText('Analyst · 城市图书馆').waitFor();

    const grants = await platform.ctx.db
      .selectFrom('console_grants')
      .select('role')
      .where('user_id', '=', person.id)
      .orderBy('role')
      .execute();
    expect(grants.map((g) => g.role)).toEqual(['analyst', 'customer_service']);
    await context.close();
  });

  it('reorders menu buttons by dragging and publishes a conditional menu that only tagged followers see', async () => {
    const shop = await buildAccount(platform.ctx, {
      organization_id: account.organization_id,
      name: '社区书店',
    });
    const member = await buildFollower(platform.ctx, shop);
    const visitor = await buildFollower(platform.ctx, shop);
    const tag = await ownApi<{ id: number }>(platform, 'POST', `/accounts/${shop.appid}/tags`, {
      name: '会员',
    });
    await ownApi(platform, 'POST', `/accounts/${shop.appid}/tags/${tag.body.id}/members`, {
      openids: [member.follower.openid],
    });

    const { context, page } = await laptop();
    await signIn(page);
    await page.goto(`/console/a/${shop.appid}/menus`);
    const phone = page.getByTestId('phone-preview').first();
    await phone.getByLabel('add button').click();
    await page.getByLabel('Button name').fill('借阅');
    await phone.getByLabel('add button').click();
    await page.getByLabel('Button name').fill('活动');
    // Drag 活动 onto 借阅: the two swap places.
    await phone.getByText('活动', { exact: true }).dragTo(phone.getByText('借阅', { exact: true }));
    await expect
      .poll(() => phone.locator('.phone-bar .phone-button:not(.add)').allTextContents())
      .toEqual(['活动', '借阅']);

    await page.getByRole('button', { name: 'Add conditional menu' }).click();
    await page.getByRole('tab', { name: 'Conditional menu 1', selected: true }).waitFor();
    await openSelect(page, 'Follower tag');
    await page.getByTitle('会员', { exact: true }).click();
    await phone.getByText('菜单', { exact: true }).click();
    await page.getByLabel('Button name').fill('会员专享');
    await settled(page);
    await screenshot(page, 'console-menus-conditional');
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.getByText('Saved').waitFor();

    const menuOf = async (userId: string) => {
      const res = await fetch(`${platform.baseUrl}/gz/v1/users/${userId}/accounts/${shop.appid}/menu`, {
        headers: platform.adminHeaders,
      });
      return ((await res.json()) as { button: { name: string }[] }).button.map((b) => b.name);
    };
    expect(await menuOf(visitor.user.id)).toEqual(['活动', '借阅']);
    expect(await menuOf(member.user.id)).toEqual(['会员专享']);
    await context.close();
  });

  it('creates a QR code whose scans and follows it then counts, on a tablet-sized screen', async () => {
    const context = await browser.newContext({
      baseURL: platform.baseUrl,
      viewport: { width: 820, height: 1180 },
      hasTouch: true,
      locale: 'en-US',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`/console/a/${account.appid}/qrcodes`);
    await page.getByLabel('Scene').fill('spring-fair');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('img', { name: 'spring-fair' }).waitFor();

    const list = await fetch(`${platform.baseUrl}/gz/v1/accounts/${account.appid}/qrcodes`, {
      headers: platform.adminHeaders,
    });
    const ticket = ((await list.json()) as { items: { ticket: string; scene_str: string }[] }).items.find(
      (c) => c.scene_str === 'spring-fair',
    )!.ticket;
    const png = await fetch(`${platform.baseUrl}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`);
    expect(png.headers.get('content-type')).toContain('image/png');
    const newcomer = await fetch(`${platform.baseUrl}/gz/v1/users`, {
      method: 'POST',
      headers: { ...platform.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ nickname: 'Fair visitor' }),
    });
    const visitor = (await newcomer.json()) as { id: string };
    const scanned = await fetch(`${platform.baseUrl}/gz/v1/users/${visitor.id}/scans`, {
      method: 'POST',
      headers: { ...platform.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ ticket }),
    });
    expect(scanned.status).toBe(200);
    await page.reload();
    const row = page.getByRole('row', { name: /spring-fair/ });
    await row.getByRole('cell', { name: '1', exact: true }).nth(1).waitFor();
    await screenshot(page, 'console-qrcodes-tablet');
    await context.close();
  });

  it('sets industries, adds a library template and sends a test with a rendered preview', async () => {
    const { user } = await buildFollower(platform.ctx, account);
    const { context, page } = await laptop();
    await signIn(page);
    await page.goto(`/console/a/${account.appid}/templates`);
    await openSelect(page, 'Primary industry');
    await page.getByTitle('IT科技 / 互联网|电子商务').click();
    await openSelect(page, 'Secondary industry');
    await page.getByTitle('IT科技 / IT软件与服务').last().click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Primary industry: IT科技 / 互联网|电子商务').waitFor();
    await page
      .getByRole('row', { name: /TM00015/ })
      .getByRole('button', { name: 'Add' })
      .click();
    await page.getByText('订单支付成功').first().waitFor();
    await page.getByText('Send a test').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Recipient' }) }).click();
    await page.getByTitle(user.nickname).click();
    await dialog.getByLabel('orderMoneySum').fill('¥39.00');
    await dialog.getByTestId('template-preview').getByText('支付金额：¥39.00').waitFor();
    await screenshot(page, 'console-templates');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Sent', { exact: true }).waitFor();
    const feed = await fetch(`${platform.baseUrl}/gz/v1/users/${user.id}/notifications`, {
      headers: platform.adminHeaders,
    });
    expect(JSON.stringify(await feed.json())).toContain('¥39.00');
    await context.close();
  });

  it('adds a subscribe-notification template from the library with chosen keywords, then deletes it', async () => {
    // Its own account: the token fetched below must not count in another test's usage chart.
    const account = await buildAccount(platform.ctx, {
      name: '社区超市',
    });
    const { context, page } = await laptop();
    await signIn(page);
    await page.goto(`/console/a/${account.appid}/subscribe-templates`);
    await openSelect(page, 'Category');
    await page.getByTitle('电商平台', { exact: true }).click();
    await openSelect(page, 'Template');
    await page.getByTitle('订单发货通知', { exact: true }).click();
    const keywords = page.locator('.ant-checkbox-wrapper');
    await keywords.nth(0).click();
    expect(await page.getByRole('button', { name: 'Add' }).isDisabled()).toBe(true);
    await keywords.nth(1).click();
    await page.getByLabel('Scene (shown in the popup, ≤ 15 characters)').fill('订单发货提醒');
    await page.getByRole('button', { name: 'Add' }).click();
    const row = page.getByRole('row', { name: /订单发货通知/ });
    await row.waitFor();
    await screenshot(page, 'console-subscribe-templates');

    // The developer's newtmpl/gettemplate sees what the console added.
    const token = await fetch(
      `${platform.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
    ).then((r) => r.json() as Promise<{ access_token: string }>);
    const listed = await fetch(
      `${platform.baseUrl}/wxaapi/newtmpl/gettemplate?access_token=${token.access_token}`,
    ).then((r) => r.json() as Promise<{ data: { title: string; content: string }[] }>);
    expect(listed.data.map((d) => d.title)).toEqual(['订单发货通知']);
    expect(listed.data[0]!.content.split('\n')).toHaveLength(2);

    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await row.waitFor({ state: 'detached' });
    await context.close();
  });

  it('speaks Chinese for a Chinese browser and switches to English', async () => {
    // A few API calls so today's usage chart has something to show.
    for (let i = 0; i < 3; i += 1) {
      await fetch(
        `${platform.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
      );
    }
    const { context, page } = await laptop('zh-CN');
    await page.goto('/console/');
    await page
      .getByRole('button', { name: '登 录' })
      .or(page.getByRole('button', { name: '登录' }))
      .waitFor();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s?录/ }).click();
    await page.getByRole('heading', { name: '公众号' }).waitFor();
    await page.goto(`/console/a/${account.appid}/info`);
    await page.getByText('接口权限').waitFor();
    await page.getByText('今日接口调用与每日上限').waitFor();
    await page.getByRole('cell', { name: '3 / 2000' }).waitFor();
    await screenshot(page, 'console-account-info-zh');
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('API permissions').waitFor();
    await context.close();
  });
});
