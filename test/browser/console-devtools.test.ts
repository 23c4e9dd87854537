/**
 * Developer tools in the console: the API call log lists every Open API
 * call of the account (successes too) with endpoint, errcode and latency,
 * narrows to errcode≠0 and to one endpoint, and draws the calls/latency
 * chart.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import {
  launchBrowser,
  screenshot,
  signInToConsole,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';
import { buildAccount, fetchToken } from '../helpers/factories.ts';

describe.each(['sqlite', 'postgres'] as const)('console developer tools on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, { apps: ['console'] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('shows every API call with its errcode and latency, filters the failures and charts them', async () => {
    const password = (await ensureFirstConsoleAdmin(platform.ctx))!.password;
    const account = await buildAccount(platform.ctx, { name: '开发者测试号' });
    const token = await fetchToken(platform, account);
    for (let i = 0; i < 3; i++)
      await platform.app.inject({ method: 'GET', url: `/cgi-bin/get_api_domain_ip?access_token=${token}` });
    const bad = await platform.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/custom/send?access_token=${token}`,
      payload: '{"touser": "nobody", "msgtype": "text", "text": {"content": "hi"}}',
    });
    const errcode = String(bad.json<{ errcode: number }>().errcode);
    expect(errcode).not.toBe('0');

    const { context, page } = await signInToConsole(browser, platform.baseUrl, password);
    await page.getByTestId(`account-${account.appid}`).click();
    await page.getByRole('menuitem', { name: 'Developer tools' }).click();

    const calls = page.getByTestId('api-calls');
    await calls.getByText('GET /cgi-bin/get_api_domain_ip').first().waitFor();
    await expect.poll(() => calls.getByText('GET /cgi-bin/get_api_domain_ip').count()).toBe(3);
    await calls.getByText('POST /cgi-bin/message/custom/send').waitFor();
    await page.getByTestId('api-call-chart').locator('canvas').first().waitFor();
    await page.getByTestId('api-call-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-api-calls');

    await page.getByText('Only errcode≠0').click();
    await calls.getByText('GET /cgi-bin/get_api_domain_ip').first().waitFor({ state: 'detached' });
    await calls.getByText(errcode, { exact: true }).waitFor();
    await page.getByText('Only errcode≠0').click();

    await page.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Endpoint' }) }).click();
    await page.getByTitle('/cgi-bin/token').click();
    await calls.getByText('GET /cgi-bin/token').waitFor();
    await calls.getByText('POST /cgi-bin/message/custom/send').waitFor({ state: 'detached' });
    await context.close();
  });
});
