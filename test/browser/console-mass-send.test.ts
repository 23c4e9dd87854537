/**
 * Mass send from the console: the forecast for a tag, a text sent to that
 * tag, the history row following the fan-out job live until it is sent with
 * the finish counts; the tagged followers have the message, the others not.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import { launchBrowser, screenshot, startBrowserPlatform, type BrowserPlatform } from '../helpers/browser.ts';
import { buildAccount, buildFollower, ownApi } from '../helpers/factories.ts';

describe.each(['sqlite', 'postgres'] as const)('console mass send on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, {
      apps: ['console'],
      config: { massSendThrottle: false },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('forecasts, sends to a tag and shows the progress until the send finishes', async () => {
    const password = (await ensureFirstConsoleAdmin(platform.ctx))!.password;
    const account = await buildAccount(platform.ctx, { name: '校园服务号' });
    const readers = [await buildFollower(platform.ctx, account), await buildFollower(platform.ctx, account)];
    const other = await buildFollower(platform.ctx, account);
    const tag = await ownApi<{ id: number }>(platform, 'POST', `/accounts/${account.appid}/tags`, {
      name: '读者',
    });
    expect(tag.status).toBe(201);
    await ownApi(platform, 'POST', `/accounts/${account.appid}/tags/${tag.body.id}/members`, {
      openids: readers.map((r) => r.follower.openid),
    });

    const context = await browser.newContext({
      baseURL: platform.baseUrl,
      viewport: { width: 1366, height: 900 },
      locale: 'en-US',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto('/console/');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId(`account-${account.appid}`).click();
    await page.getByRole('menuitem', { name: 'Mass send' }).click();

    const forecast = page.getByTestId('forecast');
    await forecast.getByText('3', { exact: true }).first().waitFor();
    await page.getByText('A tag', { exact: true }).click();
    await page.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Tags' }) }).click();
    await page.getByTitle('读者 (2)').click();
    await forecast.getByText('2', { exact: true }).first().waitFor();
    await page.getByLabel('Text', { exact: true }).fill('本周六图书馆闭馆一天');
    await page.getByRole('button', { name: 'Send now / Schedule' }).click();
    await page.getByRole('cell', { name: '本周六图书馆闭馆一天' }).waitFor();

    // The fan-out is a job: run it as the worker would, while the page polls.
    while ((await runDueJobs(platform.ctx, { workerId: 'browser-test' })) > 0);
    await page.getByText('2 / 0 / 2').waitFor();
    await page.getByText('sent', { exact: true }).waitFor();
    await page.getByText('2 / 0 / 2').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-mass-send');

    const inbox = async (userId: string) =>
      (
        await ownApi<{ items: { text?: { content: string } }[] }>(
          platform,
          'GET',
          `/users/${userId}/accounts/${account.appid}/messages`,
        )
      ).body.items.map((m) => m.text?.content);
    for (const r of readers) expect(await inbox(r.user.id)).toContain('本周六图书馆闭馆一天');
    expect(await inbox(other.user.id)).not.toContain('本周六图书馆闭馆一天');
    await context.close();
  });
});
