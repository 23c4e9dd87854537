/**
 * Content in the console: upload a cover into the media library (multipart
 * with the CSRF header), write an article in the rich-text editor, save the
 * draft, publish it, and find it in the published list, on the page
 * followers read and in the follower client.
 */
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import {
  launchBrowser,
  newPhoneContext,
  screenshot,
  signInToConsole,
  startBrowserPlatform,
  type BrowserPlatform,
} from '../helpers/browser.ts';
import { buildAccount } from '../helpers/factories.ts';

describe.each(['sqlite', 'postgres'] as const)('console content on %s', (dialect) => {
  let browser: Browser;
  let platform: BrowserPlatform;

  beforeAll(async () => {
    platform = await startBrowserPlatform(dialect, { apps: ['console', 'app'] });
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

    const { context, page } = await signInToConsole(browser, platform.baseUrl, password);
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

    // A follower finds it on the account's profile in the follower client and reads it there.
    const phone = await newPhoneContext(browser, platform.baseUrl);
    const app = await phone.newPage();
    await app.goto('/app/');
    await app.getByRole('textbox', { name: '昵称' }).fill('读者小王');
    await app.getByRole('button', { name: '创建' }).click();
    await app.getByText('还没有聊天').waitFor();
    await app.goto(`/app/search?q=${encodeURIComponent('城市图书馆')}`);
    await app.getByTestId('search-results').getByText('城市图书馆').click();
    await app.getByTestId('recent-articles').getByText('十一月新书推荐').click();
    await app.getByTestId('article').getByText('本月新到图书 120 册，欢迎借阅。').waitFor();
    await phone.close();
  });
});

describe.each(['sqlite', 'postgres'] as const)('console draft editor on %s', (dialect) => {
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

  /** The colour of the pixel at (x, y) of a JPEG, as [r, g, b]. */
  async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const at = (y * info.width + x) * info.channels;
    return [data[at]!, data[at + 1]!, data[at + 2]!];
  }

  it('builds a two-article draft, reorders it, crops both covers and previews it in a phone frame', async () => {
    const password = (await ensureFirstConsoleAdmin(platform.ctx))!.password;
    const account = await buildAccount(platform.ctx, { name: '城市图书馆' });
    // Left half red, right half blue: a centred crop shows both, the right-hand box only blue.
    const halves = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#ff0000' } })
      .composite([
        {
          input: await sharp({ create: { width: 600, height: 600, channels: 3, background: '#0000ff' } })
            .png()
            .toBuffer(),
          left: 600,
          top: 0,
        },
      ])
      .png()
      .toBuffer();

    const { context, page } = await signInToConsole(browser, platform.baseUrl, password);
    await page.getByTestId(`account-${account.appid}`).click();
    await page.getByRole('menuitem', { name: 'Content' }).click();
    await page.getByRole('tab', { name: 'Materials' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'halves.png', mimeType: 'image/png', buffer: halves });
    await page.getByRole('cell', { name: 'halves.png', exact: true }).last().waitFor();

    await page.getByRole('tab', { name: 'Drafts' }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    const drawer = page.getByRole('dialog');
    const pickCover = async () => {
      await drawer.locator('.ant-select', { has: page.getByRole('combobox', { name: 'Cover' }) }).click();
      await page.getByTitle('halves.png').click();
    };
    await drawer.getByLabel('Title').fill('第二篇：借阅指南');
    await pickCover();
    await drawer.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.type('借书证办理流程。');

    await drawer.getByRole('button', { name: 'Add article' }).click();
    await drawer.getByTestId('draft-article-1').getByText('(untitled)').waitFor();
    await drawer.getByLabel('Title').fill('头条：新馆开放');
    await pickCover();
    await drawer.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.type('新馆十二月开放。');
    await drawer.getByTestId('draft-article-1').getByLabel('Move up').click();
    await drawer.getByTestId('draft-article-0').getByText('1. 头条：新馆开放').waitFor();

    // 2.35:1: shrink the box to half the width by its corner, then drag it to the right edge.
    const wide = drawer.getByRole('slider', { name: '2.35:1 cover crop' });
    const frame = (await drawer.getByTestId('cropper-2.35').boundingBox())!;
    const handle = (await wide.locator('.cover-cropper-handle').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 - frame.width / 2, handle.y, { steps: 5 });
    await page.mouse.up();
    const box = (await wide.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + frame.width, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    // 1:1: the centred square straddles both halves; drag it to the right edge.
    const square = drawer.getByRole('slider', { name: '1:1 cover crop' });
    const sq = (await square.boundingBox())!;
    await page.mouse.move(sq.x + sq.width / 2, sq.y + sq.height / 2);
    await page.mouse.down();
    await page.mouse.move(sq.x + sq.width / 2 + frame.width, sq.y + sq.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => wide.getAttribute('aria-valuetext')).toMatch(/^0\.5\d*_/);
    await screenshot(page, 'console-draft-editor');

    await drawer.getByRole('button', { name: 'Save and preview' }).click();
    const phone = page.frameLocator('.phone-frame iframe').first();
    await phone.getByText('新馆十二月开放。').waitFor();
    await screenshot(page, 'console-phone-preview');

    // What was stored: the order on screen, both crops, and covers cut to them.
    const drafts = await platform.app.inject({
      method: 'GET',
      url: `/gz/v1/accounts/${account.appid}/drafts`,
      headers: platform.adminHeaders,
    });
    const draft = drafts.json<{
      items: {
        media_id: string;
        articles: { title: string; pic_crop_235_1: string; pic_crop_1_1: string; thumb_media_id: string }[];
      }[];
    }>().items[0]!;
    expect(draft.articles.map((a) => a.title)).toEqual(['头条：新馆开放', '第二篇：借阅指南']);
    const first = draft.articles[0]!;
    expect(first.pic_crop_235_1).toMatch(/^[\d.]+_[\d.]+_1_[\d.]+$/);
    expect(first.pic_crop_1_1).toMatch(/^0\.5_0_1_1$/);

    const html = await (await fetch(`${platform.baseUrl}/s/${draft.media_id}?idx=1`)).text();
    const src = /data-testid="cover" src="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    expect(src).toContain(`crop=${encodeURIComponent(first.pic_crop_235_1)}`);
    const wideCover = Buffer.from(await (await fetch(new URL(src, platform.baseUrl))).arrayBuffer());
    // The box is 600 px of the source wide: the variant is cut to 2.35:1, never enlarged.
    const meta = await sharp(wideCover).metadata();
    expect(meta.width / meta.height).toBeCloseTo(2.35, 1);
    const [r, , b] = await pixel(wideCover, 5, 100);
    expect(b! > 200 && r! < 60).toBe(true);
    const squareCover = Buffer.from(
      await (
        await fetch(`${platform.baseUrl}/mmbiz/${first.thumb_media_id}/cover-1?crop=${first.pic_crop_1_1}`)
      ).arrayBuffer(),
    );
    const [r1, , b1] = await pixel(squareCover, 5, 250);
    expect(b1! > 200 && r1! < 60).toBe(true);
    await context.close();
  });
});
