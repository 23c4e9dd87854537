/**
 * WeChat tags (§14.2) over HTTP: create/get/update/delete with byte-length
 * names and every documented errcode, tagging and untagging (≤50, 20 tags a
 * follower, all or nothing), user/tag/get paging, getidlist and user/info's
 * tagid_list, the 100,000-member delete guard, and the wechat-api SDK
 * driving the same endpoints. Our own API's tag routes at the end.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { unfollowAccount } from '../../src/server/modules/followers/unfollow-account.ts';
import { followAccount } from '../../src/server/modules/followers/follow-account.ts';
import { bulkFollowers } from '../helpers/bulk-followers.ts';
import { buildAccount, buildFollower, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}
interface Tag {
  id: number;
  name: string;
  count: number;
}

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

describe.each(DIALECTS)('tags on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function setup(): Promise<{
    account: AccountsTable;
    post: (url: string, body: unknown) => Promise<WechatBody>;
    get: (url: string) => Promise<WechatBody>;
  }> {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    return {
      account,
      post: async (url, body) => {
        const res = await p.app.inject({
          method: 'POST',
          url: `${url}?access_token=${token}`,
          payload: body as object,
        });
        expect(res.statusCode).toBe(200);
        return res.json<WechatBody>();
      },
      get: async (url) => {
        const res = await p.app.inject({ method: 'GET', url: `${url}?access_token=${token}` });
        expect(res.statusCode).toBe(200);
        return res.json<WechatBody>();
      },
    };
  }

  it('creates tags from id 100, lists them with counts after the system tag, renames and deletes', async () => {
    const { post, get } = await setup();
    expect(await post('/cgi-bin/tags/create', { tag: { name: '广东' } })).toEqual({
      tag: { id: 100, name: '广东' },
    });
    expect(await post('/cgi-bin/tags/create', { tag: { name: 'VIP' } })).toEqual({
      tag: { id: 101, name: 'VIP' },
    });
    expect(await get('/cgi-bin/tags/get')).toEqual({
      tags: [
        { id: 2, name: '星标组', count: 0 },
        { id: 100, name: '广东', count: 0 },
        { id: 101, name: 'VIP', count: 0 },
      ],
    });
    // Ids may come as strings (Appendix A.3).
    expect(await post('/cgi-bin/tags/update', { tag: { id: '101', name: 'SVIP' } })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(await post('/cgi-bin/tags/delete', { tag: { id: 100 } })).toEqual({ errcode: 0, errmsg: 'ok' });
    const { tags } = (await get('/cgi-bin/tags/get')) as { tags: Tag[] };
    expect(tags.map((t) => [t.id, t.name])).toEqual([
      [2, '星标组'],
      [101, 'SVIP'],
    ]);
    // A deleted tag's id is never handed out again; its name is free.
    expect(await post('/cgi-bin/tags/create', { tag: { name: '广东' } })).toEqual({
      tag: { id: 102, name: '广东' },
    });
  });

  it('measures names in UTF-8 bytes: ten Chinese characters fit, eleven do not (45158)', async () => {
    const { post } = await setup();
    expect(await post('/cgi-bin/tags/create', { tag: { name: '一二三四五六七八九十' } })).toMatchObject({
      tag: { name: '一二三四五六七八九十' },
    });
    expect(await post('/cgi-bin/tags/create', { tag: { name: '一二三四五六七八九十一' } })).toMatchObject({
      errcode: 45158,
    });
    expect(await post('/cgi-bin/tags/create', { tag: { name: 'a'.repeat(31) } })).toMatchObject({
      errcode: 45158,
    });
    expect(await post('/cgi-bin/tags/create', { tag: { name: 'a'.repeat(30) } })).toHaveProperty('tag');
  });

  it('rejects empty, duplicate and system names (45157) and changes to system tags (45058)', async () => {
    const { post } = await setup();
    await post('/cgi-bin/tags/create', { tag: { name: 'A' } });
    const b = (await post('/cgi-bin/tags/create', { tag: { name: 'B' } })) as { tag: Tag };
    for (const name of ['', '   ', 'A', '星标组'])
      expect(await post('/cgi-bin/tags/create', { tag: { name } }), name).toMatchObject({ errcode: 45157 });
    expect(await post('/cgi-bin/tags/update', { tag: { id: b.tag.id, name: 'A' } })).toMatchObject({
      errcode: 45157,
    });
    expect(
      await post('/cgi-bin/tags/update', { tag: { id: b.tag.id, name: '一二三四五六七八九十一' } }),
    ).toMatchObject({ errcode: 45158 });
    // Renaming a tag to its own name is no change, not a duplicate.
    expect(await post('/cgi-bin/tags/update', { tag: { id: b.tag.id, name: 'B' } })).toMatchObject({
      errcode: 0,
    });
    for (const id of [0, 1, 2]) {
      expect(await post('/cgi-bin/tags/update', { tag: { id, name: 'X' } })).toMatchObject({
        errcode: 45058,
      });
      expect(await post('/cgi-bin/tags/delete', { tag: { id } })).toMatchObject({ errcode: 45058 });
    }
    expect(await post('/cgi-bin/tags/update', { tag: { id: 999, name: 'X' } })).toMatchObject({
      errcode: 45159,
    });
    expect(await post('/cgi-bin/tags/delete', { tag: { id: 999 } })).toMatchObject({ errcode: 45159 });
    expect(await post('/cgi-bin/tags/create', { tag: {} })).toMatchObject({ errcode: 47001 });
  });

  it('allows 100 tags and answers 45056 for the 101st', async () => {
    const { post, get } = await setup();
    for (let i = 0; i < 100; i++)
      expect(await post('/cgi-bin/tags/create', { tag: { name: `t${i}` } })).toHaveProperty('tag');
    expect(await post('/cgi-bin/tags/create', { tag: { name: 'one too many' } })).toMatchObject({
      errcode: 45056,
    });
    expect(((await get('/cgi-bin/tags/get')) as { tags: Tag[] }).tags).toHaveLength(101);
  });

  it('tags followers, shows them in getidlist, user/info, counts and user/tag/get, and untags them', async () => {
    const { account, post, get } = await setup();
    const followers = [];
    for (let i = 0; i < 3; i++) followers.push((await buildFollower(p.ctx, account)).follower.openid);
    const vip = ((await post('/cgi-bin/tags/create', { tag: { name: 'VIP' } })) as { tag: Tag }).tag.id;
    const gd = ((await post('/cgi-bin/tags/create', { tag: { name: '广东' } })) as { tag: Tag }).tag.id;

    expect(await post('/cgi-bin/tags/members/batchtagging', { openid_list: followers, tagid: vip })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    // Tagging again is harmless; the tag is not doubled.
    expect(
      await post('/cgi-bin/tags/members/batchtagging', { openid_list: followers, tagid: vip }),
    ).toMatchObject({
      errcode: 0,
    });
    await post('/cgi-bin/tags/members/batchtagging', { openid_list: [followers[0]], tagid: String(gd) });

    expect(await post('/cgi-bin/tags/getidlist', { openid: followers[0] })).toEqual({
      tagid_list: [vip, gd],
    });
    expect(await post('/cgi-bin/tags/getidlist', { openid: followers[1] })).toEqual({ tagid_list: [vip] });
    const info = await p.app.inject({
      method: 'GET',
      url: `/cgi-bin/user/info?access_token=${await fetchToken(p, account)}&openid=${followers[0]}`,
    });
    expect(info.json()).toMatchObject({ tagid_list: [vip, gd], groupid: vip });

    const { tags } = (await get('/cgi-bin/tags/get')) as { tags: Tag[] };
    expect(tags.find((t) => t.id === vip)?.count).toBe(3);
    expect(tags.find((t) => t.id === gd)?.count).toBe(1);

    expect(await post('/cgi-bin/user/tag/get', { tagid: vip, next_openid: '' })).toEqual({
      count: 3,
      data: { openid: [...followers].sort() },
      next_openid: [...followers].sort()[2],
    });
    expect(
      await post('/cgi-bin/user/tag/get', { tagid: vip, next_openid: [...followers].sort()[2] }),
    ).toEqual({
      count: 0,
      next_openid: '',
    });

    expect(
      await post('/cgi-bin/tags/members/batchuntagging', { openid_list: followers.slice(0, 2), tagid: vip }),
    ).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await post('/cgi-bin/tags/getidlist', { openid: followers[0] })).toEqual({ tagid_list: [gd] });
    expect(await post('/cgi-bin/user/tag/get', { tagid: vip })).toMatchObject({
      count: 1,
      data: { openid: [followers[2]] },
    });

    // Deleting a tag untags its followers.
    await post('/cgi-bin/tags/delete', { tag: { id: gd } });
    expect(await post('/cgi-bin/tags/getidlist', { openid: followers[0] })).toEqual({ tagid_list: [] });
  });

  it('checks batch sizes, openids and tag ids, and writes nothing when any openid is wrong', async () => {
    const { account, post } = await setup();
    const other = await buildAccount(p.ctx);
    const mine = (await buildFollower(p.ctx, account)).follower.openid;
    const gone = (await buildFollower(p.ctx, account, { subscribed: false })).follower.openid;
    const theirs = (await buildFollower(p.ctx, other)).follower.openid;
    const tag = ((await post('/cgi-bin/tags/create', { tag: { name: 'T' } })) as { tag: Tag }).tag.id;
    const batch = (openid_list: unknown[], tagid: unknown = tag) =>
      post('/cgi-bin/tags/members/batchtagging', { openid_list, tagid });

    expect(await batch([])).toMatchObject({ errcode: 40032 });
    expect(await batch(Array.from({ length: 51 }, () => mine))).toMatchObject({ errcode: 40032 });
    expect(await batch([mine, 'not-an-openid'])).toMatchObject({ errcode: 40003 });
    expect(await batch([mine, theirs])).toMatchObject({ errcode: 49003 });
    expect(await batch([mine, gone])).toMatchObject({ errcode: 49003 });
    expect(await batch([mine], 999)).toMatchObject({ errcode: 45159 });
    expect(await batch([mine], 2)).toMatchObject({ errcode: 45159 });
    expect(await post('/cgi-bin/tags/getidlist', { openid: mine })).toEqual({ tagid_list: [] });

    expect(
      await post('/cgi-bin/tags/members/batchuntagging', { openid_list: Array(51).fill(mine), tagid: tag }),
    ).toMatchObject({ errcode: 40032 });
    expect(
      await post('/cgi-bin/tags/members/batchuntagging', { openid_list: [theirs], tagid: tag }),
    ).toMatchObject({
      errcode: 49003,
    });
    expect(
      await post('/cgi-bin/tags/members/batchuntagging', { openid_list: [mine], tagid: 999 }),
    ).toMatchObject({
      errcode: 45159,
    });
    expect(await post('/cgi-bin/tags/getidlist', { openid: theirs })).toMatchObject({ errcode: 49003 });
    expect(await post('/cgi-bin/tags/getidlist', { openid: 'x' })).toMatchObject({ errcode: 40003 });
    expect(await post('/cgi-bin/user/tag/get', { tagid: 999 })).toMatchObject({ errcode: 45159 });
    expect(await post('/cgi-bin/user/tag/get', { tagid: tag, next_openid: 'bad' })).toMatchObject({
      errcode: 40003,
    });
    expect(await post('/cgi-bin/tags/members/batchtagging', { openid_list: 'x', tagid: tag })).toMatchObject({
      errcode: 47001,
    });
  });

  it('stops a follower at 20 tags (45059) without tagging anyone else in the batch', async () => {
    const { account, post } = await setup();
    const full = (await buildFollower(p.ctx, account)).follower.openid;
    const fresh = (await buildFollower(p.ctx, account)).follower.openid;
    const ids: number[] = [];
    for (let i = 0; i < 21; i++)
      ids.push(((await post('/cgi-bin/tags/create', { tag: { name: `tag${i}` } })) as { tag: Tag }).tag.id);
    for (const id of ids.slice(0, 20))
      expect(
        await post('/cgi-bin/tags/members/batchtagging', { openid_list: [full], tagid: id }),
      ).toMatchObject({
        errcode: 0,
      });
    expect(
      await post('/cgi-bin/tags/members/batchtagging', { openid_list: [fresh, full], tagid: ids[20] }),
    ).toMatchObject({ errcode: 45059 });
    expect(await post('/cgi-bin/tags/getidlist', { openid: fresh })).toEqual({ tagid_list: [] });
    // A tag the follower already has is not a 21st.
    expect(
      await post('/cgi-bin/tags/members/batchtagging', { openid_list: [full], tagid: ids[0] }),
    ).toMatchObject({
      errcode: 0,
    });
  });

  it('drops tags on unfollow: a returning follower starts untagged', async () => {
    const { account, post } = await setup();
    const { user, follower } = await buildFollower(p.ctx, account);
    const tag = ((await post('/cgi-bin/tags/create', { tag: { name: 'T' } })) as { tag: Tag }).tag.id;
    await post('/cgi-bin/tags/members/batchtagging', { openid_list: [follower.openid], tagid: tag });
    await unfollowAccount(p.ctx, user.id, account.appid);
    await followAccount(p.ctx, user.id, account.appid, {});
    expect(await post('/cgi-bin/tags/getidlist', { openid: follower.openid })).toEqual({ tagid_list: [] });
  });

  it('pages a 10,001-member tag by 10,000 and refuses to delete a tag of more than 100,000', async () => {
    const { account, post } = await setup();
    const tag = ((await post('/cgi-bin/tags/create', { tag: { name: 'big' } })) as { tag: Tag }).tag.id;
    const members = await bulkFollowers(p.ctx, account, 100_001, { tagId: tag });
    const first = (await post('/cgi-bin/user/tag/get', { tagid: tag, next_openid: '' })) as {
      count: number;
      data: { openid: string[] };
      next_openid: string;
    };
    expect(first.count).toBe(10_000);
    expect(first.data.openid).toEqual(members.slice(0, 10_000));
    expect(first.next_openid).toBe(members[9_999]);
    const last = await post('/cgi-bin/user/tag/get', { tagid: tag, next_openid: members[99_999] });
    expect(last).toEqual({ count: 1, data: { openid: [members[100_000]] }, next_openid: members[100_000] });

    expect(await post('/cgi-bin/tags/delete', { tag: { id: tag } })).toMatchObject({ errcode: 45057 });
    await post('/cgi-bin/tags/members/batchuntagging', { openid_list: [members[0]], tagid: tag });
    expect(await post('/cgi-bin/tags/delete', { tag: { id: tag } })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await post('/cgi-bin/user/tag/get', { tagid: tag })).toMatchObject({ errcode: 45159 });
  }, 120_000);

  it('serves the wechat-api SDK: createTag, getTags, editTag, membersBatchtagging, getTagUsers, getUserTags, deleteTag', async () => {
    const account = await buildAccount(p.ctx);
    const follower = (await buildFollower(p.ctx, account)).follower.openid;
    await p.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
    const { port } = p.app.server.address() as AddressInfo;
    const api = new WechatAPI(account.appid, account.appsecret);
    api.endpoint = `http://127.0.0.1:${port}`;

    const created = await call<{ tag: { id: number; name: string } }>((cb) => api.createTag('老客户', cb));
    expect(created.tag).toEqual({ id: 100, name: '老客户' });
    await call((cb) => api.editTag(created.tag.id, '新客户', cb));
    await call((cb) => api.membersBatchtagging(created.tag.id, [follower], cb));
    const tags = await call<{ tags: Tag[] }>((cb) => api.getTags(cb));
    expect(tags.tags).toContainEqual({ id: 100, name: '新客户', count: 1 });
    const users = await call<{ count: number; data?: { openid: string[] } }>((cb) =>
      api.getTagUsers(created.tag.id, '', cb),
    );
    expect(users.data?.openid).toEqual([follower]);
    expect(await call<{ tagid_list: number[] }>((cb) => api.getUserTags(follower, cb))).toEqual({
      tagid_list: [100],
    });
    await call((cb) => api.membersBatchuntagging(created.tag.id, [follower], cb));
    await call((cb) => api.deleteTag(created.tag.id, cb));
    const err = await call((cb) => api.deleteTag(created.tag.id, cb)).catch(
      (e: WechatAPI.WechatApiError) => e,
    );
    expect(err).toMatchObject({ code: 45159 });
  });

  it('gives the console the same tags, members and followers through our own API', async () => {
    const account = await buildAccount(p.ctx);
    const a = (await buildFollower(p.ctx, account)).follower.openid;
    const b = (await buildFollower(p.ctx, account)).follower.openid;
    const base = `/accounts/${account.appid}`;

    const created = await ownApi<Tag>(p, 'POST', `${base}/tags`, { name: '会员' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 100, name: '会员', count: 0 });
    expect((await ownApi(p, 'POST', `${base}/tags`, { name: '会员' })).body).toMatchObject({
      code: 'TAG_NAME_INVALID',
    });
    expect((await ownApi(p, 'POST', `${base}/tags/100/members`, { openids: [a, b] })).status).toBe(204);
    expect((await ownApi(p, 'PATCH', `${base}/tags/100`, { name: '金卡会员' })).body).toEqual({
      id: 100,
      name: '金卡会员',
    });

    const tagged = await ownApi<{
      items: { openid: string; tag_ids: number[] }[];
      next_openid: string | null;
    }>(p, 'GET', `${base}/followers?tag_id=100&limit=1`);
    expect(tagged.body.items).toHaveLength(1);
    expect(tagged.body.items[0]!.tag_ids).toEqual([100]);
    expect(tagged.body.next_openid).toBe(tagged.body.items[0]!.openid);
    const rest = await ownApi<{ items: { openid: string }[]; next_openid: string | null }>(
      p,
      'GET',
      `${base}/followers?tag_id=100&limit=1&after_openid=${tagged.body.next_openid}`,
    );
    expect(rest.body.next_openid).toBeNull();
    expect([tagged.body.items[0]!.openid, rest.body.items[0]!.openid].sort()).toEqual([a, b].sort());

    expect((await ownApi(p, 'DELETE', `${base}/tags/100/members/${a}`)).status).toBe(204);
    expect((await ownApi(p, 'GET', `${base}/followers/${a}`)).body).toMatchObject({ openid: a, tag_ids: [] });
    expect((await ownApi(p, 'DELETE', `${base}/tags/100`)).status).toBe(204);
    const again = await ownApi(p, 'DELETE', `${base}/tags/100`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'TAG_NOT_FOUND' });
    expect((await ownApi(p, 'GET', `${base}/followers/oNotAFollowerOfThisAccount00000`)).status).toBe(404);
  });
});
