/**
 * Cover crops and thumbnails rendered with sharp (`/mmbiz/:media_id/:variant`)
 * and the console's material routes under /gz/v1/accounts/:appid/materials.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import {
  multipartBody,
  sampleAmr,
  sampleMp4,
  samplePng,
} from '../../src/server/modules/media/media.test-helpers.ts';
import { mediaVariantUrl } from '../../src/server/modules/media/render-image-variant.ts';
import type { MediaView } from '../../src/server/modules/media/media.presenter.ts';
import { buildAccount, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectOk, startMediaPlatform } from './media-kit.ts';

describe.each(DIALECTS)('image variants and console materials on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;
  let account: AccountsTable;
  let token: string;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
    account = await buildAccount(kit.p.ctx);
    token = await kit.token(account);
  });
  afterAll(async () => kit.p.close());

  /** A 1200×600 image: left half red, right half blue, so crops can be told apart by colour. */
  async function halves(): Promise<Buffer> {
    const blue = await sharp({ create: { width: 600, height: 600, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    return sharp({ create: { width: 1200, height: 600, channels: 3, background: '#ff0000' } })
      .composite([{ input: blue, left: 600, top: 0 }])
      .png()
      .toBuffer();
  }

  async function variant(path: string) {
    const res = await kit.p.app.inject({ method: 'GET', url: path });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    const image = sharp(res.rawPayload);
    const meta = await image.metadata();
    const { dominant } = await image.stats();
    return { res, width: meta.width, height: meta.height, dominant };
  }

  it('derives a thumbnail and the 2.35:1 and 1:1 covers, centred or from a crop box', async () => {
    const material = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${token}&type=image`, {
        filename: 'halves.png',
        bytes: await halves(),
      }),
    );
    const row = { media_id: material.media_id as string };

    const thumb = await variant(new URL(mediaVariantUrl(kit.p.ctx, row, 'thumb')).pathname);
    expect([thumb.width, thumb.height]).toEqual([360, 180]);
    expect(thumb.res.headers['cache-control']).toContain('immutable');

    const wide = await variant(new URL(mediaVariantUrl(kit.p.ctx, row, 'cover-2.35')).pathname);
    expect([wide.width, wide.height]).toEqual([900, 383]);

    const square = await variant(new URL(mediaVariantUrl(kit.p.ctx, row, 'cover-1')).pathname);
    expect(square.width).toBe(square.height);

    // WeChat's crop strings: the left quarter is all red, the right quarter all blue.
    const left = await variant(`/mmbiz/${row.media_id}/cover-1?crop=0_0_0.4_0.8`);
    expect(left.dominant.r).toBeGreaterThan(200);
    expect(left.dominant.b).toBeLessThan(60);
    const right = new URL(mediaVariantUrl(kit.p.ctx, row, 'cover-1', '0.6_0_1_0.8'));
    const blue = await variant(`${right.pathname}${right.search}`);
    expect(blue.dominant.b).toBeGreaterThan(200);
    expect(blue.dominant.r).toBeLessThan(60);

    const bad = await kit.p.app.inject({
      method: 'GET',
      url: `/mmbiz/${row.media_id}/cover-1?crop=0.5_0_0.2_1`,
    });
    expect(bad.statusCode).toBe(400);
    expect((await kit.p.app.inject({ method: 'GET', url: `/mmbiz/${row.media_id}/poster` })).statusCode).toBe(
      404,
    );
  });

  it('has no variants for voice and video', async () => {
    const voice = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${token}&type=voice`, {
        filename: 'v.amr',
        bytes: sampleAmr(),
      }),
    );
    const res = await kit.p.app.inject({ method: 'GET', url: `/mmbiz/${voice.media_id as string}/thumb` });
    expect(res.statusCode).toBe(404);
  });

  describe('/gz/v1/accounts/:appid/materials', () => {
    it('uploads, lists, counts and deletes materials for the console', async () => {
      const other = await buildAccount(kit.p.ctx);
      const base = `/gz/v1/accounts/${other.appid}/materials`;
      const upload = (fields: Record<string, string>, file: { filename: string; bytes: Buffer }) => {
        const { payload, headers } = multipartBody(fields, {
          contentType: 'application/octet-stream',
          ...file,
        });
        return kit.p.app.inject({
          method: 'POST',
          url: base,
          headers: { ...kit.p.adminHeaders, ...headers },
          payload,
        });
      };

      const image = await upload(
        { type: 'image' },
        { filename: 'poster.png', bytes: await samplePng(64, 32) },
      );
      expect(image.statusCode, image.body).toBe(201);
      expect(image.json<MediaView>()).toMatchObject({
        type: 'image',
        filename: 'poster.png',
        width: 64,
        height: 32,
        expires_at: null,
      });
      const video = await upload(
        { type: 'video', title: 'Launch', introduction: 'Recording' },
        { filename: 'l.mp4', bytes: sampleMp4() },
      );
      expect(video.statusCode, video.body).toBe(201);
      expect(video.json<MediaView>()).toMatchObject({
        type: 'video',
        title: 'Launch',
        introduction: 'Recording',
      });

      const bad = await upload({ type: 'image' }, { filename: 'x.png', bytes: Buffer.from('nope') });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ code: string }>().code).toBe('MEDIA_INVALID');
      const noType = await upload({}, { filename: 'x.png', bytes: await samplePng() });
      expect(noType.json<{ code: string }>().code).toBe('MEDIA_TYPE_INVALID');

      const list = await ownApi<{ total_count: number; items: MediaView[] }>(
        kit.p,
        'GET',
        `/accounts/${other.appid}/materials?type=image`,
      );
      expect(list.status).toBe(200);
      expect(list.body.total_count).toBe(1);
      expect(list.body.items[0]!.media_id).toBe(image.json<MediaView>().media_id);
      const counts = await ownApi(kit.p, 'GET', `/accounts/${other.appid}/materials/counts`);
      expect(counts.body).toEqual({ voice_count: 0, video_count: 1, image_count: 1, news_count: 0 });

      const removed = await ownApi(
        kit.p,
        'DELETE',
        `/accounts/${other.appid}/materials/${image.json<MediaView>().media_id}`,
      );
      expect(removed.status).toBe(204);
      const again = await ownApi(
        kit.p,
        'DELETE',
        `/accounts/${other.appid}/materials/${image.json<MediaView>().media_id}`,
      );
      expect(again).toMatchObject({ status: 404, body: { code: 'MEDIA_NOT_FOUND' } });
      const unauthenticated = await kit.p.app.inject({ method: 'GET', url: `${base}?type=image` });
      expect(unauthenticated.statusCode).toBe(401);
      const unknown = await ownApi(kit.p, 'GET', '/accounts/wx0000000000000000/materials?type=image');
      expect(unknown.status).toBe(404);
    });

    it('lists the media and material endpoints in the OpenAPI document', async () => {
      const doc = await kit.p.app.inject({ method: 'GET', url: '/docs/json' });
      expect(doc.statusCode).toBe(200);
      const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
      for (const path of [
        '/cgi-bin/media/upload',
        '/cgi-bin/media/uploadimg',
        '/cgi-bin/material/add_material',
        '/cgi-bin/material/batchget_material',
        '/gz/v1/accounts/{appid}/materials',
        '/mmbiz/{media_id}/{variant}',
      ]) {
        expect(paths).toContain(path);
      }
    });
  });
});
