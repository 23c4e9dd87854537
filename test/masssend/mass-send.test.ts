/**
 * Mass send (§8) over HTTP and the wechat-api SDK: to all, to a tag (the
 * legacy group_id too), to a list, preview by openid and WeChat id; the
 * fan-out job filling inboxes follower by follower (blacklisted and
 * unfollowed left out), MASSSENDJOBFINISH at a real developer server with
 * its counts; the service account's 4 a month, the subscription account's
 * one a day, clientmsgid 45065/45066/45067, the minute limit, speed levels
 * (and throttling moved by the sandbox clock), delete and get, the console's
 * list/get/cancel, and a fan-out to 12,000 followers.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { parseXml, xmlText } from '../../src/server/wechat/xml.ts';
import { bulkFollowers } from '../helpers/bulk-followers.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildFollower, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  msg_id?: number;
  msg_data_id?: number;
  msg_status?: string;
  speed?: number;
  realspeed?: number;
}

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

describe.each(DIALECTS)('mass send on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;
  let endpoint: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { massSendThrottle: false });
    dev = await startDeveloperServer('masstoken');
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    endpoint = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  /** Runs due jobs until none are left (the worker is off in tests). */
  const drain = async () => {
    while ((await runDueJobs(p.ctx, { limit: 4 })) > 0);
  };

  async function setup(overrides: Parameters<typeof buildAccount>[1] = {}) {
    const account = await buildAccount(p.ctx, overrides);
    const token = await fetchToken(p, account);
    const post = async (path: string, payload: unknown): Promise<WechatBody> => {
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/message/mass/${path}?access_token=${token}`,
        payload: payload as object,
      });
      expect(res.statusCode).toBe(200);
      return res.json<WechatBody>();
    };
    const api = new WechatAPI(account.appid, account.appsecret);
    api.endpoint = endpoint;
    return { account, token, post, api };
  }

  async function followers(account: AccountsTable, n: number) {
    const out = [];
    for (let i = 0; i < n; i++) out.push((await buildFollower(p.ctx, account)).follower);
    return out;
  }

  /** Mass messages each follower of the account holds, by openid. */
  async function inboxes(
    account: AccountsTable,
  ): Promise<Map<string, { msg_type: string; content: string; msg_id: string | null }[]>> {
    const rows = await p.ctx.db
      .selectFrom('messages as m')
      .innerJoin('followers as f', 'f.id', 'm.follower_id')
      .select(['f.openid', 'm.msg_type', 'm.content', 'm.msg_id'])
      .where('m.account_id', '=', account.id)
      .where('m.source', '=', 'mass_send')
      .orderBy('m.created_at')
      .execute();
    const map = new Map<string, { msg_type: string; content: string; msg_id: string | null }[]>();
    for (const r of rows) map.set(r.openid, [...(map.get(r.openid) ?? []), r]);
    return map;
  }

  const advance = async (seconds: number) =>
    expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds })).status).toBe(200);

  async function enableDeveloperMode(account: AccountsTable) {
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: 'masstoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }

  it('sends to all through wechat-api: inboxes fill, blacklisted and unfollowed left out, MASSSENDJOBFINISH counts', async () => {
    const s = await setup();
    const [a, b, blocked] = await followers(s.account, 3);
    const gone = (await buildFollower(p.ctx, s.account, { subscribed: false })).follower;
    await p.ctx.db.updateTable('followers').set({ blacklisted: 1 }).where('id', '=', blocked!.id).execute();
    await enableDeveloperMode(s.account);
    dev.received.length = 0;

    const sent = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.massSendText('群发 hello', true, cb),
    );
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'send job submission success' });
    expect(typeof sent.msg_id).toBe('number');
    expect(
      await call<{ msg_id: number; msg_status: string }>((cb) => s.api.getMassMessageStatus(sent.msg_id, cb)),
    ).toMatchObject({
      msg_id: sent.msg_id,
      msg_status: 'SENDING',
    });
    await drain();
    expect(
      await call<{ msg_id: number; msg_status: string }>((cb) => s.api.getMassMessageStatus(sent.msg_id, cb)),
    ).toMatchObject({
      msg_status: 'SEND_SUCCESS',
    });

    const got = await inboxes(s.account);
    expect([...got.keys()].sort()).toEqual([a!.openid, b!.openid].sort());
    expect(got.get(a!.openid)![0]).toMatchObject({ msg_type: 'text', msg_id: String(sent.msg_id) });
    expect(JSON.parse(got.get(a!.openid)![0]!.content)).toEqual({ content: '群发 hello' });
    expect(got.has(blocked!.openid)).toBe(false);
    expect(got.has(gone.openid)).toBe(false);

    const pushes = dev.received.filter((r) => r.body.includes('MASSSENDJOBFINISH'));
    expect(pushes).toHaveLength(1);
    const xml = parseXml(pushes[0]!.body);
    expect(xmlText(xml, 'ToUserName')).toBe(s.account.original_id);
    expect(xmlText(xml, 'FromUserName')).toMatch(/^[A-Za-z0-9_-]{28}$/);
    expect(xmlText(xml, 'Event')).toBe('MASSSENDJOBFINISH');
    expect(pushes[0]!.body).toContain(`<MsgID>${sent.msg_id}</MsgID>`);
    expect(xmlText(xml, 'Status')).toBe('send success');
    expect(xmlText(xml, 'TotalCount')).toBe('3');
    expect(xmlText(xml, 'FilterCount')).toBe('2');
    expect(xmlText(xml, 'SentCount')).toBe('2');
    expect(xmlText(xml, 'ErrorCount')).toBe('0');

    const view = await ownApi<Record<string, unknown>>(
      p,
      'GET',
      `/accounts/${s.account.appid}/mass-sends/${sent.msg_id}`,
    );
    expect(view.body).toMatchObject({
      kind: 'all',
      status: 'sent',
      msgtype: 'text',
      counts: { total: 3, filter: 2, sent: 2, error: 0, filtered: 1 },
    });
    expect(view.body.finish_delivery_id).toBeTruthy();
  });

  it('sends to a tag (tag_id, and group_id as wechat-api sends it) follower by follower', async () => {
    const s = await setup();
    const [a, b, c] = await followers(s.account, 3);
    const tag = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/create?access_token=${s.token}`,
      payload: { tag: { name: 'VIP' } },
    });
    const tagId = tag.json<{ tag: { id: number } }>().tag.id;
    const tagged = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/members/batchtagging?access_token=${s.token}`,
      payload: { openid_list: [a!.openid, c!.openid], tagid: tagId },
    });
    expect(tagged.json()).toMatchObject({ errcode: 0 });

    const first = await s.post('sendall', {
      filter: { is_to_all: false, tag_id: tagId },
      msgtype: 'text',
      text: { content: 'vip' },
    });
    expect(first).toMatchObject({ errcode: 0 });
    const second = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.massSendText('legacy group', tagId, cb),
    );
    expect(second.errcode).toBe(0);
    await drain();
    const got = await inboxes(s.account);
    expect(got.get(a!.openid)?.map((m) => JSON.parse(m.content) as unknown)).toEqual([
      { content: 'vip' },
      { content: 'legacy group' },
    ]);
    expect(got.get(c!.openid)).toHaveLength(2);
    expect(got.has(b!.openid)).toBe(false);

    expect(
      await s.post('sendall', { filter: { tag_id: 999 }, msgtype: 'text', text: { content: 'x' } }),
    ).toMatchObject({ errcode: 45159 });
    expect(await s.post('sendall', { filter: {}, msgtype: 'text', text: { content: 'x' } })).toMatchObject({
      errcode: 40035,
    });
    expect(
      await s.post('sendall', { filter: { is_to_all: true }, msgtype: 'music', music: {} }),
    ).toMatchObject({ errcode: 40008 });
    expect(
      await s.post('sendall', { filter: { is_to_all: true }, msgtype: 'voice', voice: { media_id: 'nope' } }),
    ).toMatchObject({ errcode: 40007 });
    expect(await s.post('sendall', { filter: { is_to_all: true }, msgtype: 'text', text: {} })).toMatchObject(
      { errcode: 47001 },
    );
  });

  it('sends to a list of openids (mass/send) with 40130, 40032 and 40003', async () => {
    const s = await setup();
    const [a, b, c] = await followers(s.account, 3);
    const sent = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.massSendText('list', [a!.openid, b!.openid], cb),
    );
    expect(sent.errcode).toBe(0);
    await drain();
    const got = await inboxes(s.account);
    expect([...got.keys()].sort()).toEqual([a!.openid, b!.openid].sort());
    expect(got.has(c!.openid)).toBe(false);

    const text = { msgtype: 'text', text: { content: 'x' } };
    expect(await s.post('send', { touser: [a!.openid], ...text })).toMatchObject({ errcode: 40130 });
    const many = Array.from({ length: 10_001 }, (_, i) => `o${String(i).padStart(27, '0')}`);
    expect(await s.post('send', { touser: many, ...text })).toMatchObject({ errcode: 40032 });
    expect(await s.post('send', { touser: [a!.openid, 'not-an-openid'], ...text })).toMatchObject({
      errcode: 40003,
    });
    expect(await s.post('send', { touser: [a!.openid, `o${'x'.repeat(27)}`], ...text })).toMatchObject({
      errcode: 40003,
    });
  });

  it('previews by openid (wechat-api previewText) and by WeChat id (towxname)', async () => {
    const s = await setup();
    const [a] = await followers(s.account, 1);
    const wx = await ownApi<{ id: string }>(p, 'POST', '/users', {
      nickname: 'Ops',
      wechat_id: `ops_${Date.now()}`,
    });
    expect(wx.status).toBe(201);
    const user = await p.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', wx.body.id)
      .executeTakeFirstOrThrow();
    const opsFollower = (await buildFollower(p.ctx, s.account, { user })).follower;

    const byOpenid = await call<WechatBody & { msg_id: number }>((cb) =>
      s.api.previewText(a!.openid, 'preview', cb),
    );
    expect(byOpenid).toMatchObject({ errcode: 0, errmsg: 'preview success' });
    const byName = await s.post('preview', {
      towxname: user.wechat_id,
      msgtype: 'text',
      text: { content: 'to ops' },
    });
    expect(byName).toMatchObject({ errcode: 0, errmsg: 'preview success' });
    const got = await inboxes(s.account);
    expect(got.get(a!.openid)).toHaveLength(1);
    expect(JSON.parse(got.get(opsFollower.openid)![0]!.content)).toEqual({ content: 'to ops' });
    expect(
      await s.post('preview', { towxname: 'nobody_here', msgtype: 'text', text: { content: 'x' } }),
    ).toMatchObject({ errcode: 40132 });
    expect(
      await s.post('preview', { touser: `o${'y'.repeat(27)}`, msgtype: 'text', text: { content: 'x' } }),
    ).toMatchObject({ errcode: 40003 });
  });

  it('gives a service account follower at most 4 mass messages a month; the fifth filters them out', async () => {
    const s = await setup();
    const [capped, fresh] = await followers(s.account, 2);
    await enableDeveloperMode(s.account);
    // Four sends to the capped follower (with a third, as a list needs two) use up its month.
    const [third] = await followers(s.account, 1);
    for (let i = 1; i <= 4; i++)
      expect(
        await s.post('send', {
          touser: [capped!.openid, third!.openid],
          msgtype: 'text',
          text: { content: `n${i}` },
        }),
      ).toMatchObject({ errcode: 0 });
    await drain();
    dev.received.length = 0;
    const fifth = await s.post('send', {
      touser: [capped!.openid, fresh!.openid],
      msgtype: 'text',
      text: { content: 'fifth' },
    });
    await drain();
    const got = await inboxes(s.account);
    expect(got.get(capped!.openid)).toHaveLength(4);
    expect(got.get(fresh!.openid)?.map((m) => m.msg_id)).toEqual([String(fifth.msg_id)]);
    const finish = parseXml(dev.received.find((r) => r.body.includes('MASSSENDJOBFINISH'))!.body);
    expect([
      xmlText(finish, 'TotalCount'),
      xmlText(finish, 'FilterCount'),
      xmlText(finish, 'SentCount'),
    ]).toEqual(['2', '1', '1']);

    // A new calendar month (Beijing time) starts a new count.
    await advance(32 * 24 * 3600);
    const s2Token = await fetchToken(p, s.account);
    const next = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/mass/send?access_token=${s2Token}`,
      payload: { touser: [capped!.openid, fresh!.openid], msgtype: 'text', text: { content: 'next month' } },
    });
    expect(next.json()).toMatchObject({ errcode: 0 });
    await drain();
    expect((await inboxes(s.account)).get(capped!.openid)).toHaveLength(5);
  });

  it('lets a subscription account mass-send once a Beijing day (45028), to all or a tag only', async () => {
    const s = await setup({ type: 'subscription', verified: true });
    const [a, b] = await followers(s.account, 2);
    const text = { msgtype: 'text', text: { content: 'daily' } };
    expect(await s.post('sendall', { filter: { is_to_all: true }, ...text })).toMatchObject({ errcode: 0 });
    expect(await s.post('sendall', { filter: { is_to_all: true }, ...text })).toMatchObject({
      errcode: 45028,
    });
    expect(await s.post('send', { touser: [a!.openid, b!.openid], ...text })).toMatchObject({
      errcode: 48001,
    });
    // Previews do not count.
    expect(await s.post('preview', { touser: a!.openid, ...text })).toMatchObject({ errcode: 0 });
    await advance(24 * 3600);
    const token = await fetchToken(p, s.account);
    const res = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/mass/sendall?access_token=${token}`,
      payload: { filter: { is_to_all: true }, ...text },
    });
    expect(res.json()).toMatchObject({ errcode: 0 });
    await drain();
    expect((await inboxes(s.account)).get(a!.openid)).toHaveLength(3);

    const unverified = await setup({ type: 'subscription', verified: false });
    expect(await unverified.post('sendall', { filter: { is_to_all: true }, ...text })).toMatchObject({
      errcode: 48001,
    });
  });

  it('de-duplicates clientmsgid: 45067 too long, 45066 within a minute, 45065 with the msg_id within 24 h', async () => {
    const s = await setup();
    await followers(s.account, 2);
    const body = (clientmsgid: string) => ({
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: 'c' },
      clientmsgid,
    });
    expect(await s.post('sendall', body('x'.repeat(65)))).toMatchObject({ errcode: 45067 });
    const first = await s.post('sendall', body('campaign-1'));
    expect(first.errcode).toBe(0);
    expect(await s.post('sendall', body('campaign-1'))).toMatchObject({ errcode: 45066 });
    await advance(120);
    const token = await fetchToken(p, s.account);
    const again = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/mass/sendall?access_token=${token}`,
      payload: body('campaign-1'),
    });
    expect(again.json()).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    await advance(25 * 3600);
    const later = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/mass/sendall?access_token=${await fetchToken(p, s.account)}`,
      payload: body('campaign-1'),
    });
    expect(later.json()).toMatchObject({ errcode: 0 });
    await drain();
  });

  it('allows 60 mass-send calls a minute (45011 after)', async () => {
    const s = await setup();
    const [a] = await followers(s.account, 1);
    const text = { touser: a!.openid, msgtype: 'text', text: { content: 'p' } };
    // Start just after a minute turns, so the 61 calls share one minute's counter.
    await advance(60 - Math.floor((p.ctx.clock.now() / 1000) % 60));
    for (let i = 0; i < 60; i++) expect((await s.post('preview', text)).errcode).toBe(0);
    expect(await s.post('preview', text)).toMatchObject({ errcode: 45011 });
  });

  it('sends mpnews from a news material, reports CopyrightCheckResult, deletes by article and whole', async () => {
    const s = await setup();
    const [a] = await followers(s.account, 2);
    const mediaId = `news_${Date.now()}`;
    await p.ctx.db
      .insertInto('material_news')
      .values({ media_id: mediaId, account_id: s.account.id, created_at: 0, updated_at: 0 })
      .execute();
    await p.ctx.db
      .insertInto('material_news_articles')
      .values(
        [0, 1].map((idx) => ({
          media_id: mediaId,
          idx,
          title: `t${idx}`,
          thumb_media_id: 'thumb',
          author: '',
          digest: '',
          content: 'c',
          content_source_url: '',
          show_cover_pic: 0,
          need_open_comment: 0,
          only_fans_can_comment: 0,
        })),
      )
      .execute();
    await enableDeveloperMode(s.account);
    dev.received.length = 0;
    const sent = await call<WechatBody & { msg_id: number }>((cb) => s.api.massSendNews(mediaId, true, cb));
    expect(sent).toMatchObject({ errcode: 0 });
    expect(typeof sent.msg_data_id).toBe('number');
    await drain();
    expect(JSON.parse((await inboxes(s.account)).get(a!.openid)![0]!.content)).toMatchObject({
      media_id: mediaId,
    });
    const finish = dev.received.find((r) => r.body.includes('MASSSENDJOBFINISH'))!.body;
    expect(finish).toContain(
      '<CopyrightCheckResult><Count>0</Count><ResultList></ResultList><CheckState>1</CheckState></CopyrightCheckResult>',
    );

    expect(await s.post('delete', { msg_id: sent.msg_id, article_idx: 3 })).toMatchObject({ errcode: 40060 });
    expect(await s.post('delete', { msg_id: sent.msg_id, article_idx: 2 })).toMatchObject({ errcode: 0 });
    expect(await s.post('get', { msg_id: sent.msg_id })).toMatchObject({ msg_status: 'SEND_SUCCESS' });
    await call<{ errcode: number; errmsg: string }>((cb) => s.api.deleteMass(sent.msg_id, cb));
    expect(await s.post('get', { msg_id: String(sent.msg_id) })).toMatchObject({ msg_status: 'DELETE' });

    const text = await s.post('sendall', {
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: 't' },
    });
    await drain();
    expect(await s.post('delete', { msg_id: text.msg_id })).toMatchObject({ errcode: 40035 });
    expect(await s.post('get', { msg_id: 1 })).toMatchObject({ errcode: 40035 });
  });

  it('keeps speed levels (45084, 45083) and lists, shows and cancels sends on our API', async () => {
    const s = await setup();
    expect(await s.post('speed/get', {})).toEqual({ speed: 0, realspeed: 80 });
    expect(await s.post('speed/set', {})).toMatchObject({ errcode: 45084 });
    expect(await s.post('speed/set', { speed: 5 })).toMatchObject({ errcode: 45083 });
    expect(await s.post('speed/set', { speed: 4 })).toMatchObject({ errcode: 0 });
    expect(await s.post('speed/get', {})).toEqual({ speed: 4, realspeed: 10 });

    await followers(s.account, 2);
    const one = await s.post('sendall', {
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: '1' },
    });
    const two = await s.post('sendall', {
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: '2' },
    });
    const cancelled = await ownApi<{ status: string; msg_status: string }>(
      p,
      'POST',
      `/accounts/${s.account.appid}/mass-sends/${two.msg_id}/cancel`,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', msg_status: 'SEND_FAIL' });
    await drain();
    const list = await ownApi<{
      items: { msg_id: number; status: string; speed: number; counts: { sent: number } }[];
    }>(p, 'GET', `/accounts/${s.account.appid}/mass-sends`);
    expect(list.body.items.map((i) => [i.msg_id, i.status, i.counts.sent])).toEqual([
      [two.msg_id, 'cancelled', 0],
      [one.msg_id, 'sent', 2],
    ]);
    expect(list.body.items[0]!.speed).toBe(4);
    const again = await ownApi(p, 'POST', `/accounts/${s.account.appid}/mass-sends/${one.msg_id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('fans out to 12,000 followers in batches and completes', async () => {
    const s = await setup();
    const openids = await bulkFollowers(p.ctx, s.account, 12_000);
    await p.ctx.db
      .updateTable('followers')
      .set({ blacklisted: 1 })
      .where('openid', '=', openids[5]!)
      .execute();
    const sent = await s.post('sendall', {
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: 'all' },
    });
    await drain();
    const view = await ownApi<{
      status: string;
      counts: Record<string, number>;
      progress: { batches: number };
    }>(p, 'GET', `/accounts/${s.account.appid}/mass-sends/${sent.msg_id}`);
    expect(view.body).toMatchObject({
      status: 'sent',
      counts: { total: 12_000, filter: 11_999, sent: 11_999, error: 0 },
    });
    expect(view.body.progress.batches).toBe(3);
    const count = await p.ctx.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', s.account.id)
      .where('msg_id', '=', String(sent.msg_id))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(11_999);
  });
});

