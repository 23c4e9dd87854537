/**
 * Mass send from the console: the forecast for a tag, a text sent to that
 * tag, the history row following the fan-out job live until it is sent with
 * the finish counts; the tagged followers have the message, the others not.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import {
  launchBrowser,
  screenshot,
  signInToConsole,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';
import { sampleMp4 } from '../../src/server/modules/media/media.test-helpers.ts';
import sharp from 'sharp';
import { buildAccount, buildFollower, ownApi } from '../helpers/factories.ts';

describe.each(['sqlite', 'postgres'] as const)('console mass send on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;
  let password: string;

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, {
      apps: ['console'],
      config: { massSendThrottle: false },
    });
    browser = await launchBrowser();
    password = (await ensureFirstConsoleAdmin(platform.ctx))!.password;
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('forecasts, sends to a tag and shows the progress until the send finishes', async () => {
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

    const { context, page } = await signInToConsole(browser, platform.baseUrl, password);
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

  /** Uploads a material through the console's own API (multipart, as the media library does). */
  async function upload(
    appid: string,
    type: string,
    name: string,
    mime: string,
    bytes: Buffer,
    title?: string,
  ) {
    const form = new FormData();
    form.set('type', type);
    if (title) form.set('title', title);
    form.set('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
    const res = await fetch(`${platform.baseUrl}/gz/v1/accounts/${appid}/materials`, {
      method: 'POST',
      headers: platform.adminHeaders,
      body: form,
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { media_id: string }).media_id;
  }

  it('sends a published article picked from a list, and previews a library video with its title', async () => {
    const account = await buildAccount(platform.ctx, { name: '校园服务号' });
    const reader = await buildFollower(platform.ctx, account);
    const cover = await upload(
      account.appid,
      'image',
      'cover.png',
      'image/png',
      await sharp({ create: { width: 900, height: 383, channels: 3, background: '#07c160' } })
        .png()
        .toBuffer(),
    );
    await upload(account.appid, 'video', 'clip.mp4', 'video/mp4', sampleMp4(), '校庆短片');
    const draft = await ownApi<{ media_id: string }>(platform, 'POST', `/accounts/${account.appid}/drafts`, {
      articles: [{ title: '校庆特辑', thumb_media_id: cover, content: '<p>七十周年校庆。</p>' }],
    });
    expect(draft.status).toBe(201);
    const published = await ownApi(platform, 'POST', `/accounts/${account.appid}/publications`, {
      draft_media_id: draft.body.media_id,
    });
    expect(published.status).toBeLessThan(300);
    while ((await runDueJobs(platform.ctx, { workerId: 'browser-test' })) > 0);

    const { context, page } = await signInToConsole(browser, platform.baseUrl, password);
    await page.getByTestId(`account-${account.appid}`).click();
    await page.getByRole('menuitem', { name: 'Mass send' }).click();

    const pick = (title: string) =>
      page
        .locator('.ant-select', { has: page.getByRole('combobox', { name: 'Content to send' }) })
        .click()
        .then(() => page.getByTitle(title).click());
    await page.getByText('mpnews', { exact: true }).click();
    await page.getByText('Published article', { exact: true }).waitFor();
    await pick('校庆特辑');
    await screenshot(page, 'console-mass-send-picker');
    await page.getByRole('button', { name: 'Send now / Schedule' }).click();
    await page.getByRole('cell', { name: 'mpnews' }).waitFor();
    while ((await runDueJobs(platform.ctx, { workerId: 'browser-test' })) > 0);
    await page.getByText('1 / 0 / 1').waitFor();

    await page.getByText('mpvideo', { exact: true }).click();
    await pick('校庆短片 (clip.mp4)');
    await page.getByLabel('Video title').fill('七十周年');
    await page
      .locator('.ant-select', { has: page.getByRole('combobox', { name: 'Preview to a follower' }) })
      .click();
    await page.getByTitle(reader.user.nickname).click();
    await page.getByRole('button', { name: 'Preview to a follower' }).click();
    await page.getByText('Preview sent').waitFor();

    const inbox = await ownApi<{ items: unknown[] }>(
      platform,
      'GET',
      `/users/${reader.user.id}/accounts/${account.appid}/messages`,
    );
    const seen = JSON.stringify(inbox.body.items);
    expect(seen).toContain('校庆特辑');
    expect(seen).toContain('七十周年');
    await context.close();
  });
});
