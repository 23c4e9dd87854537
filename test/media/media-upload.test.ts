/**
 * Temporary media over the Open API (§12.1, §12.2, §12.4, Appendix A.4/A.5):
 * media/upload for each type with real files (images made by sharp), the
 * thumb_media_id answer, content beating file names, per-type errcodes,
 * expiry after 3 days on the platform clock and the sweep that deletes the
 * files, uploadimg URLs, and the wechat-api SDK doing the same.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { mediaStore, type LocalMediaStore } from '../../src/server/modules/media/media-store.ts';
import { MEDIA_SIZE_LIMITS, TEMPORARY_MEDIA_TTL_MS } from '../../src/server/modules/media/media.schemas.ts';
import {
  sampleAmr,
  sampleJpeg,
  sampleMp3,
  sampleMp4,
  samplePng,
} from '../../src/server/modules/media/media.test-helpers.ts';
import { buildAccount } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectErrcode, expectOk, sdkCall, startMediaPlatform, type WechatBody } from './media-kit.ts';

describe.each(DIALECTS)('temporary media on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;
  let account: AccountsTable;
  let token: string;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
    account = await buildAccount(kit.p.ctx);
  });
  afterAll(async () => kit.p.close());
  // A token issued with the clock moved ahead supersedes earlier ones: each test takes its own.
  beforeEach(async () => {
    token = await kit.token(account);
  });
  afterEach(() => kit.p.ctx.clock.setOffset(0));

  const uploadUrl = (type: string) => `/cgi-bin/media/upload?access_token=${token}&type=${type}`;
  const getUrl = (id: string) => `/cgi-bin/media/get?access_token=${token}&media_id=${id}`;
  const fileOf = async (mediaId: string) => {
    const row = await kit.p.ctx.db
      .selectFrom('media')
      .selectAll()
      .where('media_id', '=', mediaId)
      .executeTakeFirst();
    return row && (mediaStore(kit.p.ctx) as LocalMediaStore).pathFor(row.storage_key);
  };

  it('takes each type and answers {type, media_id, created_at}; thumbs answer thumb_media_id', async () => {
    const before = Math.floor(kit.p.ctx.clock.now() / 1000);
    const image = expectOk(
      await kit.upload(uploadUrl('image'), {
        filename: 'a.png',
        bytes: await samplePng(),
        contentType: 'image/png',
      }),
    );
    expect(image).toEqual({
      type: 'image',
      media_id: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/) as unknown,
      created_at: expect.any(Number) as unknown,
    });
    expect(image.created_at).toBeGreaterThanOrEqual(before);

    const voice = expectOk(await kit.upload(uploadUrl('voice'), { filename: 'a.amr', bytes: sampleAmr() }));
    expect(voice.type).toBe('voice');
    const mp3 = expectOk(await kit.upload(uploadUrl('voice'), { filename: 'a.mp3', bytes: sampleMp3() }));
    expect(mp3.media_id).toBeTypeOf('string');
    const video = expectOk(await kit.upload(uploadUrl('video'), { filename: 'a.mp4', bytes: sampleMp4() }));
    expect(video.type).toBe('video');

    const thumb = expectOk(
      await kit.upload(uploadUrl('thumb'), { filename: 't.jpg', bytes: await sampleJpeg() }),
    );
    expect(Object.keys(thumb).sort()).toEqual(['created_at', 'thumb_media_id', 'type']);
    expect(thumb.type).toBe('thumb');

    // media/get serves them back: bytes with a filename, video as {video_url}.
    const got = await kit.p.app.inject({ method: 'GET', url: getUrl(image.media_id as string) });
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${image.media_id as string}.png"`);
    const clip = await kit.p.app.inject({ method: 'GET', url: getUrl(video.media_id as string) });
    expect(clip.headers['content-type']).toBe('application/json');
    expect(clip.json()).toEqual({ video_url: `${kit.base}/mmbiz/${video.media_id as string}` });
    const cover = await kit.p.app.inject({ method: 'GET', url: getUrl(thumb.thumb_media_id as string) });
    expect(cover.headers['content-disposition']).toBe(
      `attachment; filename="${thumb.thumb_media_id as string}.jpg"`,
    );
  });

  it('judges files by content: a JPEG named .png is stored as JPEG, a text file named .jpg is 40005', async () => {
    const jpeg = await sampleJpeg(20, 10);
    const renamed = expectOk(
      await kit.upload(uploadUrl('image'), { filename: 'photo.png', bytes: jpeg, contentType: 'image/png' }),
    );
    const got = await kit.p.app.inject({ method: 'GET', url: getUrl(renamed.media_id as string) });
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['content-disposition']).toContain('.jpg"');
    expect(got.rawPayload.equals(jpeg)).toBe(true);

    const text = Buffer.from('definitely not a picture\n');
    const count = async () =>
      (
        await kit.p.ctx.db
          .selectFrom('media')
          .select('media_id')
          .where('account_id', '=', account.id)
          .execute()
      ).length;
    const held = await count();
    expectErrcode(
      await kit.upload(uploadUrl('image'), { filename: 'cat.jpg', bytes: text, contentType: 'image/jpeg' }),
      40005,
    );
    // A PNG is an image but not a thumb (JPEG only).
    expectErrcode(
      await kit.upload(uploadUrl('thumb'), { filename: 't.jpg', bytes: await samplePng() }),
      40005,
    );
    expectErrcode(await kit.upload(uploadUrl('voice'), { filename: 'a.amr', bytes: sampleMp4() }), 40005);
    expect(await count()).toBe(held);
  });

  it('answers the upload errcodes: 40004 type, 41005 no file, 44001 empty, 40009–40012 sizes, 45007 long voice', async () => {
    const png = await samplePng();
    expectErrcode(await kit.upload(uploadUrl('news'), { filename: 'a.png', bytes: png }), 40004);
    expectErrcode(
      await kit.upload(`/cgi-bin/media/upload?access_token=${token}`, { filename: 'a.png', bytes: png }),
      40004,
    );
    expectErrcode(
      await kit.upload(uploadUrl('image'), { filename: 'a.png', bytes: png, field: 'file' }),
      41005,
    );
    expectErrcode(
      await kit.p.app.inject({
        method: 'POST',
        url: uploadUrl('image'),
        headers: { 'content-type': 'image/png' },
        payload: png,
      }),
      41005,
    );
    expectErrcode(await kit.upload(uploadUrl('image'), { filename: 'a.png', bytes: Buffer.alloc(0) }), 44001);

    // Sizes: thumbs past 64 KB, voice past 2 MB, images past 10 MB (refused while the body arrives).
    const bigJpeg = await sampleJpeg(400, 400, true);
    expect(bigJpeg.length).toBeGreaterThan(MEDIA_SIZE_LIMITS.thumb);
    expectErrcode(await kit.upload(uploadUrl('thumb'), { filename: 'big.jpg', bytes: bigJpeg }), 40012);
    const longVoice = Buffer.concat([sampleAmr(), Buffer.alloc(MEDIA_SIZE_LIMITS.voice, 0x3c)]);
    expectErrcode(await kit.upload(uploadUrl('voice'), { filename: 'v.amr', bytes: longVoice }), 40010);
    const huge = Buffer.alloc(MEDIA_SIZE_LIMITS.image + 200 * 1024, 1);
    expectErrcode(await kit.upload(uploadUrl('image'), { filename: 'huge.jpg', bytes: huge }), 40009);
    expectErrcode(await kit.upload(uploadUrl('video'), { filename: 'huge.mp4', bytes: huge }), 40011);
    // Past every limit with no known type: 45001.
    expectErrcode(await kit.upload(uploadUrl('nope'), { filename: 'huge.bin', bytes: huge }), 45001);

    // 61 s of AMR (3050 frames of 20 ms) is under 2 MB but too long.
    expectErrcode(
      await kit.upload(uploadUrl('voice'), { filename: 'long.amr', bytes: sampleAmr(3050) }),
      45007,
    );
  });

  it('keeps temporary media 3 days by the platform clock, then 40007 and the sweep deletes the file', async () => {
    const png = await samplePng(12, 12);
    const media = expectOk(await kit.upload(uploadUrl('image'), { filename: 'x.png', bytes: png }));
    const id = media.media_id as string;
    const file = (await fileOf(id))!;
    expect(readFileSync(file).equals(png)).toBe(true);

    kit.p.ctx.clock.setOffset(TEMPORARY_MEDIA_TTL_MS - 60_000);
    let fresh = await kit.token(account);
    expect(
      (
        await kit.p.app.inject({
          method: 'GET',
          url: `/cgi-bin/media/get?access_token=${fresh}&media_id=${id}`,
        })
      ).headers['content-type'],
    ).toBe('image/png');
    // Not yet due: the sweep leaves it alone.
    await runDueJobs(kit.p.ctx);
    expect(await fileOf(id)).toBe(file);

    kit.p.ctx.clock.setOffset(TEMPORARY_MEDIA_TTL_MS + 3600_000);
    fresh = await kit.token(account);
    expectErrcode(
      await kit.p.app.inject({
        method: 'GET',
        url: `/cgi-bin/media/get?access_token=${fresh}&media_id=${id}`,
      }),
      40007,
    );
    expect((await kit.p.app.inject({ method: 'GET', url: `/mmbiz/${id}` })).statusCode).toBe(404);

    // The sweep job queued at upload time is due now: row and bytes go.
    expect(await runDueJobs(kit.p.ctx)).toBeGreaterThan(0);
    expect(await fileOf(id)).toBeUndefined();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    const job = await kit.p.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'media.delete-expired')
      .where('status', '=', 'succeeded')
      .executeTakeFirst();
    expect(job).toBeDefined();
  });

  it('uploadimg takes JPEG/PNG up to 1 MB and answers a permanent {url} the platform serves', async () => {
    const png = await samplePng(30, 20);
    const res = expectOk(
      await kit.upload(`/cgi-bin/media/uploadimg?access_token=${token}`, {
        filename: 'in-article.png',
        bytes: png,
      }),
    );
    expect(Object.keys(res)).toEqual(['url']);
    const url = res.url as string;
    expect(url).toMatch(new RegExp(`^${kit.base}/mmbiz/[A-Za-z0-9_-]{64}$`));
    const served = await fetch(url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    // Never expires, and is not a material (not counted, not listed).
    kit.p.ctx.clock.setOffset(30 * 24 * 3600_000);
    await runDueJobs(kit.p.ctx);
    expect((await fetch(url)).status).toBe(200);
    kit.p.ctx.clock.setOffset(0);
    const counts = await kit.p.app.inject({
      method: 'GET',
      url: `/cgi-bin/material/get_materialcount?access_token=${token}`,
    });
    expect(counts.json<WechatBody>().image_count).toBe(0);

    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expectErrcode(
      await kit.upload(`/cgi-bin/media/uploadimg?access_token=${token}`, { filename: 'a.gif', bytes: gif }),
      40005,
    );
    const big = await sampleJpeg(1200, 1200, true);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    expectErrcode(
      await kit.upload(`/cgi-bin/media/uploadimg?access_token=${token}`, { filename: 'big.jpg', bytes: big }),
      40009,
    );
  });

  it('needs the material permission (48001 for an unverified subscription account) and a token', async () => {
    const plain = await buildAccount(kit.p.ctx, { type: 'subscription', verified: false });
    const theirs = await kit.token(plain);
    expectErrcode(
      await kit.upload(`/cgi-bin/media/upload?access_token=${theirs}&type=image`, {
        filename: 'a.png',
        bytes: await samplePng(),
      }),
      48001,
    );
    expectErrcode(
      await kit.upload('/cgi-bin/media/upload?type=image', { filename: 'a.png', bytes: await samplePng() }),
      41001,
    );
    // GET on an upload path: 43002 (require POST).
    expectErrcode(await kit.p.app.inject({ method: 'GET', url: uploadUrl('image') }), 43002);
  });

  describe('wechat-api SDK', () => {
    it('uploads with uploadMedia/uploadThumb/uploadImage and downloads with getMedia', async () => {
      const api = kit.sdk(account);
      const jpeg = await sampleJpeg(16, 16);
      const photo = kit.writeFile('photo.jpg', jpeg);
      const up = await sdkCall<WechatBody>((cb) => api.uploadMedia(photo, 'image', cb));
      expect(up.err).toBeNull();
      expect(up.data).toMatchObject({ type: 'image', media_id: expect.any(String) as unknown });

      const down = await sdkCall((cb) => api.getMedia(up.data.media_id as string, cb));
      expect(down.err).toBeNull();
      expect(Buffer.isBuffer(down.data) && down.data.equals(jpeg)).toBe(true);

      const thumb = await sdkCall<WechatBody>((cb) => api.uploadMedia(photo, 'thumb', cb));
      expect(thumb.data.thumb_media_id).toEqual(expect.any(String) as unknown);

      const clip = kit.writeFile('clip.mp4', sampleMp4());
      const video = await sdkCall<WechatBody>((cb) => api.uploadMedia(clip, 'video', cb));
      const url = await sdkCall((cb) => api.getMedia(video.data.media_id as string, cb));
      expect(url.data).toEqual({ video_url: `${kit.base}/mmbiz/${video.data.media_id as string}` });

      const inArticle = await sdkCall<WechatBody>((cb) =>
        api.uploadImage(kit.writeFile('inline.png', jpeg), cb),
      );
      expect(inArticle.data.url).toMatch(/\/mmbiz\//);

      const bad = await sdkCall<WechatBody>((cb) =>
        api.uploadMedia(kit.writeFile('notes.jpg', Buffer.from('hello')), 'image', cb),
      );
      expect(bad.err?.code).toBe(40005);
      const missing = await sdkCall((cb) => api.getMedia('C'.repeat(64), cb));
      expect(missing.err?.name).toBe('WeChatAPIError');
      expect(path.basename(photo)).toBe('photo.jpg');
    });
  });
});
