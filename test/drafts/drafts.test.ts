/**
 * The draft box (§13.1) over HTTP: draft/add (news and newspic, the
 * single-article digest default, multi-article digests dropped), get with
 * preview url and thumb_url, update of one article at a 0-based index,
 * delete, count, batchget paging and no_content, switch; every errcode
 * (44003, 45008, 40007 for covers and ids, 40060, 45003, 40035, 47001),
 * who may keep drafts (every account) and the console's /gz/v1/accounts/:appid/drafts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { buildAccount, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectErrcode, expectOk, startMediaPlatform, type WechatBody } from '../media/media-kit.ts';

interface NewsItem {
  [field: string]: unknown;
  title: string;
  digest: string;
  url: string;
  thumb_url: string;
}

describe.each(DIALECTS)('drafts on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
  });
  afterAll(async () => kit.p.close());

  let account: AccountsTable;
  let token: string;
  let cover: string;
  beforeEach(async () => {
    account = await buildAccount(kit.p.ctx);
    token = await kit.token(account);
    cover = await addImage('material/add_material');
  });

  const post = (path: string, body: unknown, query = '') =>
    kit.postJson(`/cgi-bin/${path}?access_token=${token}${query}`, body);

  async function addImage(path: string): Promise<string> {
    const res = await kit.upload(`/cgi-bin/${path}?access_token=${token}&type=image`, {
      filename: 'cover.png',
      bytes: await samplePng(47, 20),
    });
    return expectOk(res).media_id as string;
  }

  function article(extra: Record<string, unknown> = {}) {
    return {
      title: '标题 Hello',
      author: 'Ops',
      content: '<p>Hello <b>world</b></p><script>alert(1)</script>',
      content_source_url: 'https://example.com/original',
      thumb_media_id: cover,
      need_open_comment: 1,
      only_fans_can_comment: 0,
      ...extra,
    };
  }

  async function addDraft(articles: unknown[]): Promise<string> {
    return expectOk(await post('draft/add', { articles })).media_id as string;
  }

  it('adds a draft and gets it back with a preview url, thumb_url and the digest taken from the text', async () => {
    const longText = `<section><p>${'很'.repeat(40)}</p><p>${'长'.repeat(40)}</p></section>`;
    const mediaId = await addDraft([article({ content: longText, pic_crop_235_1: '0.1_0_0.9_0.5' })]);
    expect(mediaId).toMatch(/^[A-Za-z0-9_-]{64}$/);

    const got = expectOk(await post('draft/get', { media_id: mediaId }));
    const items = got.news_item as NewsItem[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      article_type: 'news',
      title: '标题 Hello',
      author: 'Ops',
      content: longText,
      content_source_url: 'https://example.com/original',
      thumb_media_id: cover,
      thumb_url: `${kit.base}/mmbiz/${cover}`,
      need_open_comment: 1,
      only_fans_can_comment: 0,
      pic_crop_235_1: '0.1_0_0.9_0.5',
      pic_crop_1_1: '',
      url: `${kit.base}/s/${mediaId}?idx=1`,
    });
    // WeChat: an empty digest of a single-article draft is the text's first 54 characters.
    expect(items[0]!.digest).toBe(`${'很'.repeat(40)} ${'长'.repeat(13)}`);

    const plain = await addDraft([article()]);
    const digest = (expectOk(await post('draft/get', { media_id: plain })).news_item as NewsItem[])[0]!
      .digest;
    expect(digest).toBe('Hello world');
  });

  it('keeps no digest on multi-article drafts, and takes newspic posts with their images', async () => {
    const image = await addImage('material/add_material');
    const mediaId = await addDraft([
      article({ digest: 'dropped' }),
      {
        article_type: 'newspic',
        title: '图片',
        content: 'just text',
        image_info: { image_list: [{ image_media_id: image }, { image_media_id: cover }] },
      },
    ]);
    const items = expectOk(await post('draft/get', { media_id: mediaId })).news_item as NewsItem[];
    expect(items.map((i) => i.digest)).toEqual(['', '']);
    expect(items[1]).toMatchObject({
      article_type: 'newspic',
      thumb_media_id: '',
      thumb_url: '',
      image_info: { image_list: [{ image_media_id: image }, { image_media_id: cover }] },
      url: `${kit.base}/s/${mediaId}?idx=2`,
    });
  });

  it('answers each article rule with WeChat’s errcode', async () => {
    const temporary = await addImage('media/upload');
    const other = await buildAccount(kit.p.ctx);
    expectErrcode(await post('draft/add', { articles: [] }), 44003);
    expectErrcode(await post('draft/add', {}), 44003);
    expectErrcode(await post('draft/add', { articles: Array.from({ length: 9 }, () => article()) }), 45008);
    expectErrcode(await post('draft/add', { articles: [article({ thumb_media_id: '' })] }), 40007);
    expectErrcode(await post('draft/add', { articles: [article({ thumb_media_id: temporary })] }), 40007);
    expectErrcode(await post('draft/add', { articles: [article({ thumb_media_id: other.id })] }), 40007);
    expectErrcode(await post('draft/add', { articles: [article({ title: 'x'.repeat(33) })] }), 45003);
    expectErrcode(await post('draft/add', { articles: [article({ author: '作'.repeat(17) })] }), 40035);
    expectOk(
      await post('draft/add', { articles: [article({ title: '标'.repeat(32), author: '作'.repeat(16) })] }),
    );
    expectErrcode(await post('draft/add', { articles: [article({ digest: 'x'.repeat(129) })] }), 45004);
    expectErrcode(await post('draft/add', { articles: [article({ content: '' })] }), 40035);
    expectErrcode(await post('draft/add', { articles: [article({ content: 'x'.repeat(20_000) })] }), 45002);
    expectErrcode(await post('draft/add', { articles: [article({ content_source_url: 'ftp://x' })] }), 40066);
    expectErrcode(await post('draft/add', { articles: [article({ article_type: 'video' })] }), 40035);
    for (const crop of ['0.5_0_0.4_1', '0_0_1.5_1', '0,0,1,1', '0_0_1'])
      expectErrcode(await post('draft/add', { articles: [article({ pic_crop_1_1: crop })] }), 40035);
    expectErrcode(
      await post('draft/add', { articles: [{ article_type: 'newspic', title: 'p', content: 'x' }] }),
      40035,
    );
    expectErrcode(
      await post('draft/add', {
        articles: [
          {
            article_type: 'newspic',
            title: 'p',
            content: 'x',
            image_info: { image_list: [{ image_media_id: temporary }] },
          },
        ],
      }),
      40007,
    );
    expectErrcode(await post('draft/add', { articles: 'nope' }), 47001);
    expect(
      expectOk(await kit.p.app.inject({ method: 'GET', url: `/cgi-bin/draft/count?access_token=${token}` })),
    ).toMatchObject({ total_count: 1 });
  });

  it('updates one article at a 0-based index (one object, not a list); 40007 and 40060 otherwise', async () => {
    const mediaId = await addDraft([article({ title: 'first' }), article({ title: 'second' })]);
    expectOk(
      await post('draft/update', { media_id: mediaId, index: 1, articles: article({ title: 'changed' }) }),
    );
    const items = expectOk(await post('draft/get', { media_id: mediaId })).news_item as NewsItem[];
    expect(items.map((i) => i.title)).toEqual(['first', 'changed']);

    expectErrcode(await post('draft/update', { media_id: mediaId, index: 2, articles: article() }), 40060);
    expectErrcode(await post('draft/update', { media_id: mediaId, index: -1, articles: article() }), 40060);
    expectErrcode(await post('draft/update', { media_id: 'nope', index: 0, articles: article() }), 40007);
    expectErrcode(
      await post('draft/update', { media_id: mediaId, index: 0, articles: article({ thumb_media_id: 'x' }) }),
      40007,
    );
    expectErrcode(await post('draft/update', { media_id: mediaId, index: 0, articles: [article()] }), 47001);

    const single = await addDraft([article()]);
    expectOk(
      await post('draft/update', {
        media_id: single,
        index: 0,
        articles: article({ content: '<p>new</p>' }),
      }),
    );
    expect((expectOk(await post('draft/get', { media_id: single })).news_item as NewsItem[])[0]!.digest).toBe(
      'new',
    );
  });

  it('counts, pages (no_content), deletes; another account cannot see the drafts', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await addDraft([article({ title: `d${i}` })]));
      await ownApi(kit.p, 'POST', '/sandbox/clock/advance', { seconds: 2 });
    }
    const count = await kit.p.app.inject({
      method: 'GET',
      url: `/cgi-bin/draft/count?access_token=${token}`,
    });
    expect(expectOk(count)).toMatchObject({ total_count: 3 });

    const page = expectOk(await post('draft/batchget', { offset: 1, count: 1, no_content: 1 }));
    expect(page).toMatchObject({ total_count: 3, item_count: 1 });
    const item = (
      page.item as { media_id: string; update_time: number; content: { news_item: NewsItem[] } }[]
    )[0]!;
    expect(item.media_id).toBe(ids[1]);
    expect(typeof item.update_time).toBe('number');
    expect(item.content.news_item[0]).not.toHaveProperty('content');
    expect(item.content.news_item[0]!.title).toBe('d1');
    const full = expectOk(await post('draft/batchget', { offset: 0, count: 20 }));
    expect((full.item as { media_id: string }[]).map((i) => i.media_id)).toEqual([...ids].reverse());
    expect((full.item as { content: { news_item: NewsItem[] } }[])[0]!.content.news_item[0]).toHaveProperty(
      'content',
    );
    expectErrcode(await post('draft/batchget', { offset: 0, count: 21 }), 47001);
    expectErrcode(await post('draft/batchget', { offset: 0, count: 0 }), 47001);

    const other = await buildAccount(kit.p.ctx);
    const otherToken = await kit.token(other);
    expectErrcode(
      await kit.postJson(`/cgi-bin/draft/get?access_token=${otherToken}`, { media_id: ids[0] }),
      40007,
    );

    expectOk(await post('draft/delete', { media_id: ids[0] }));
    expectErrcode(await post('draft/get', { media_id: ids[0] }), 40007);
    expectErrcode(await post('draft/delete', { media_id: ids[0] }), 40007);
    expect(expectOk(await post('draft/batchget', { offset: 0, count: 20 }))).toMatchObject({
      total_count: 2,
    });
  });

  it('switch answers is_open 1 (checkonly too); every account type keeps a draft box, publishing needs more', async () => {
    expect(expectOk(await post('draft/switch', {}))).toEqual({ errcode: 0, errmsg: 'ok', is_open: 1 });
    expect(expectOk(await post('draft/switch', {}, '&checkonly=1'))).toMatchObject({ is_open: 1 });

    const plain = await buildAccount(kit.p.ctx, { type: 'subscription', verified: false });
    const plainToken = await kit.token(plain);
    const count = await kit.p.app.inject({
      method: 'GET',
      url: `/cgi-bin/draft/count?access_token=${plainToken}`,
    });
    expect(expectOk(count)).toEqual({ total_count: 0 });
    const body: WechatBody = expectErrcode(
      await kit.postJson(`/cgi-bin/freepublish/submit?access_token=${plainToken}`, { media_id: 'x' }),
      48001,
    );
    expect(body.errmsg).toContain('api unauthorized');
  });

  it('serves the console’s drafts: create, list, one, save all, edit one, delete', async () => {
    const base = `/accounts/${account.appid}/drafts`;
    const created = await ownApi<{ media_id: string; articles: NewsItem[] }>(kit.p, 'POST', base, {
      articles: [article({ title: 'a' }), article({ title: 'b' })],
    });
    expect(created.status).toBe(201);
    expect(created.body.articles.map((a) => a.title)).toEqual(['a', 'b']);
    const id = created.body.media_id;

    const list = await ownApi<{ total_count: number; items: { media_id: string }[] }>(kit.p, 'GET', base);
    expect(list.body).toMatchObject({ total_count: 1, items: [{ media_id: id }] });

    const saved = await ownApi<{ articles: NewsItem[] }>(kit.p, 'PUT', `${base}/${id}`, {
      articles: [article({ title: 'b' }), article({ title: 'c' }), article({ title: 'a' })],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.articles.map((a) => a.title)).toEqual(['b', 'c', 'a']);

    const edited = await ownApi<{ articles: NewsItem[] }>(
      kit.p,
      'PUT',
      `${base}/${id}/articles/2`,
      article({ title: 'z' }),
    );
    expect(edited.body.articles.map((a) => a.title)).toEqual(['b', 'c', 'z']);
    const outOfRange = await ownApi(kit.p, 'PUT', `${base}/${id}/articles/3`, article());
    expect(outOfRange).toMatchObject({ status: 400, body: { code: 'ARTICLE_INDEX_INVALID' } });
    const badCover = await ownApi(kit.p, 'POST', base, { articles: [article({ thumb_media_id: 'x' })] });
    expect(badCover).toMatchObject({ status: 404, body: { code: 'MEDIA_NOT_FOUND' } });

    const one = await ownApi<{ articles: NewsItem[] }>(kit.p, 'GET', `${base}/${id}`);
    expect(one.body.articles).toHaveLength(3);
    expect((await ownApi(kit.p, 'DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await ownApi(kit.p, 'GET', `${base}/${id}`)).status).toBe(404);
  });
  it('lists the draft and publishing endpoints in the OpenAPI document', async () => {
    const doc = await kit.p.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    for (const path of [
      '/cgi-bin/draft/add',
      '/cgi-bin/draft/switch',
      '/cgi-bin/freepublish/submit',
      '/cgi-bin/freepublish/batchget',
      '/gz/v1/accounts/{appid}/drafts/{media_id}/articles/{index}',
      '/gz/v1/accounts/{appid}/publications/{publish_id}',
      '/gz/v1/organizations/{id}/sensitive-words/{word_id}',
    ])
      expect(paths).toContain(path);
  });
});
