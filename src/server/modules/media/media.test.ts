import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import WechatAPI from 'wechat-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, fetchToken } from '../../../../test/helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { MAX_MEDIA_BYTES, MEDIA_SIZE_LIMITS, TEMPORARY_MEDIA_TTL_MS } from './media.schemas.ts';
import type { MediaView } from './media.presenter.ts';
import {
  insertFollowingUser,
  listFiles,
  multipartBody,
  sampleAmr,
  sampleJpeg,
  sampleMp4,
  samplePng,
} from './media.test-helpers.ts';

/** wechat-api's getMedia (not in the shared contract typings): a Buffer, or parsed JSON for video. */
type GetMedia = (
  mediaId: string,
  callback: (err: (Error & { code?: number }) | null, data: unknown) => void,
) => void;

describe.each(DIALECTS)('media on %s', (dialect) => {
  let p: TestPlatform;
  let base: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => p.close());
  afterEach(() => p.ctx.clock.setOffset(0));

  const mediaDir = () => path.join(p.ctx.config.dataDir, 'media');

  /** An account, a user following it, and the user's upload path for it. */
  async function follower() {
    const account = await buildAccount(p.ctx);
    const user = await insertFollowingUser(p.ctx, account);
    return { account, user, url: `/gz/v1/users/${user.id}/accounts/${account.appid}/media` };
  }

  function uploadRaw(
    url: string,
    query: Record<string, string>,
    bytes: Buffer,
    contentType = 'application/octet-stream',
  ) {
    return p.app.inject({
      method: 'POST',
      url: `${url}?${new URLSearchParams(query).toString()}`,
      headers: { ...p.adminHeaders, 'content-type': contentType },
      payload: bytes,
    });
  }

  function uploadMultipart(url: string, ...args: Parameters<typeof multipartBody>) {
    const { payload, headers } = multipartBody(...args);
    return p.app.inject({ method: 'POST', url, headers: { ...p.adminHeaders, ...headers }, payload });
  }

  function mediaGet(token: string, mediaId: string) {
    return p.app.inject({
      method: 'GET',
      url: `/cgi-bin/media/get?access_token=${token}&media_id=${encodeURIComponent(mediaId)}`,
    });
  }

  function created(res: LightMyRequestResponse): MediaView {
    expect(res.statusCode, res.body).toBe(201);
    return res.json<MediaView>();
  }

  async function rowsOf(account: AccountsTable) {
    return p.ctx.db.selectFrom('media').selectAll().where('account_id', '=', account.id).execute();
  }

  /** Runs `upload`, expecting it refused with `code` and nothing stored (no row, no new file). */
  async function expectRefused(
    account: AccountsTable,
    upload: () => Promise<LightMyRequestResponse>,
    status: number,
    code: string,
  ) {
    const filesBefore = listFiles(mediaDir()).length;
    const res = await upload();
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json<{ code: string }>().code).toBe(code);
    expect(await rowsOf(account)).toEqual([]);
    expect(listFiles(mediaDir())).toHaveLength(filesBefore);
  }

  function expectWechatError(res: LightMyRequestResponse, errcode: number) {
    expect(res.statusCode).toBe(200);
    // Exactly, not just a prefix: wechat-api compares it strictly (Appendix A.4).
    expect(res.headers['content-type']).toBe('application/json');
    const body = res.json<{ errcode: number; errmsg: string }>();
    expect(body.errcode, res.body).toBe(errcode);
    return body;
  }

  describe('follower uploads', () => {
    it('takes an image from a real multipart form and serves it at its public URL without credentials', async () => {
      const { account, url } = await follower();
      const jpeg = await sampleJpeg(32, 24);
      const form = new FormData();
      form.append('type', 'image');
      form.append('media', new Blob([jpeg], { type: 'image/jpeg' }), 'photo.jpg');
      const res = await fetch(`${base}${url}`, { method: 'POST', headers: p.adminHeaders, body: form });
      expect(res.status, await res.clone().text()).toBe(201);
      const media = (await res.json()) as MediaView;
      expect(media).toMatchObject({
        type: 'image',
        filename: 'photo.jpg',
        content_type: 'image/jpeg',
        size: jpeg.length,
        width: 32,
        height: 24,
      });
      expect(media.media_id).toMatch(/^[A-Za-z0-9_-]{64}$/);
      expect(media.expires_at! - media.created_at).toBe(TEMPORARY_MEDIA_TTL_MS);
      expect(media.url).toBe(`${base}/mmbiz/${media.media_id}`);

      const [row] = await rowsOf(account);
      expect(row).toMatchObject({
        media_id: media.media_id,
        origin: 'follower',
        sha256: createHash('sha256').update(jpeg).digest('hex'),
      });

      const file = await fetch(media.url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/jpeg');
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await file.arrayBuffer())).toEqual(jpeg);
    });

    it('takes voice, video and thumbs, as raw bodies or multipart with the type in the query', async () => {
      const { account, url } = await follower();
      const voice = created(
        await uploadRaw(url, { type: 'voice', filename: 'hi.amr' }, sampleAmr(), 'audio/amr'),
      );
      expect(voice).toMatchObject({ type: 'voice', content_type: 'audio/amr', width: null, height: null });

      const video = created(
        await uploadMultipart(
          `${url}?type=video`,
          {},
          {
            filename: 'clip.mp4',
            contentType: 'video/mp4',
            bytes: sampleMp4(),
          },
        ),
      );
      expect(video).toMatchObject({ type: 'video', filename: 'clip.mp4', content_type: 'video/mp4' });

      const thumb = created(await uploadRaw(url, { type: 'thumb' }, await sampleJpeg(), 'image/jpeg'));
      expect(thumb).toMatchObject({ type: 'thumb', filename: 'thumb.jpg', content_type: 'image/jpeg' });

      expect((await rowsOf(account)).map((r) => r.type).sort()).toEqual(['thumb', 'video', 'voice']);
    });

    it('judges an image by its bytes: a PNG named .jpg is accepted as image/png', async () => {
      const { url } = await follower();
      const png = await samplePng(40, 30);
      const media = created(
        await uploadMultipart(
          url,
          { type: 'image' },
          { filename: 'holiday.jpg', contentType: 'image/jpeg', bytes: png },
        ),
      );
      expect(media).toMatchObject({
        filename: 'holiday.jpg',
        content_type: 'image/png',
        width: 40,
        height: 30,
      });
    });

    it('refuses a text file named .png (MEDIA_INVALID) and stores nothing', async () => {
      const { account, url } = await follower();
      const text = Buffer.from('this is not a picture\n');
      await expectRefused(
        account,
        () =>
          uploadMultipart(
            url,
            { type: 'image' },
            { filename: 'cat.png', contentType: 'image/png', bytes: text },
          ),
        400,
        'MEDIA_INVALID',
      );
      await expectRefused(
        account,
        () => uploadRaw(url, { type: 'voice' }, text, 'audio/amr'),
        400,
        'MEDIA_INVALID',
      );
    });

    it('refuses oversized uploads (MEDIA_TOO_LARGE) and stores nothing', async () => {
      const { account, url } = await follower();
      const tooBig = Buffer.alloc(MAX_MEDIA_BYTES + 1, 1);
      // Raw body past the route's bodyLimit.
      await expectRefused(account, () => uploadRaw(url, { type: 'image' }, tooBig), 413, 'MEDIA_TOO_LARGE');
      // Multipart file past the parser's fileSize limit (the declared length still fits the overhead).
      await expectRefused(
        account,
        () =>
          uploadMultipart(
            url,
            { type: 'image' },
            { filename: 'big.jpg', contentType: 'image/jpeg', bytes: tooBig },
          ),
        413,
        'MEDIA_TOO_LARGE',
      );
      // Multipart whose declared length alone is too much: refused before reading.
      const huge = Buffer.alloc(MAX_MEDIA_BYTES + 128 * 1024, 1);
      await expectRefused(
        account,
        () =>
          uploadMultipart(
            url,
            { type: 'video' },
            { filename: 'big.mp4', contentType: 'video/mp4', bytes: huge },
          ),
        413,
        'MEDIA_TOO_LARGE',
      );
      // Within the transport limit but past voice's 2 MB: WeChat's per-type code.
      const longVoice = Buffer.concat([sampleAmr(), Buffer.alloc(MEDIA_SIZE_LIMITS.voice, 0x3c)]);
      await expectRefused(
        account,
        () => uploadRaw(url, { type: 'voice' }, longVoice),
        413,
        'VOICE_SIZE_INVALID',
      );
    });

    it('requires a user who follows the account, and the admin key', async () => {
      const account = await buildAccount(p.ctx);
      const gone = await insertFollowingUser(p.ctx, account, { subscribed: false });
      const png = await samplePng();
      const url = `/gz/v1/users/${gone.id}/accounts/${account.appid}/media`;
      await expectRefused(account, () => uploadRaw(url, { type: 'image' }, png), 409, 'NOT_FOLLOWING');
      await expectRefused(
        account,
        () => uploadRaw(`/gz/v1/users/usr_nobody/accounts/${account.appid}/media`, { type: 'image' }, png),
        404,
        'USER_NOT_FOUND',
      );
      await expectRefused(
        account,
        () =>
          p.app.inject({
            method: 'POST',
            url: `${url}?type=image`,
            headers: { 'content-type': 'image/png' },
            payload: png,
          }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('explains malformed uploads', async () => {
      const { account, url } = await follower();
      const png = await samplePng();
      await expectRefused(account, () => uploadRaw(url, {}, png), 400, 'VALIDATION_FAILED');
      await expectRefused(account, () => uploadRaw(url, { type: 'news' }, png), 400, 'VALIDATION_FAILED');
      await expectRefused(account, () => uploadMultipart(url, { type: 'image' }), 400, 'MEDIA_INVALID');
      await expectRefused(
        account,
        () =>
          uploadMultipart(
            url,
            { type: 'image' },
            { field: 'file', filename: 'a.png', contentType: 'image/png', bytes: png },
          ),
        400,
        'VALIDATION_FAILED',
      );
      await expectRefused(
        account,
        () =>
          p.app.inject({
            method: 'POST',
            url,
            headers: { ...p.adminHeaders, 'content-type': 'multipart/form-data' },
            payload: 'no boundary at all',
          }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('GET /cgi-bin/media/get', () => {
    it('sends the identical bytes with Content-disposition and the stored Content-Type', async () => {
      const { account, url } = await follower();
      const png = await samplePng();
      const image = created(await uploadRaw(url, { type: 'image', filename: 'x.png' }, png));
      const voice = created(await uploadRaw(url, { type: 'voice' }, sampleAmr()));
      const token = await fetchToken(p, account);

      const res = await mediaGet(token, image.media_id);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${image.media_id}.png"`);
      expect(res.rawPayload.equals(png)).toBe(true);

      const audio = await mediaGet(token, voice.media_id);
      expect(audio.headers['content-type']).toBe('audio/amr');
      expect(audio.headers['content-disposition']).toBe(`attachment; filename="${voice.media_id}.amr"`);
      expect(audio.rawPayload.equals(sampleAmr())).toBe(true);
    });

    it('answers video with {video_url} as exact application/json, and the URL serves the file', async () => {
      const { account, url } = await follower();
      const mp4 = sampleMp4();
      const video = created(await uploadRaw(url, { type: 'video' }, mp4, 'video/mp4'));
      const res = await mediaGet(await fetchToken(p, account), video.media_id);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.json()).toEqual({ video_url: video.url });
      const file = await fetch(video.url);
      expect(file.headers.get('content-type')).toBe('video/mp4');
      expect(Buffer.from(await file.arrayBuffer())).toEqual(mp4);
    });

    it('answers 40007 as exact application/json for unknown, missing and other accounts\u2019 media', async () => {
      const { url } = await follower();
      const theirs = created(await uploadRaw(url, { type: 'image' }, await samplePng()));
      const other = await buildAccount(p.ctx);
      const token = await fetchToken(p, other);
      expect(expectWechatError(await mediaGet(token, theirs.media_id), 40007).errmsg).toMatch(
        /^invalid media_id.* rid: /,
      );
      expectWechatError(await mediaGet(token, 'A'.repeat(64)), 40007);
      expectWechatError(
        await p.app.inject({ method: 'GET', url: `/cgi-bin/media/get?access_token=${token}` }),
        40007,
      );
      // Token errors on this binary endpoint are exact JSON too (wechat-api retries 40001 only if it can read it).
      expectWechatError(await mediaGet('not-a-token', theirs.media_id), 40001);
    });

    it('expires follower media 3 days later by the platform clock (40007, and the public URL 404s)', async () => {
      const { account, url } = await follower();
      const media = created(await uploadRaw(url, { type: 'image' }, await samplePng()));

      p.ctx.clock.setOffset(TEMPORARY_MEDIA_TTL_MS - 60_000);
      const stillThere = await mediaGet(await fetchToken(p, account), media.media_id);
      expect(stillThere.headers['content-type']).toBe('image/png');
      expect((await p.app.inject({ method: 'GET', url: `/mmbiz/${media.media_id}` })).statusCode).toBe(200);

      p.ctx.clock.setOffset(TEMPORARY_MEDIA_TTL_MS + 1_000);
      expectWechatError(await mediaGet(await fetchToken(p, account), media.media_id), 40007);
      const file = await p.app.inject({ method: 'GET', url: `/mmbiz/${media.media_id}` });
      expect(file.statusCode).toBe(404);
      expect(file.json<{ code: string }>().code).toBe('MEDIA_NOT_FOUND');
    });

    it('404s unknown public file URLs', async () => {
      const res = await p.app.inject({ method: 'GET', url: `/mmbiz/${'x'.repeat(64)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json<{ code: string }>().code).toBe('MEDIA_NOT_FOUND');
    });
  });

  describe('wechat-api SDK getMedia', () => {
    function sdkGetMedia(account: AccountsTable, mediaId: string) {
      const api = new WechatAPI(account.appid, account.appsecret);
      api.endpoint = base;
      const getMedia = (api as unknown as { getMedia: GetMedia }).getMedia;
      return new Promise<{ err: (Error & { code?: number }) | null; data: unknown }>((resolve) =>
        getMedia.call(api, mediaId, (err, data) => resolve({ err, data })),
      );
    }

    it('downloads image bytes, reads video_url, and reports 40007 as an error', async () => {
      const { account, url } = await follower();
      const png = await samplePng();
      const image = created(await uploadRaw(url, { type: 'image' }, png));
      const video = created(await uploadRaw(url, { type: 'video' }, sampleMp4()));

      const got = await sdkGetMedia(account, image.media_id);
      expect(got.err).toBeNull();
      expect(Buffer.isBuffer(got.data) && got.data.equals(png)).toBe(true);

      const clip = await sdkGetMedia(account, video.media_id);
      expect(clip.err).toBeNull();
      expect(clip.data).toEqual({ video_url: video.url });

      const missing = await sdkGetMedia(account, 'B'.repeat(64));
      expect(missing.err?.name).toBe('WeChatAPIError');
      expect(missing.err?.message).toMatch(/^invalid media_id/);
    });
  });
});
