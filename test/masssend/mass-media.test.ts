/**
 * The media mass send takes (§8.1, §12.3), through wechat-api and over
 * HTTP: media/uploadnews and media/uploadvideo (the SDK posts the latter to
 * its file-server prefix) with their errcodes and 3-day life; mpnews from an
 * uploadnews id, a news material or a draft, whose articles become readable
 * pages every follower's copy links to; mass/delete marking those pages
 * deleted, by article, by url and whole.
 */
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { sampleMp4, samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { buildAccount, buildFollower, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectErrcode, expectOk, startMediaPlatform, type WechatBody } from '../media/media-kit.ts';
import { insertDraft, massCopies, sendArticles } from './mass-fixtures.ts';

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

function callErr(fn: (cb: WechatAPI.Callback<unknown>) => void): Promise<WechatAPI.WechatApiError | null> {
  return new Promise((resolve) => fn((err) => resolve(err)));
}

const DAY_S = 24 * 3600;

describe.each(DIALECTS)('mass-send media on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
  });
  afterAll(async () => kit.p.close());

  const drain = async () => {
    while ((await runDueJobs(kit.p.ctx, { limit: 4 })) > 0);
  };
  const advance = async (seconds: number) =>
    expect((await ownApi(kit.p, 'POST', '/sandbox/clock/advance', { seconds })).status).toBe(200);

  async function setup() {
    const account = await buildAccount(kit.p.ctx);
    const token = await kit.token(account);
    const api = new WechatAPI(account.appid, account.appsecret);
    api.endpoint = kit.base;
    // wechat-api posts uploadvideo to http://file.api.weixin.qq.com/cgi-bin/ (Appendix B).
    api.fileServerPrefix = `${kit.base}/cgi-bin/`;
    const post = async (path: string, body: unknown) =>
      kit.postJson(`/cgi-bin/${path}?access_token=${await kit.token(account)}`, body);
    const thumb = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${token}&type=image`, {
        filename: 'cover.png',
        bytes: await samplePng(),
      }),
    ).media_id as string;
    const followers = [];
    for (let i = 0; i < 2; i++) followers.push((await buildFollower(kit.p.ctx, account)).follower);
    return { account, token, api, post, thumb, followers };
  }

  const article = (thumb: string, title: string, extra: Record<string, unknown> = {}) => ({
    thumb_media_id: thumb,
    author: 'xxx',
    title,
    content_source_url: 'https://example.com/original',
    content: `<p>${title}</p>`,
    digest: `about ${title}`,
    show_cover_pic: '1',
    ...extra,
  });

  async function uploadVideo(account: AccountsTable): Promise<string> {
    return expectOk(
      await kit.upload(`/cgi-bin/media/upload?access_token=${await kit.token(account)}&type=video`, {
        filename: 'clip.mp4',
        bytes: sampleMp4(),
      }),
    ).media_id as string;
  }

  it('uploadnews (wechat-api uploadNews) makes an mpnews id whose articles every copy links to', async () => {
    const s = await setup();
    const news = await call<{ type: string; media_id: string; created_at: number }>((cb) =>
      s.api.uploadNews(
        {
          articles: [
            article(s.thumb, 'Happy Day', {
              content: '<p>hi <img src="https://mmbiz.example/a.png"></p><script>alert(1)</script>',
            }),
            article(s.thumb, 'Second'),
          ],
        },
        cb,
      ),
    );
    expect(news).toMatchObject({ type: 'news', media_id: expect.any(String) as unknown });
    expect(Math.abs(news.created_at - kit.p.ctx.clock.now() / 1000)).toBeLessThan(5);
    // Not a material: the library does not count it.
    const counts = await kit.p.app.inject({
      method: 'GET',
      url: `/cgi-bin/material/get_materialcount?access_token=${s.token}`,
    });
    expect(counts.json()).toMatchObject({ news_count: 0 });

    const sent = await call<WechatBody & { msg_id: number; msg_data_id?: number }>((cb) =>
      s.api.massSendNews(news.media_id, true, cb),
    );
    expect(sent).toMatchObject({ errcode: 0, msg_data_id: expect.any(Number) as unknown });
    // Readable as soon as the send exists, in the same transaction.
    const articles = await sendArticles(kit.p.ctx, s.account, sent.msg_data_id!);
    expect(articles.map((a) => [a.idx, a.title, a.source, a.deleted_at])).toEqual([
      [0, 'Happy Day', 'mass_send', null],
      [1, 'Second', 'mass_send', null],
    ]);
    expect(articles[0]!.content).toContain('hi');
    expect(articles[0]!.show_cover_pic).toBe(1);
    await drain();

    for (const f of s.followers) {
      const [copy] = await massCopies(kit.p.ctx, s.account, f.openid);
      expect(copy).toMatchObject({ msg_type: 'mpnews', msg_id: String(sent.msg_id) });
      expect(copy!.content).toEqual({
        media_id: news.media_id,
        article_count: 2,
        articles: articles.map((a) => ({
          title: a.title,
          author: 'xxx',
          digest: `about ${a.title}`,
          thumb_media_id: s.thumb,
          thumb_url: `${kit.base}/mmbiz/${s.thumb}`,
          url: `${kit.base}/s/${a.id}`,
        })),
      });
    }

    // Previews link to their own readable copies too.
    const preview = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.previewNews(s.followers[0]!.openid, news.media_id, cb),
    );
    expect(preview).toMatchObject({ errcode: 0, errmsg: 'preview success' });
    const copies = await massCopies(kit.p.ctx, s.account, s.followers[0]!.openid);
    const previewed = copies.find((c) => c.msg_id === String(preview.msg_id))!;
    const links = (previewed.content.articles as { url: string }[]).map((a) => a.url);
    expect(links).toHaveLength(2);
    expect(links).not.toContain(`${kit.base}/s/${articles[0]!.id}`);

    // Like media/upload's, the id lives 3 days.
    await advance(3 * DAY_S + 1);
    expectErrcode(
      await s.post('message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpnews',
        mpnews: { media_id: news.media_id },
      }),
      40007,
    );
  });

  it('answers uploadnews errcodes: 44003, 45008, 40007, 45003, 45004, 40066, 40035, 48001', async () => {
    const s = await setup();
    const one = (extra: Record<string, unknown>) => ({ articles: [article(s.thumb, 'T', extra)] });
    expectErrcode(await s.post('media/uploadnews', { articles: [] }), 44003);
    expectErrcode(await s.post('media/uploadnews', {}), 44003);
    expectErrcode(
      await s.post('media/uploadnews', {
        articles: Array.from({ length: 9 }, (_, i) => article(s.thumb, `t${i}`)),
      }),
      45008,
    );
    expectErrcode(await s.post('media/uploadnews', one({ thumb_media_id: 'nope' })), 40007);
    // A temporary image is no cover: covers are permanent materials.
    const temporary = expectOk(
      await kit.upload(`/cgi-bin/media/upload?access_token=${s.token}&type=image`, {
        filename: 'tmp.png',
        bytes: await samplePng(),
      }),
    ).media_id as string;
    expectErrcode(await s.post('media/uploadnews', one({ thumb_media_id: temporary })), 40007);
    expectErrcode(await s.post('media/uploadnews', one({ title: 'x'.repeat(65) })), 45003);
    expectErrcode(await s.post('media/uploadnews', one({ digest: 'x'.repeat(129) })), 45004);
    expectErrcode(await s.post('media/uploadnews', one({ content_source_url: 'ftp://example.com' })), 40066);
    expectErrcode(await s.post('media/uploadnews', one({ title: '' })), 40035);
    expectErrcode(await s.post('media/uploadnews', { articles: 'no' }), 47001);

    const unverified = await buildAccount(kit.p.ctx, { type: 'subscription', verified: false });
    expectErrcode(
      await kit.postJson(`/cgi-bin/media/uploadnews?access_token=${await kit.token(unverified)}`, one({})),
      48001,
    );
  });

  it('uploadvideo (wechat-api uploadMPVideo, file-server prefix) makes the id mpvideo takes', async () => {
    const s = await setup();
    const video = await uploadVideo(s.account);
    const wrapped = await call<{ type: string; media_id: string; created_at: number }>((cb) =>
      s.api.uploadMPVideo({ media_id: video, title: '发布会', description: '全程回放' }, cb),
    );
    expect(wrapped).toMatchObject({ type: 'video', media_id: expect.any(String) as unknown });
    expect(wrapped.media_id).not.toBe(video);

    // The raw video is not an mpvideo id; the wrapped one is.
    expect(await callErr((cb) => s.api.massSendVideo(video, true, cb))).toMatchObject({ code: 40007 });
    const sent = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.massSendVideo(wrapped.media_id, true, cb),
    );
    expect(sent.errcode).toBe(0);
    await drain();
    const [copy] = await massCopies(kit.p.ctx, s.account, s.followers[0]!.openid);
    expect(copy).toMatchObject({
      msg_type: 'mpvideo',
      content: {
        media_id: wrapped.media_id,
        title: '发布会',
        description: '全程回放',
        video_url: `${kit.base}/mmbiz/${video}`,
      },
    });
    // The public URL serves the video itself.
    const file = await kit.p.app.inject({ method: 'GET', url: `/mmbiz/${video}` });
    expect(file.statusCode).toBe(200);

    // mass/send by openid may retitle it; massSendMPVideo does upload + send in one.
    const openids = s.followers.map((f) => f.openid);
    const retitled = await s.post('message/mass/send', {
      touser: openids,
      msgtype: 'mpvideo',
      mpvideo: { media_id: wrapped.media_id, title: '精彩片段', description: '三分钟' },
    });
    expectOk(retitled);
    const combined = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.massSendMPVideo({ media_id: video, title: 'Combined' }, openids, cb),
    );
    expect(combined.errcode).toBe(0);
    await drain();
    expect(
      await call<WechatBody>((cb) => s.api.previewVideo(s.followers[1]!.openid, wrapped.media_id, cb)),
    ).toMatchObject({ errcode: 0 });
    await drain();
    const copies = await massCopies(kit.p.ctx, s.account, s.followers[1]!.openid);
    expect(copies.map((c) => [c.content.title, c.content.description])).toEqual([
      ['发布会', '全程回放'],
      ['精彩片段', '三分钟'],
      ['Combined', ''],
      ['发布会', '全程回放'],
    ]);

    // A sent mpvideo can be deleted, as WeChat allows.
    expectOk(await s.post('message/mass/delete', { msg_id: sent.msg_id }));
    expect((await s.post('message/mass/get', { msg_id: sent.msg_id })).json()).toMatchObject({
      msg_status: 'DELETE',
    });

    // The id never outlives the temporary video it wraps.
    await advance(3 * DAY_S + 1);
    expectErrcode(
      await s.post('message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpvideo',
        mpvideo: { media_id: wrapped.media_id },
      }),
      40007,
    );
  });

  it('answers uploadvideo errcodes: 40007 for unknown, image, expired or foreign media; 45003, 45004', async () => {
    const s = await setup();
    const video = await uploadVideo(s.account);
    expectErrcode(await s.post('media/uploadvideo', { media_id: 'nope', title: 't' }), 40007);
    expectErrcode(await s.post('media/uploadvideo', { title: 't' }), 40007);
    expectErrcode(await s.post('media/uploadvideo', { media_id: s.thumb, title: 't' }), 40007);
    const other = await buildAccount(kit.p.ctx);
    const theirs = await uploadVideo(other);
    expectErrcode(await s.post('media/uploadvideo', { media_id: theirs, title: 't' }), 40007);
    expectErrcode(await s.post('media/uploadvideo', { media_id: video, title: 'x'.repeat(65) }), 45003);
    expectErrcode(
      await s.post('media/uploadvideo', { media_id: video, title: 't', description: 'x'.repeat(121) }),
      45004,
    );
    // Over HTTP as well as the SDK: the success shape.
    const ok = expectOk(await s.post('media/uploadvideo', { media_id: video, title: 't' }));
    expect(Object.keys(ok).sort()).toEqual(['created_at', 'media_id', 'type']);
    await advance(3 * DAY_S + 1);
    expectErrcode(await s.post('media/uploadvideo', { media_id: video, title: 't' }), 40007);
  });

  it('a real mpnews send of a draft takes it out of the draft box (a preview does not); two sends of one draft: one goes', async () => {
    const s = await setup();
    const draft = await insertDraft(kit.p.ctx, s.account, [
      { title: 'Draft', content: '<p>d</p>', thumb_media_id: s.thumb },
    ]);
    const count = async () =>
      expectOk(
        await kit.p.app.inject({
          method: 'GET',
          url: `/cgi-bin/draft/count?access_token=${await kit.token(s.account)}`,
        }),
      ).total_count as number;
    const before = await count();
    expectOk(
      await s.post('message/mass/preview', {
        touser: s.followers[0]!.openid,
        msgtype: 'mpnews',
        mpnews: { media_id: draft },
      }),
    );
    expectOk(await s.post('draft/get', { media_id: draft }));

    const sent = expectOk(
      await s.post('message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpnews',
        mpnews: { media_id: draft },
      }),
    ) as WechatBody & { msg_data_id: number };
    expectErrcode(await s.post('draft/get', { media_id: draft }), 40007);
    expect(await count()).toBe(before - 1);
    // The send keeps its own copy of the articles.
    await drain();
    expect((await sendArticles(kit.p.ctx, s.account, sent.msg_data_id)).map((a) => a.title)).toEqual([
      'Draft',
    ]);
    expectErrcode(
      await s.post('message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpnews',
        mpnews: { media_id: draft },
      }),
      40007,
    );

    // Two sends of one draft at once: the draft leaves with the first, the other is refused.
    const again = await insertDraft(kit.p.ctx, s.account, [
      { title: 'Once', content: '<p>o</p>', thumb_media_id: s.thumb },
    ]);
    const both = await Promise.all(
      [0, 1].map(() =>
        s.post('message/mass/send', {
          touser: s.followers.map((f) => f.openid),
          msgtype: 'mpnews',
          mpnews: { media_id: again },
        }),
      ),
    );
    expect(both.map((r) => r.json<WechatBody>().errcode).sort()).toEqual([0, 40007]);
    const titles = await kit.p.ctx.db
      .selectFrom('articles')
      .select('title')
      .where('account_id', '=', s.account.id)
      .where('title', '=', 'Once')
      .execute();
    expect(titles).toHaveLength(1);
  });

  it('sends a draft as mpnews; mass/delete marks its pages deleted by article, by url and whole', async () => {
    const s = await setup();
    const draft = await insertDraft(kit.p.ctx, s.account, [
      { title: 'One', content: '<p>1</p><img src="x" onerror="alert(1)">', thumb_media_id: s.thumb },
      { title: 'Two', content: '<p>2</p>', thumb_media_id: s.thumb, digest: 'second' },
      { title: 'Three', content: '<p>3</p>', thumb_media_id: s.thumb },
    ]);
    const sent = expectOk(
      await s.post('message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpnews',
        mpnews: { media_id: draft },
      }),
    ) as WechatBody & { msg_id: number; msg_data_id: number };
    await drain();
    const articles = await sendArticles(kit.p.ctx, s.account, sent.msg_data_id);
    expect(articles.map((a) => a.title)).toEqual(['One', 'Two', 'Three']);
    expect(articles[0]!.content).toContain('<p>1</p>');
    const [copy] = await massCopies(kit.p.ctx, s.account, s.followers[1]!.openid);
    expect((copy!.content.articles as { url: string }[]).map((a) => a.url)).toEqual(
      articles.map((a) => `${kit.base}/s/${a.id}`),
    );
    const deletedAt = async () =>
      (await sendArticles(kit.p.ctx, s.account, sent.msg_data_id)).map((a) => a.deleted_at !== null);

    expectErrcode(await s.post('message/mass/delete', { msg_id: sent.msg_id, article_idx: 4 }), 40060);
    expectOk(await s.post('message/mass/delete', { msg_id: sent.msg_id, article_idx: 2 }));
    expect(await deletedAt()).toEqual([false, true, false]);
    // Without msg_id, the url names the one article to delete.
    expectOk(await s.post('message/mass/delete', { url: `${kit.base}/s/${articles[2]!.id}` }));
    expect(await deletedAt()).toEqual([false, true, true]);
    expectErrcode(await s.post('message/mass/delete', { url: `${kit.base}/s/art_unknown` }), 40066);
    expectErrcode(await s.post('message/mass/delete', {}), 40035);
    expect((await s.post('message/mass/get', { msg_id: sent.msg_id })).json()).toMatchObject({
      msg_status: 'SEND_SUCCESS',
    });
    expectOk(await s.post('message/mass/delete', { msg_id: sent.msg_id }));
    expect(await deletedAt()).toEqual([true, true, true]);
    expect((await s.post('message/mass/get', { msg_id: sent.msg_id })).json()).toMatchObject({
      msg_status: 'DELETE',
    });

    // A news material still sends, its articles recorded the same way.
    const material = expectOk(await s.post('material/add_news', { articles: [article(s.thumb, 'Material')] }))
      .media_id as string;
    const fromMaterial = expectOk(
      await s.post('message/mass/send', {
        touser: s.followers.map((f) => f.openid),
        msgtype: 'mpnews',
        mpnews: { media_id: material },
      }),
    ) as WechatBody & { msg_data_id: number };
    expect((await sendArticles(kit.p.ctx, s.account, fromMaterial.msg_data_id)).map((a) => a.title)).toEqual([
      'Material',
    ]);
    // Another account's draft is not this account's media.
    const other = await buildAccount(kit.p.ctx);
    const theirs = await insertDraft(kit.p.ctx, other, [{ title: 'x', content: 'y' }]);
    expectErrcode(
      await s.post('message/mass/sendall', {
        filter: { is_to_all: true },
        msgtype: 'mpnews',
        mpnews: { media_id: theirs },
      }),
      40007,
    );
    await drain();
  });
});
