/**
 * The blacklist (§14.3) and account migration (changeopenid, §14.1) over
 * HTTP: paging, batch limits and errcodes, and what blacklisting means —
 * a blacklisted follower's messages and menu presses reach neither a real
 * developer server nor auto-reply, until they are taken off the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { DispatchBody, FollowBody } from '../helpers/api-types.ts';
import { bulkFollowers } from '../helpers/bulk-followers.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import {
  buildAccount,
  buildFollower,
  buildOrganization,
  buildUser,
  fetchToken,
  ownApi,
} from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}
interface EventsBody {
  items: { type: string; openid: string; detail: Record<string, unknown> }[];
}

describe.each(DIALECTS)('blacklist and changeopenid on %s', (dialect) => {
  let p: TestPlatform;
  const servers: DeveloperServer[] = [];

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await p.close();
  });

  async function openApi(account: AccountsTable) {
    const token = await fetchToken(p, account);
    return async (url: string, body: unknown): Promise<WechatBody> => {
      const res = await p.app.inject({
        method: 'POST',
        url: `${url}?access_token=${token}`,
        payload: body as object,
      });
      expect(res.statusCode).toBe(200);
      return res.json<WechatBody>();
    };
  }

  it('blacklists and releases followers, pages the list, and keeps it across an unfollow', async () => {
    const account = await buildAccount(p.ctx);
    const post = await openApi(account);
    const a = await buildFollower(p.ctx, account);
    const b = await buildFollower(p.ctx, account);
    const gone = await buildFollower(p.ctx, account, { subscribed: false });

    expect(await post('/cgi-bin/tags/members/getblacklist', { begin_openid: '' })).toEqual({
      total: 0,
      count: 0,
      next_openid: '',
    });
    const listed = [a.follower.openid, b.follower.openid, gone.follower.openid];
    expect(await post('/cgi-bin/tags/members/batchblacklist', { openid_list: listed })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    // Again is harmless.
    expect(await post('/cgi-bin/tags/members/batchblacklist', { openid_list: listed })).toMatchObject({
      errcode: 0,
    });
    const sorted = [...listed].sort();
    expect(await post('/cgi-bin/tags/members/getblacklist', {})).toEqual({
      total: 3,
      count: 3,
      data: { openid: sorted },
      next_openid: sorted[2],
    });
    expect(await post('/cgi-bin/tags/members/getblacklist', { begin_openid: sorted[0] })).toMatchObject({
      total: 3,
      count: 2,
      data: { openid: sorted.slice(1) },
    });

    expect(
      await post('/cgi-bin/tags/members/batchunblacklist', { openid_list: [b.follower.openid] }),
    ).toMatchObject({ errcode: 0 });
    expect(await post('/cgi-bin/tags/members/getblacklist', {})).toMatchObject({ total: 2, count: 2 });

    // Unfollowing and following again keeps the blacklist.
    await ownApi(p, 'DELETE', `/users/${a.user.id}/follows/${account.appid}`);
    await ownApi(p, 'PUT', `/users/${a.user.id}/follows/${account.appid}`, {});
    const profile = await ownApi<{ blacklisted: boolean }>(
      p,
      'GET',
      `/accounts/${account.appid}/followers/${a.follower.openid}`,
    );
    expect(profile.body.blacklisted).toBe(true);

    const events = await ownApi<EventsBody>(p, 'GET', `/accounts/${account.appid}/events`);
    expect(events.body.items.filter((e) => e.type === 'blacklist')).toHaveLength(3);
    expect(events.body.items.filter((e) => e.type === 'unblacklist')).toHaveLength(1);
  });

  it('pages a blacklist of 10,001 by 10,000', async () => {
    const account = await buildAccount(p.ctx);
    const post = await openApi(account);
    const openids = await bulkFollowers(p.ctx, account, 10_001);
    await p.ctx.db
      .updateTable('followers')
      .set({ blacklisted: 1 })
      .where('account_id', '=', account.id)
      .execute();
    const first = (await post('/cgi-bin/tags/members/getblacklist', { begin_openid: '' })) as {
      total: number;
      count: number;
      next_openid: string;
    };
    expect(first).toMatchObject({ total: 10_001, count: 10_000, next_openid: openids[9_999] });
    expect(await post('/cgi-bin/tags/members/getblacklist', { begin_openid: first.next_openid })).toEqual({
      total: 10_001,
      count: 1,
      data: { openid: [openids[10_000]] },
      next_openid: openids[10_000],
    });
  }, 60_000);

  it('answers 40032, 40003 and 49003, and changes nothing on a bad batch', async () => {
    const account = await buildAccount(p.ctx);
    const other = await buildAccount(p.ctx);
    const post = await openApi(account);
    const mine = (await buildFollower(p.ctx, account)).follower.openid;
    const theirs = (await buildFollower(p.ctx, other)).follower.openid;
    for (const path of ['batchblacklist', 'batchunblacklist']) {
      const url = `/cgi-bin/tags/members/${path}`;
      expect(await post(url, { openid_list: [] })).toMatchObject({ errcode: 40032 });
      expect(await post(url, { openid_list: Array(21).fill(mine) })).toMatchObject({ errcode: 40032 });
      expect(await post(url, { openid_list: [mine, 'nope'] })).toMatchObject({ errcode: 40003 });
      expect(await post(url, { openid_list: [mine, theirs] })).toMatchObject({ errcode: 49003 });
      expect(await post(url, { openid_list: mine })).toMatchObject({ errcode: 47001 });
    }
    expect(await post('/cgi-bin/tags/members/getblacklist', { begin_openid: 'nope' })).toMatchObject({
      errcode: 40003,
    });
    expect(await post('/cgi-bin/tags/members/getblacklist', {})).toMatchObject({ total: 0 });
  });

  it("keeps a blacklisted follower's messages and presses from the developer server and auto-reply", async () => {
    const account = await buildAccount(p.ctx);
    const post = await openApi(account);
    await ownApi(p, 'PUT', `/accounts/${account.appid}/autoreply/settings`, {
      default_reply: { msgtype: 'text', text: { content: '收到' } },
    });
    const user = await buildUser(p);
    const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    const openid = follow.body.follower.openid;
    const send = (content: string) =>
      ownApi<DispatchBody>(p, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, {
        msgtype: 'text',
        text: { content },
      });

    expect((await send('before')).body.replies).toMatchObject([{ text: { content: '收到' } }]);
    await post('/cgi-bin/tags/members/batchblacklist', { openid_list: [openid] });
    const blocked = await send('while blacklisted');
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({
      blocked: 'blacklisted',
      replies: [],
      delivery: null,
      auto_reply: null,
    });
    // The follower still sees what they sent.
    expect(blocked.body.message).toMatchObject({ text: { content: 'while blacklisted' } });

    // Developer mode: nothing reaches the server while blacklisted.
    const dev = await startDeveloperServer('blacktoken');
    servers.push(dev);
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: 'blacktoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    dev.received.length = 0;
    expect((await send('still blacklisted')).body).toMatchObject({ blocked: 'blacklisted', delivery: null });
    const press = await ownApi<DispatchBody>(
      p,
      'POST',
      `/users/${user.id}/accounts/${account.appid}/menu-events`,
      {
        event: 'CLICK',
        key: 'V1001_TODAY',
      },
    );
    expect(press.status).toBe(200);
    expect(dev.received.filter((r) => r.method === 'POST')).toHaveLength(0);

    await post('/cgi-bin/tags/members/batchunblacklist', { openid_list: [openid] });
    const after = await send('released');
    expect(after.body.blocked).toBeUndefined();
    expect(after.body.delivery).toMatchObject({ outcome: 'no_reply' });
    const posts = dev.received.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toContain('released');

    const events = await ownApi<EventsBody>(p, 'GET', `/accounts/${account.appid}/events`);
    expect(
      events.body.items.find((e) => e.type === 'message' && e.detail.blocked === 'blacklisted'),
    ).toBeDefined();
  });

  it('lets the console blacklist through our own API', async () => {
    const account = await buildAccount(p.ctx);
    const { follower } = await buildFollower(p.ctx, account);
    const put = await ownApi<{ blacklisted: boolean }>(
      p,
      'PUT',
      `/accounts/${account.appid}/blacklist/${follower.openid}`,
    );
    expect(put.body).toMatchObject({ openid: follower.openid, blacklisted: true });
    const list = await ownApi<{ items: { openid: string }[] }>(
      p,
      'GET',
      `/accounts/${account.appid}/followers?blacklisted=true`,
    );
    expect(list.body.items.map((i) => i.openid)).toEqual([follower.openid]);
    const del = await ownApi<{ blacklisted: boolean }>(
      p,
      'DELETE',
      `/accounts/${account.appid}/blacklist/${follower.openid}`,
    );
    expect(del.body.blacklisted).toBe(false);
    expect((await ownApi(p, 'PUT', `/accounts/${account.appid}/blacklist/nope`)).body).toMatchObject({
      code: 'INVALID_OPENID',
    });
  });

  it("maps a migrated account's openids to this account's, row by row", async () => {
    const org = await buildOrganization(p.ctx);
    const from = await buildAccount(p.ctx, { organization_id: org.id });
    const to = await buildAccount(p.ctx, { organization_id: org.id });
    const stranger = await buildAccount(p.ctx);
    const post = await openApi(to);
    const both = await buildFollower(p.ctx, from);
    const toFollower = await buildFollower(p.ctx, to, { user: both.user });
    const onlyOld = await buildFollower(p.ctx, from);

    const res = (await post('/cgi-bin/changeopenid', {
      from_appid: from.appid,
      openid_list: [both.follower.openid, onlyOld.follower.openid, 'oUnknownOpenid00000000000000'],
    })) as { result_list: { ori_openid: string; new_openid: string; err_msg: string }[] };
    expect(res.result_list).toHaveLength(3);
    expect(res.result_list[0]).toEqual({
      ori_openid: both.follower.openid,
      new_openid: toFollower.follower.openid,
      err_msg: 'ok',
    });
    expect(res.result_list[1]).toMatchObject({ ori_openid: onlyOld.follower.openid, err_msg: 'ok' });
    expect(res.result_list[1]!.new_openid).toMatch(/^[A-Za-z0-9_-]{28}$/);
    expect(res.result_list[2]).toEqual({
      ori_openid: 'oUnknownOpenid00000000000000',
      new_openid: '',
      err_msg: 'ori_openid error',
    });
    // Stable: asking again gives the same new openid.
    const again = (await post('/cgi-bin/changeopenid', {
      from_appid: from.appid,
      openid_list: [onlyOld.follower.openid],
    })) as { result_list: { new_openid: string }[] };
    expect(again.result_list[0]!.new_openid).toBe(res.result_list[1]!.new_openid);

    expect(
      await post('/cgi-bin/changeopenid', {
        from_appid: stranger.appid,
        openid_list: [both.follower.openid],
      }),
    ).toMatchObject({ errcode: 40013 });
    expect(await post('/cgi-bin/changeopenid', { from_appid: from.appid, openid_list: [] })).toMatchObject({
      errcode: 40032,
    });
    expect(
      await post('/cgi-bin/changeopenid', { from_appid: from.appid, openid_list: Array(101).fill('x') }),
    ).toMatchObject({ errcode: 40032 });
  });
});
