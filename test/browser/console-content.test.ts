/**
 * Content in the console: upload a cover into the media library (multipart
 * with the CSRF header), write an article in the rich-text editor, save the
 * draft, publish it, and find it in the published list and on the page
 * followers read.
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import { launchBrowser, screenshot, startBrowserPlatform, type BrowserPlatform } from '../helpers/browser.ts';
import { buildAccount } from '../helpers/factories.ts';

describe.each(['sqlite', 'postgres'] as const)('console content on %s', (dialect) => {
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

  it('uploads a cover, writes and publishes an article that followers can read', async () => {
    const password = (await ensureFirstConsoleAdmin(platform.ctx))!.password;
    const account = await buildAccount(platform.ctx, { name: '城市图书馆' });
    const cover = await sharp({ create: { width: 900, height: 383, channels: 3, background: '#07c160' } })
      .png()
      .toBuffer();

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
    await page.getByRole('menuitem', { name: 'Content' }).click();

    await page.getByRole('tab', { name: 'Materials' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: cover });
    await page.getByRole('cell', { name: 'cover.png', exact: true }).last().waitFor();

    await page.getByRole('tab', { name: 'Drafts' }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('Title').fill('十一月新书推荐');
    await drawer.getByLabel('Author').fill('馆员小李');
    await drawer.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Cover' }) }).click();
    await page.getByTitle('cover.png').click();
    await drawer.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.type('本月新到图书 120 册，欢迎借阅。');
    await drawer.getByRole('button', { name: 'H2' }).click();
    await drawer.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('十一月新书推荐').waitFor();
    await screenshot(page, 'console-drafts');

    await page.getByText('Publish', { exact: true }).click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('tab', { name: 'Published', selected: true }).waitFor();
    // Publishing is a job (the publish check): run it as the worker would.
    while ((await runDueJobs(platform.ctx, { workerId: 'browser-test' })) > 0);
    await page.reload();
    await page.getByRole('tab', { name: 'Published' }).click();
    const link = page.getByRole('link', { name: '十一月新书推荐' });
    await link.waitFor();
    await screenshot(page, 'console-published');

    const href = await link.getAttribute('href');
    const reader = await fetch(new URL(href!, platform.baseUrl));
    expect(reader.status).toBe(200);
    const html = await reader.text();
    expect(html).toContain('十一月新书推荐');
    expect(html).toContain('本月新到图书 120 册，欢迎借阅。');
    await context.close();
  });
});
