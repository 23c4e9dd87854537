/**
 * Permanent materials over the Open API (§12.5, Appendix A.4/A.5):
 * add_material for each type (video description from the form or the
 * query), get_material's three answer shapes, del_material (48005 while an
 * auto-reply uses it), get_materialcount, batchget_material paging, the
 * legacy add_news/update_news, the library limits, and the wechat-api SDK.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { mediaStore, newStorageKey } from '../../src/server/modules/media/media-store.ts';
import { TEMPORARY_MEDIA_TTL_MS } from '../../src/server/modules/media/media.schemas.ts';
import {
  sampleAmr,
  sampleJpeg,
  sampleMp4,
  samplePng,
} from '../../src/server/modules/media/media.test-helpers.ts';
import { MATERIAL_LIMITS } from '../../src/server/modules/materials/materials.schemas.ts';
import { buildAccount, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectErrcode, expectOk, sdkCall, startMediaPlatform, type WechatBody } from './media-kit.ts';

describe.each(DIALECTS)('permanent materials on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
  });
  afterAll(async () => kit.p.close());

  /** A fresh account (so counts start at zero) and its token. */
  async function freshAccount(): Promise<{ account: AccountsTable; token: string }> {
    const account = await buildAccount(kit.p.ctx);
    return { account, token: await kit.token(account) };
  }

  let account: AccountsTable;
  let token: string;
  beforeEach(async () => {
    ({ account, token } = await freshAccount());
  });

  const url = (path: string, query = '') => `/cgi-bin/material/${path}?access_token=${token}${query}`;
  const add = (
    type: string,
    file: { filename: string; bytes: Buffer; field?: string },
    fields?: Record<string, string>,
    query = '',
  ) => kit.upload(url('add_material', `&type=${type}${query}`), file, fields);
  const post = (path: string, body: unknown) => kit.postJson(url(path), body);

  async function addImage(): Promise<string> {
    return expectOk(await add('image', { filename: 'cover.png', bytes: await samplePng(235, 100) }))
      .media_id as string;
  }

  function article(thumb: string, extra: Record<string, unknown> = {}) {
    return {
      title: 'Hello',
      thumb_media_id: thumb,
      author: 'Ops',
      digest: 'A short digest',
      show_cover_pic: 1,
      content: '<p>Body</p>',
      content_source_url: 'https://example.com/original',
      need_open_comment: 1,
      only_fans_can_comment: 0,
      ...extra,
    };
  }

  it('adds an image ({media_id, url}), voice and thumb ({media_id}); get_material gives the bytes with a filename', async () => {
    const png = await samplePng(50, 40);
    const image = expectOk(await add('image', { filename: 'logo.png', bytes: png }));
    expect(Object.keys(image).sort()).toEqual(['media_id', 'url']);
    expect(image.url).toBe(`${kit.base}/mmbiz/${image.media_id as string}`);

    const voice = expectOk(await add('voice', { filename: 'hello.amr', bytes: sampleAmr() }));
    expect(Object.keys(voice)).toEqual(['media_id']);
    const thumb = expectOk(await add('thumb', { filename: 't.jpg', bytes: await sampleJpeg() }));
    expect(Object.keys(thumb)).toEqual(['media_id']);

    const got = await post('get_material', { media_id: image.media_id });
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${image.media_id as string}.png"`);
    expect(got.rawPayload.equals(png)).toBe(true);
    const audio = await post('get_material', { media_id: voice.media_id });
    expect(audio.headers['content-type']).toBe('audio/amr');
    expect(audio.rawPayload.equals(sampleAmr())).toBe(true);

    // Permanent: still there long after 3 days; and media/get is for temporary media only.
    kit.p.ctx.clock.setOffset(TEMPORARY_MEDIA_TTL_MS * 10);
    try {
      const later = await kit.token(account);
      const again = await kit.postJson(`/cgi-bin/material/get_material?access_token=${later}`, {
        media_id: image.media_id,
      });
      expect(again.rawPayload.equals(png)).toBe(true);
      expectErrcode(
        await kit.p.app.inject({
          method: 'GET',
          url: `/cgi-bin/media/get?access_token=${later}&media_id=${image.media_id as string}`,
        }),
        40007,
      );
    } finally {
      kit.p.ctx.clock.setOffset(0);
    }
  });

  it('takes a video description from the form field or the query (wechatpy) and answers {title, description, down_url}', async () => {
    const mp4 = sampleMp4();
    const fromForm = expectOk(
      await add(
        'video',
        { filename: 'clip.mp4', bytes: mp4 },
        { description: JSON.stringify({ title: '发布会', introduction: '全程回放' }) },
      ),
    );
    const query = `&description=${encodeURIComponent(JSON.stringify({ title: 'From the query', introduction: 'wechatpy style' }))}`;
    const fromQuery = expectOk(await add('video', { filename: 'clip2.mp4', bytes: mp4 }, {}, query));

    const first = await post('get_material', { media_id: fromForm.media_id });
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.json()).toEqual({
      title: '发布会',
      description: '全程回放',
      down_url: `${kit.base}/mmbiz/${fromForm.media_id as string}`,
    });
    expect((await post('get_material', { media_id: fromQuery.media_id })).json()).toMatchObject({
      title: 'From the query',
      description: 'wechatpy style',
    });
    const file = await fetch(`${kit.base}/mmbiz/${fromForm.media_id as string}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(mp4)).toBe(true);

    expectErrcode(await add('video', { filename: 'c.mp4', bytes: mp4 }), 40035);
    expectErrcode(await add('video', { filename: 'c.mp4', bytes: mp4 }, { description: 'not json' }), 40035);
    expectErrcode(
      await add(
        'video',
        { filename: 'c.mp4', bytes: mp4 },
        { description: JSON.stringify({ title: 'x'.repeat(65) }) },
      ),
      45003,
    );
  });

  it('refuses bad uploads with the media errcodes', async () => {
    expectErrcode(await add('news', { filename: 'a.png', bytes: await samplePng() }), 40004);
    expectErrcode(await add('image', { filename: 'a.jpg', bytes: Buffer.from('plain text') }), 40005);
    expectErrcode(await add('thumb', { filename: 'a.jpg', bytes: await sampleJpeg(400, 400, true) }), 40012);
    expectErrcode(await add('image', { filename: 'a.png', bytes: await samplePng(), field: 'file' }), 41005);
    const counts = await kit.p.app.inject({ method: 'GET', url: url('get_materialcount') });
    expect(counts.json()).toEqual({ voice_count: 0, video_count: 0, image_count: 0, news_count: 0 });
  });

  it('counts materials per type (thumbs as images) and pages them newest first, 20 at most', async () => {
    const images: string[] = [];
    for (let i = 0; i < 3; i++) {
      images.push(await addImage());
      kit.p.ctx.clock.setOffset((i + 1) * 1000); // distinct update_time order
    }
    kit.p.ctx.clock.setOffset(0);
    const thumb = expectOk(await add('thumb', { filename: 't.jpg', bytes: await sampleJpeg() }))
      .media_id as string;
    expectOk(await add('voice', { filename: 'v.amr', bytes: sampleAmr() }));
    const news = expectOk(await post('add_news', { articles: [article(images[0]!)] })).media_id as string;
    // Temporary media and article images are not materials.
    expectOk(
      await kit.upload(`/cgi-bin/media/upload?access_token=${token}&type=image`, {
        filename: 'tmp.png',
        bytes: await samplePng(),
      }),
    );
    expectOk(
      await kit.upload(`/cgi-bin/media/uploadimg?access_token=${token}`, {
        filename: 'in.png',
        bytes: await samplePng(),
      }),
    );

    const counts = await kit.p.app.inject({ method: 'GET', url: url('get_materialcount') });
    expect(counts.json()).toEqual({ voice_count: 1, video_count: 0, image_count: 4, news_count: 1 });

    const page = expectOk(await post('batchget_material', { type: 'image', offset: 0, count: 2 }));
    expect(page.total_count).toBe(4);
    expect(page.item_count).toBe(2);
    const items = page.item as WechatBody[];
    expect(items[0]).toEqual({
      media_id: images[2],
      name: 'cover.png',
      update_time: expect.any(Number) as unknown,
      url: `${kit.base}/mmbiz/${images[2]!}`,
    });
    const rest = expectOk(await post('batchget_material', { type: 'image', offset: 2, count: 20 }));
    const all = [...items, ...(rest.item as WechatBody[])].map((i) => i.media_id);
    expect(new Set(all)).toEqual(new Set([...images, thumb]));
    expect(expectOk(await post('batchget_material', { type: 'video', offset: 0, count: 5 }))).toEqual({
      total_count: 0,
      item_count: 0,
      item: [],
    });

    const newsPage = expectOk(await post('batchget_material', { type: 'news', offset: 0, count: 10 }));
    expect(newsPage).toMatchObject({ total_count: 1, item_count: 1 });
    const [newsItem] = newsPage.item as {
      media_id: string;
      content: { news_item: WechatBody[] };
      update_time: number;
    }[];
    expect(newsItem!.media_id).toBe(news);
    expect(newsItem!.update_time).toEqual(expect.any(Number) as unknown);
    expect(newsItem!.content.news_item[0]).toMatchObject({ title: 'Hello', thumb_media_id: images[0] });

    expectErrcode(await post('batchget_material', { type: 'thumb', offset: 0, count: 5 }), 40004);
    expect(
      (await post('batchget_material', { type: 'image', offset: 0, count: 21 })).json<WechatBody>().errcode,
    ).toBe(47001);
  });

  it('add_news stores 1–8 articles and get_material answers {news_item}; update_news replaces one by 0-based index', async () => {
    const cover = await addImage();
    const created = expectOk(
      await post('add_news', {
        articles: [article(cover), article(cover, { title: 'Second', show_cover_pic: false })],
      }),
    );
    expect(Object.keys(created)).toEqual(['media_id']);
    const id = created.media_id as string;

    const got = await post('get_material', { media_id: id });
    expect(got.headers['content-type']).toBe('application/json');
    const items = got.json<{ news_item: WechatBody[] }>().news_item;
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      title: 'Hello',
      thumb_media_id: cover,
      thumb_url: `${kit.base}/mmbiz/${cover}`,
      show_cover_pic: 1,
      author: 'Ops',
      digest: 'A short digest',
      content: '<p>Body</p>',
      url: expect.stringContaining(id) as unknown,
      content_source_url: 'https://example.com/original',
      need_open_comment: 1,
      only_fans_can_comment: 0,
    });
    expect(items[1]).toMatchObject({ title: 'Second', show_cover_pic: 0 });

    expectOk(
      await post('update_news', {
        media_id: id,
        index: 1,
        articles: article(cover, { title: 'Second, revised' }),
      }),
    );
    const after = (await post('get_material', { media_id: id })).json<{ news_item: WechatBody[] }>()
      .news_item;
    expect(after.map((a) => a.title)).toEqual(['Hello', 'Second, revised']);
    expectErrcode(await post('update_news', { media_id: id, index: 2, articles: article(cover) }), 40060);
    expectErrcode(
      await post('update_news', { media_id: 'D'.repeat(64), index: 0, articles: article(cover) }),
      40007,
    );
  });

  it('checks articles with WeChat\u2019s errcodes', async () => {
    const cover = await addImage();
    const voice = expectOk(await add('voice', { filename: 'v.amr', bytes: sampleAmr() })).media_id as string;
    expectErrcode(await post('add_news', { articles: [] }), 44003);
    expectErrcode(await post('add_news', {}), 44003);
    expectErrcode(
      await post('add_news', { articles: Array.from({ length: 9 }, () => article(cover)) }),
      45008,
    );
    expectErrcode(await post('add_news', { articles: [article(cover, { title: '标'.repeat(65) })] }), 45003);
    expectErrcode(await post('add_news', { articles: [article(cover, { digest: 'd'.repeat(129) })] }), 45004);
    expectErrcode(
      await post('add_news', { articles: [article(cover, { content: 'x'.repeat(20_000) })] }),
      45002,
    );
    expectErrcode(
      await post('add_news', { articles: [article(cover, { content_source_url: 'javascript:alert(1)' })] }),
      40066,
    );
    expectErrcode(await post('add_news', { articles: [article('E'.repeat(64))] }), 40007);
    // The cover must be an image: a voice material is not one.
    expectErrcode(await post('add_news', { articles: [article(voice)] }), 40007);
    expectErrcode(await post('add_news', { articles: [{ title: 'no cover or content' }] }), 47001);
    const counts = await kit.p.app.inject({ method: 'GET', url: url('get_materialcount') });
    expect(counts.json<WechatBody>().news_count).toBe(0);
  });

  it('del_material removes files and news, 40007 afterwards, 48005 while an auto-reply uses one', async () => {
    const image = await addImage();
    const row = await kit.p.ctx.db
      .selectFrom('media')
      .selectAll()
      .where('media_id', '=', image)
      .executeTakeFirstOrThrow();
    const news = expectOk(await post('add_news', { articles: [article(image)] })).media_id as string;

    const rule = await ownApi<{ id: string }>(kit.p, 'POST', `/accounts/${account.appid}/autoreply/rules`, {
      rule_name: 'logo',
      keywords: [{ match_mode: 'equal', content: 'logo' }],
      replies: [{ msgtype: 'image', image: { media_id: image } }],
    });
    expect(rule.status).toBe(201);
    expectErrcode(await post('del_material', { media_id: image }), 48005);
    expect(
      await ownApi(kit.p, 'DELETE', `/accounts/${account.appid}/autoreply/rules/${rule.body.id}`),
    ).toMatchObject({ status: 204 });

    expect(expectOk(await post('del_material', { media_id: image }))).toEqual({ errcode: 0, errmsg: 'ok' });
    expectErrcode(await post('get_material', { media_id: image }), 40007);
    expectErrcode(await post('del_material', { media_id: image }), 40007);
    expect((await kit.p.app.inject({ method: 'GET', url: `/mmbiz/${image}` })).statusCode).toBe(404);
    expect(await mediaStore(kit.p.ctx).get(row.storage_key)).toBeNull();

    expectOk(await post('del_material', { media_id: news }));
    expectErrcode(await post('get_material', { media_id: news }), 40007);
    expectErrcode(await post('del_material', {}), 40007);
    expectErrcode(await kit.p.app.inject({ method: 'POST', url: url('del_material') }), 44002);

    // Another account's material is unknown here.
    const other = await freshAccount();
    const theirs = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${other.token}&type=image`, {
        filename: 'x.png',
        bytes: await samplePng(),
      }),
    ).media_id;
    expectErrcode(await post('get_material', { media_id: theirs }), 40007);
    expectErrcode(await post('del_material', { media_id: theirs }), 40007);
  });

  it('stops at the library limit: 1,000 voice materials, then 45034', async () => {
    const now = kit.p.ctx.clock.now();
    // Rows only (no files): the limit counts rows, and 1,000 real uploads would only slow the test.
    const rows = Array.from({ length: MATERIAL_LIMITS.voice }, (_, i) => ({
      media_id: `voice-${i}-${newStorageKey()}`,
      account_id: account.id,
      type: 'voice' as const,
      origin: 'permanent' as const,
      filename: `v${i}.amr`,
      content_type: 'audio/amr',
      size: 10,
      sha256: '0'.repeat(64),
      storage_key: newStorageKey(),
      width: null,
      height: null,
      created_at: now,
      expires_at: null,
      title: null,
      introduction: null,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await kit.p.ctx.db
        .insertInto('media')
        .values(rows.slice(i, i + 200))
        .execute();
    expectErrcode(await add('voice', { filename: 'one-more.amr', bytes: sampleAmr() }), 45034);
    // Images have their own, larger allowance.
    expectOk(await add('image', { filename: 'fine.png', bytes: await samplePng() }));
  });

  describe('wechat-api SDK', () => {
    it('uploadMaterial, uploadVideoMaterial, getMaterial, getMaterialCount, getMaterials, news, removeMaterial', async () => {
      const api = kit.sdk(account);
      const jpeg = await sampleJpeg(40, 30);
      const image = await sdkCall<WechatBody>((cb) =>
        api.uploadMaterial(kit.writeFile('sdk.jpg', jpeg), 'image', cb),
      );
      expect(image.err).toBeNull();
      expect(image.data).toEqual({
        media_id: expect.any(String) as unknown,
        url: expect.stringContaining('/mmbiz/') as unknown,
      });
      const imageId = image.data.media_id as string;

      const bytes = await sdkCall((cb) => api.getMaterial(imageId, cb));
      expect(bytes.err).toBeNull();
      expect(Buffer.isBuffer(bytes.data) && bytes.data.equals(jpeg)).toBe(true);

      const video = await sdkCall<WechatBody>((cb) =>
        api.uploadVideoMaterial(
          kit.writeFile('sdk.mp4', sampleMp4()),
          { title: 'SDK video', introduction: 'via form' },
          cb,
        ),
      );
      expect(video.err).toBeNull();
      const described = await sdkCall((cb) => api.getMaterial(video.data.media_id as string, cb));
      expect(described.data).toMatchObject({ title: 'SDK video', description: 'via form' });

      const news = await sdkCall<WechatBody>((cb) =>
        api.uploadNewsMaterial({ articles: [article(imageId)] }, cb),
      );
      expect(news.err).toBeNull();
      const newsId = news.data.media_id as string;
      const updated = await sdkCall<WechatBody>((cb) =>
        api.updateNewsMaterial(
          { media_id: newsId, index: 0, articles: article(imageId, { title: 'Updated' }) },
          cb,
        ),
      );
      expect(updated.err).toBeNull();
      const read = await sdkCall((cb) => api.getMaterial(newsId, cb));
      const newsItems = (read.data as { news_item: WechatBody[] }).news_item;
      expect(newsItems[0]!.title).toBe('Updated');

      const counts = await sdkCall<WechatBody>((cb) => api.getMaterialCount(cb));
      expect(counts.data).toEqual({ voice_count: 0, video_count: 1, image_count: 1, news_count: 1 });
      const list = await sdkCall<WechatBody>((cb) => api.getMaterials('image', 0, 10, cb));
      expect(list.data).toMatchObject({ total_count: 1, item_count: 1 });

      const removed = await sdkCall<WechatBody>((cb) => api.removeMaterial(newsId, cb));
      expect(removed.err).toBeNull();
      const gone = await sdkCall((cb) => api.getMaterial(newsId, cb));
      expect(gone.err?.name).toBe('WeChatAPIError');
      const bad = await sdkCall<WechatBody>((cb) =>
        api.uploadMaterial(kit.writeFile('fake.png', Buffer.from('text')), 'image', cb),
      );
      expect(bad.err?.code).toBe(40005);
    });
  });
});
