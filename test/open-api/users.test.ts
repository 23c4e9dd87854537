/**
 * WeChat user management (§14.1) on followers made through the simulation:
 * user/get paging (10,000 a page, the empty last page wechatpy stops on),
 * user/info for followers and unfollowers, batchget, updateremark, errcodes,
 * and the wechat-api SDK reading the same answers.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, buildFollower, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

describe.each(DIALECTS)('user management Open API on %s', (dialect) => {
  let p: TestPlatform;
  let account: AccountsTable;
  let token: string;
  let openids: string[];
  let gone: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    account = await buildAccount(p.ctx);
    openids = [];
    for (let i = 0; i < 5; i++) openids.push((await buildFollower(p.ctx, account)).follower.openid);
    gone = (await buildFollower(p.ctx, account, { subscribed: false })).follower.openid;
    token = await fetchToken(p, account);
  });
  afterAll(async () => p.close());

  async function get(url: string): Promise<WechatBody> {
    const res = await p.app.inject({
      method: 'GET',
      url: `${url}${url.includes('?') ? '&' : '?'}access_token=${token}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<WechatBody>();
  }
  async function post(url: string, body: unknown): Promise<WechatBody> {
    const res = await p.app.inject({
      method: 'POST',
      url: `${url}?access_token=${token}`,
      payload: body as object,
    });
    return res.json<WechatBody>();
  }

  it('user/get lists current followers by openid, then an empty page without data', async () => {
    const first = await get('/cgi-bin/user/get');
    const sorted = [...openids].sort();
    expect(first).toEqual({ total: 5, count: 5, data: { openid: sorted }, next_openid: sorted[4] });
    expect(first.data).not.toContain(gone);
    const last = await get(`/cgi-bin/user/get?next_openid=${sorted[4]}`);
    expect(last).toEqual({ total: 5, count: 0, next_openid: '' });
    const middle = await get(`/cgi-bin/user/get?next_openid=${sorted[1]}`);
    expect(middle).toMatchObject({ count: 3, data: { openid: sorted.slice(2) } });
    expect((await get('/cgi-bin/user/get?next_openid=not-an-openid')).errcode).toBe(40003);
  });

  it('user/info gives the current field set, subscribe 0 after an unfollow, 40003 for strangers', async () => {
    const info = await get(`/cgi-bin/user/info?openid=${openids[0]}&lang=zh_CN`);
    expect(info).toEqual({
      subscribe: 1,
      openid: openids[0],
      language: 'zh_CN',
      subscribe_time: expect.any(Number) as unknown,
      unionid: expect.stringMatching(/^o[A-Za-z0-9_-]{27}$/) as unknown,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_SEARCH',
      qr_scene: 0,
      qr_scene_str: '',
    });
    expect(info.subscribe_time).toBe(Math.floor(Number(info.subscribe_time)));
    expect(info).not.toHaveProperty('nickname');
    const left = await get(`/cgi-bin/user/info?openid=${gone}`);
    expect(Object.keys(left).sort()).toEqual(['openid', 'subscribe', 'unionid']);
    expect(left.subscribe).toBe(0);
    const other = await buildAccount(p.ctx);
    const stranger = (await buildFollower(p.ctx, other)).follower.openid;
    expect((await get(`/cgi-bin/user/info?openid=${stranger}`)).errcode).toBe(40003);
    expect((await get('/cgi-bin/user/info')).errcode).toBe(40035);
  });

  it('batchget answers in the order asked and refuses more than 100', async () => {
    const asked = [openids[2]!, gone, openids[0]!];
    const res = await post('/cgi-bin/user/info/batchget', {
      user_list: asked.map((openid) => ({ openid, lang: 'en' })),
    });
    expect((res.user_info_list as WechatBody[]).map((u) => [u.openid, u.subscribe])).toEqual([
      [openids[2], 1],
      [gone, 0],
      [openids[0], 1],
    ]);
    const tooMany = await post('/cgi-bin/user/info/batchget', {
      user_list: Array.from({ length: 101 }, () => ({ openid: openids[0] })),
    });
    expect(tooMany.errcode).toBe(40032);
    expect((await post('/cgi-bin/user/info/batchget', { user_list: 'x' })).errcode).toBe(47001);
  });

  it('updateremark sets the remark user/info shows and our API reads; 30 characters is too long', async () => {
    expect(
      await post('/cgi-bin/user/info/updateremark', { openid: openids[1], remark: '老客户 VIP' }),
    ).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect((await get(`/cgi-bin/user/info?openid=${openids[1]}`)).remark).toBe('老客户 VIP');
    const tooLong = await post('/cgi-bin/user/info/updateremark', {
      openid: openids[1],
      remark: '字'.repeat(30),
    });
    expect(tooLong.errcode).toBe(40035);
    expect(
      (await post('/cgi-bin/user/info/updateremark', { openid: 'o'.repeat(28), remark: 'x' })).errcode,
    ).toBe(40003);
    expect((await get(`/cgi-bin/user/info?openid=${openids[1]}`)).remark).toBe('老客户 VIP');
  });

  it('unverified subscription accounts have no user management (48001)', async () => {
    const sub = await buildAccount(p.ctx, { type: 'subscription', verified: false });
    const subToken = await fetchToken(p, sub);
    const res = await p.app.inject({ method: 'GET', url: `/cgi-bin/user/get?access_token=${subToken}` });
    expect(res.json<WechatBody>().errcode).toBe(48001);
  });

  it('the wechat-api SDK reads the same answers', async () => {
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const api = new WechatAPI(account.appid, account.appsecret);
      api.endpoint = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
      const page = await call<{
        total: number;
        count: number;
        data?: { openid: string[] };
        next_openid: string;
      }>((cb) => api.getFollowers('', cb));
      expect(page.count).toBe(5);
      const user = await call<Record<string, unknown>>((cb) => api.getUser({ openid: openids[3]! }, cb));
      expect(user).toMatchObject({ subscribe: 1, openid: openids[3] });
      const batch = await call<{ user_info_list: Record<string, unknown>[] }>((cb) =>
        api.batchGetUsers([openids[4]!], cb),
      );
      expect(batch.user_info_list[0]).toMatchObject({ openid: openids[4] });
      await call((cb) => api.updateRemark(openids[4]!, 'sdk', cb));
      expect((await ownApi(p, 'GET', '/health')).status).toBe(200);
      const again = await call<Record<string, unknown>>((cb) => api.getUser(openids[4]!, cb));
      expect(again.remark).toBe('sdk');
    } finally {
      await p.app.close().catch(() => undefined);
    }
  });
});
