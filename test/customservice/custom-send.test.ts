/**
 * Customer-service messages (§7.1–§7.2) over HTTP: every msgtype reaches the
 * follower's conversation; the service window exactly as WeChat counts it
 * (5 in 48 h after a message, 3 in a minute after a follow, scan or click;
 * 45015 outside, 45047 past the count), moved through the sandbox clock;
 * 43004, 43019, 40003, 40007, 40008, 45002, 45008; typing with 45072,
 * 45080 and 45081; the wechat-api SDK sending; the console's own route.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { recordArticles } from '../../src/server/modules/articles/record-articles.ts';
import type { FollowBody, MessageBody } from '../helpers/api-types.ts';
import { buildAccount, buildUser, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
}

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

describe.each(DIALECTS)('customer-service messages on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  /** A follower of a fresh account, and helpers to act as both sides. */
  async function setup() {
    const account = await buildAccount(p.ctx);
    let token = await fetchToken(p, account);
    const user = await buildUser(p);
    const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    const openid = follow.body.follower.openid;
    const base = `/users/${user.id}/accounts/${account.appid}`;
    return {
      account,
      user,
      openid,
      get token() {
        return token;
      },
      /** A new access token: moving the clock two days ends the old one (42001). */
      refreshToken: async () => {
        token = await fetchToken(p, account);
      },
      send: async (body: Record<string, unknown>, to = openid): Promise<WechatBody> => {
        const res = await p.app.inject({
          method: 'POST',
          url: `/cgi-bin/message/custom/send?access_token=${token}`,
          payload: { touser: to, ...body },
        });
        expect(res.statusCode).toBe(200);
        return res.json<WechatBody>();
      },
      typing: async (command: string): Promise<WechatBody> => {
        const res = await p.app.inject({
          method: 'POST',
          url: `/cgi-bin/message/custom/typing?access_token=${token}`,
          payload: { touser: openid, command },
        });
        return res.json<WechatBody>();
      },
      followerWrites: async (content = 'hi') =>
        expect(
          (await ownApi(p, 'POST', `${base}/messages`, { msgtype: 'text', text: { content } })).status,
        ).toBe(200),
      press: async (body: Record<string, unknown>) =>
        expect((await ownApi(p, 'POST', `${base}/menu-events`, body)).status).toBe(200),
      conversation: async () =>
        (await ownApi<{ items: MessageBody[] }>(p, 'GET', `${base}/messages?limit=100`)).body.items,
      upload: async (type: 'image' | 'thumb'): Promise<string> => {
        const blank = sharp({
          create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 30, b: 30 } },
        });
        // A thumb must be a JPEG (WeChat's rule); images may be PNG.
        const png = await (type === 'thumb' ? blank.jpeg() : blank.png()).toBuffer();
        const boundary = `----gz${randomBytes(6).toString('hex')}`;
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\n${type}\r\n`),
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.${type === 'thumb' ? 'jpg' : 'png'}"\r\nContent-Type: image/${type === 'thumb' ? 'jpeg' : 'png'}\r\n\r\n`,
          ),
          png,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const res = await p.app.inject({
          method: 'POST',
          url: `/gz/v1${base}/media`,
          headers: { ...p.adminHeaders, 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ media_id: string }>().media_id;
      },
    };
  }

  const advance = async (seconds: number) =>
    expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds })).status).toBe(200);
  const text = (content: string) => ({ msgtype: 'text', text: { content } });

  it('delivers every msgtype into the conversation as customer-service messages', async () => {
    const s = await setup();
    const image = await s.upload('image');
    const thumb = await s.upload('thumb');
    // mpnewsarticle needs an article_id the account published (custom-send-article.test.ts).
    await p.ctx.db.transaction().execute((trx) =>
      recordArticles(trx, s.account.id, {
        source: 'publish',
        msgDataId: 2_247_480_001,
        articleId: 'ART123',
        publishedAt: p.ctx.clock.now(),
        articles: [
          {
            article_type: 'news',
            title: '已发表',
            author: '',
            digest: '',
            content: '<p>正文</p>',
            content_source_url: '',
            thumb_media_id: '',
            show_cover_pic: 0,
            need_open_comment: 0,
            only_fans_can_comment: 0,
            pic_crop_235_1: '',
            pic_crop_1_1: '',
            image_info: null,
          },
        ],
      }),
    );
    const bodies: Record<string, unknown>[] = [
      text('您好 <a href="https://example.com">查看</a>'),
      { msgtype: 'image', image: { media_id: image } },
      {
        msgtype: 'music',
        music: { title: '歌', musicurl: 'https://example.com/a.mp3', thumb_media_id: thumb },
      },
      {
        msgtype: 'news',
        news: { articles: [{ title: '标题', description: '描述', url: 'https://example.com', picurl: '' }] },
      },
      {
        msgtype: 'msgmenu',
        msgmenu: { head_content: '满意吗', list: [{ id: '101', content: '满意' }], tail_content: '谢谢' },
      },
      { msgtype: 'wxcard', wxcard: { card_id: 'pDF3iY9tv9zCGCj4jTXFOo1DxHdo' } },
      {
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: '小程序',
          appid: 'wx1234567890abcdef',
          pagepath: 'pages/index',
          thumb_media_id: thumb,
        },
      },
      {
        msgtype: 'link',
        link: { title: '链接', description: '', url: 'https://example.com', thumb_url: '' },
      },
      { msgtype: 'mpnewsarticle', mpnewsarticle: { article_id: 'ART123' } },
    ];
    for (const [i, body] of bodies.entries()) {
      // A message opens 5; write again before every fifth send.
      if (i % 5 === 0) await s.followerWrites(`msg ${i}`);
      expect(await s.send(body), String(body.msgtype)).toEqual({ errcode: 0, errmsg: 'ok' });
    }
    const sent = (await s.conversation()).filter((m) => m.source === 'customer_service').reverse();
    expect(sent.map((m) => m.msgtype)).toEqual(bodies.map((b) => b.msgtype));
    expect(sent[0]).toMatchObject({
      direction: 'out',
      text: { content: '您好 <a href="https://example.com">查看</a>' },
    });
    expect(sent[4]).toMatchObject({ msgmenu: { list: [{ id: '101', content: '满意' }] } });
  });

  it('gives 5 messages for 48 hours after a follower writes, then 45047, then 45015', async () => {
    const s = await setup();
    await s.followerWrites();
    for (let i = 0; i < 5; i++) expect(await s.send(text(`m${i}`))).toMatchObject({ errcode: 0 });
    expect(await s.send(text('sixth'))).toMatchObject({ errcode: 45047 });
    // Writing again opens a fresh window of 5.
    await s.followerWrites();
    expect(await s.send(text('again'))).toMatchObject({ errcode: 0 });
    await advance(48 * 3600 - 5);
    await s.refreshToken();
    expect(await s.send(text('just inside'))).toMatchObject({ errcode: 0 });
    await advance(10);
    expect(await s.send(text('too late'))).toMatchObject({ errcode: 45015 });
  });

  it('gives 3 messages for one minute after a follow or a click; a VIEW press gives nothing', async () => {
    const s = await setup();
    for (let i = 0; i < 3; i++) expect(await s.send(text(`f${i}`))).toMatchObject({ errcode: 0 });
    expect(await s.send(text('fourth'))).toMatchObject({ errcode: 45047 });
    await advance(61);
    expect(await s.send(text('late'))).toMatchObject({ errcode: 45015 });

    await s.press({ event: 'VIEW', url: 'https://example.com' });
    expect(await s.send(text('after view'))).toMatchObject({ errcode: 45015 });
    await s.press({ event: 'CLICK', key: 'K' });
    expect(await s.send(text('after click'))).toMatchObject({ errcode: 0 });

    // A press does not cut short the 48 hours a message gave.
    await s.followerWrites();
    await s.press({ event: 'CLICK', key: 'K' });
    await advance(120);
    expect(await s.send(text('still in the 48 h'))).toMatchObject({ errcode: 0 });
  });

  it('answers 43004, 43019, 40003, 40007, 40008, 45002, 45008 and 47001, sending nothing', async () => {
    const s = await setup();
    const other = await buildAccount(p.ctx);
    const stranger = (
      await ownApi<FollowBody>(p, 'PUT', `/users/${(await buildUser(p)).id}/follows/${other.appid}`, {})
    ).body.follower.openid;
    await s.followerWrites();
    expect(await s.send(text('x'), 'not-an-openid')).toMatchObject({ errcode: 40003 });
    expect(await s.send(text('x'), stranger)).toMatchObject({ errcode: 40003 });
    expect(await s.send({ msgtype: 'fax', fax: {} })).toMatchObject({ errcode: 40008 });
    expect(await s.send({ msgtype: 'text', text: {} })).toMatchObject({ errcode: 47001 });
    expect(await s.send(text('字'.repeat(683)))).toMatchObject({ errcode: 45002 });
    expect(await s.send(text('字'.repeat(682)))).toMatchObject({ errcode: 0 });
    const article = { title: 't', description: '', url: 'https://example.com', picurl: '' };
    expect(await s.send({ msgtype: 'news', news: { articles: [article, article] } })).toMatchObject({
      errcode: 45008,
    });
    expect(await s.send({ msgtype: 'image', image: { media_id: 'nope' } })).toMatchObject({ errcode: 40007 });
    expect(await s.send({ msgtype: 'mpnews', mpnews: { media_id: 'nope' } })).toMatchObject({
      errcode: 40007,
    });

    const token = s.token;
    await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/members/batchblacklist?access_token=${token}`,
      payload: { openid_list: [s.openid] },
    });
    expect(await s.send(text('x'))).toMatchObject({ errcode: 43019 });
    await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/members/batchunblacklist?access_token=${token}`,
      payload: { openid_list: [s.openid] },
    });
    await ownApi(p, 'DELETE', `/users/${s.user.id}/follows/${s.account.appid}`);
    expect(await s.send(text('x'))).toMatchObject({ errcode: 43004 });

    const sent = (await s.conversation()).filter((m) => m.source === 'customer_service');
    expect(sent).toHaveLength(1);
  });

  it('shows typing only after a recent interaction, once at a time (45072, 45080, 45081)', async () => {
    const s = await setup();
    await s.followerWrites();
    expect(await s.typing('Typing')).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await s.typing('Typing')).toMatchObject({ errcode: 45081 });
    expect(await s.typing('CancelTyping')).toMatchObject({ errcode: 0 });
    expect(await s.typing('Typing')).toMatchObject({ errcode: 0 });
    // Sending ends typing, so it can start again.
    expect(await s.send(text('done'))).toMatchObject({ errcode: 0 });
    expect(await s.typing('Typing')).toMatchObject({ errcode: 0 });
    expect(await s.typing('typing')).toMatchObject({ errcode: 45072 });
    await advance(31);
    expect(await s.typing('Typing')).toMatchObject({ errcode: 45080 });
  });

  it('serves the wechat-api SDK (sendText, sendTextFromCs, sendNews, sendImage)', async () => {
    const s = await setup();
    const image = await s.upload('image');
    await s.followerWrites();
    await p.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
    const { port } = p.app.server.address() as AddressInfo;
    const api = new WechatAPI(s.account.appid, s.account.appsecret);
    api.endpoint = `http://127.0.0.1:${port}`;
    await call((cb) => api.sendText(s.openid, 'SDK 你好', cb));
    // Sending as a kf account needs one of the account's (65401 otherwise).
    expect(
      await s.send({
        msgtype: 'text',
        text: { content: 'x' },
        customservice: { kf_account: 'kf2001@gongzhong' },
      }),
    ).toMatchObject({ errcode: 65401 });
    const added = await p.app.inject({
      method: 'POST',
      url: `/customservice/kfaccount/add?access_token=${s.token}`,
      payload: { kf_account: 'kf2001@gongzhong', nickname: '客服' },
    });
    expect(added.json()).toMatchObject({ errcode: 0 });
    await call((cb) => api.sendTextFromCs(s.openid, 'kf2001@gongzhong', 'from kf', cb));
    await call((cb) =>
      api.sendNews(
        s.openid,
        [{ title: 'SDK', description: 'd', url: 'https://example.com', picurl: '' }],
        cb,
      ),
    );
    await call((cb) => api.sendImage(s.openid, image, cb));
    await call((cb) => api.sendText(s.openid, 'fifth', cb));
    const err = await call((cb) => api.sendText(s.openid, 'sixth', cb)).catch(
      (e: WechatAPI.WechatApiError) => e,
    );
    expect(err).toMatchObject({ code: 45047 });
    const sent = (await s.conversation()).filter((m) => m.source === 'customer_service').reverse();
    expect(sent.map((m) => m.msgtype)).toEqual(['text', 'text', 'news', 'image', 'text']);
    expect(sent.map((m) => m.kf_account)).toEqual([null, 'kf2001@gongzhong', null, null, null]);
  });

  it('lets the console send through our own API under the same rules', async () => {
    const s = await setup();
    const url = `/accounts/${s.account.appid}/followers/${s.openid}/messages`;
    const sent = await ownApi<MessageBody>(p, 'POST', url, text('来自客服'));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      direction: 'out',
      source: 'customer_service',
      text: { content: '来自客服' },
    });
    await advance(61);
    const late = await ownApi(p, 'POST', url, text('late'));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'SERVICE_WINDOW_CLOSED' });
    expect((await ownApi(p, 'POST', url, { msgtype: 'text' })).status).toBe(400);
  });

  it('keeps the window per follower', async () => {
    const a = await setup();
    const account: AccountsTable = a.account;
    const other = await buildUser(p);
    const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${other.id}/follows/${account.appid}`, {});
    await advance(61);
    await a.followerWrites();
    expect(await a.send(text('to a'))).toMatchObject({ errcode: 0 });
    expect(await a.send(text('to b'), follow.body.follower.openid)).toMatchObject({ errcode: 45015 });
  });
});
