import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  newPhoneContext,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';

describe('the follower client at /app', () => {
  let browser: Browser;
  let platform: BrowserPlatform;
  beforeAll(async () => {
    platform = await startBrowserPlatform('sqlite', { apps: ['app'] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('loads in a phone-sized browser, deep links included', async () => {
    const context = await newPhoneContext(browser, platform.baseUrl);
    const page = await context.newPage();
    const response = await page.goto('/app/chats');
    expect(response?.status()).toBe(200);
    await page.getByText('Gongzhong').first().waitFor();
    await context.close();
  });
});