describe.each(DIALECTS)('mass-send speed on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  it('keeps to the speed level: a send ahead of its rate waits for the (sandbox) clock', async () => {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    await bulkFollowers(p.ctx, account, 10_001);
    const post = async (path: string, payload: object) =>
      (
        await p.app.inject({
          method: 'POST',
          url: `/cgi-bin/message/mass/${path}?access_token=${token}`,
          payload,
        })
      ).json<WechatBody>();
    expect(await post('speed/set', { speed: 4 })).toMatchObject({ errcode: 0 });
    const sent = await post('sendall', {
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: 'slow' },
    });
    // 100,000 a minute: after the first 5,000 the next batch is due 3 s later.
    expect(await runDueJobs(p.ctx)).toBe(1);
    expect(await runDueJobs(p.ctx)).toBe(0);
    const status = async () => (await post('get', { msg_id: sent.msg_id })).msg_status;
    expect(await status()).toBe('SENDING');
    expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 60 })).status).toBe(200);
    while ((await runDueJobs(p.ctx)) > 0);
    expect(await status()).toBe('SEND_SUCCESS');
    const view = await ownApi<{ counts: { sent: number }; progress: { batches: number } }>(
      p,
      'GET',
      `/accounts/${account.appid}/mass-sends/${sent.msg_id}`,
    );
    expect(view.body).toMatchObject({ counts: { sent: 10_001 }, progress: { batches: 3 } });
  });
});
