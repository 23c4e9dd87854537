/**
 * The follower simulation over our API: users, follows with openids and
 * unionids, every event a follower causes (as the developer server receives
 * it), the conversation, the event log, auto-reply end to end, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { parseXml, type ParsedXml } from '../../src/server/wechat/xml.ts';
import type { DispatchBody, FollowBody, FollowerBody, MessageBody, PageBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildOrganization, buildUser, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

const TOKEN = 'followertest';

interface EventBody {
  seq: number;
  appid: string;
  user_id: string;
  openid: string;
  type: string;
  detail: Record<string, unknown>;
  created_at: number;
}

describe.each(DIALECTS)('followers on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    dev = await startDeveloperServer(TOKEN);
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  async function developerAccount(
    overrides: Parameters<typeof buildAccount>[1] = {},
  ): Promise<AccountsTable> {
    const account = await buildAccount(p.ctx, overrides);
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: TOKEN,
    });
    expect(saved.status).toBe(200);
    return account;
  }

  /** The pushes the developer server received since `from`, parsed. */
  function pushesSince(from: number): ParsedXml[] {
    return dev.received
      .slice(from)
      .filter((r) => r.method === 'POST')
      .map((r) => parseXml(r.body));
  }

  const follow = (userId: string, appid: string, body: object = {}) =>
    ownApi<FollowBody>(p, 'PUT', `/users/${userId}/follows/${appid}`, body);

  it('creates, reads, searches and updates users; wechat_id is unique', async () => {
    const user = await buildUser(p, { nickname: '搜索测试', wechat_id: 'search_me_1', sex: 2, city: '杭州' });
    expect(user).toMatchObject({
      nickname: '搜索测试',
      wechat_id: 'search_me_1',
      sex: 2,
      city: '杭州',
      language: 'zh_CN',
    });
    const dup = await ownApi(p, 'POST', '/users', { nickname: 'x', wechat_id: 'search_me_1' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('USER_ALREADY_EXISTS');
    const found = await ownApi<PageBody<{ id: string }>>(p, 'GET', '/users?q=搜索');
    expect(found.body.items.map((u) => u.id)).toContain(user.id);
    const byWechatId = await ownApi<PageBody<{ id: string }>>(p, 'GET', '/users?q=search_me_1');
    expect(byWechatId.body.items.map((u) => u.id)).toEqual([user.id]);
    const wildcard = await ownApi<PageBody<{ id: string }>>(p, 'GET', '/users?q=%25');
    expect(wildcard.body.items).toEqual([]);
    const patched = await ownApi<{ nickname: string }>(p, 'PATCH', `/users/${user.id}`, { nickname: '改名' });
    expect(patched.body.nickname).toBe('改名');
    const bad = await ownApi(p, 'POST', '/users', { nickname: '', sex: 5, wechat_id: '1bad', extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.details!.map((d) => d.path)).toEqual(
      expect.arrayContaining(['nickname', 'sex', 'wechat_id']) as unknown,
    );
    expect((await ownApi(p, 'GET', '/users/usr_missing')).status).toBe(404);
  });

  it('pages users with a cursor', async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await buildUser(p, { nickname: `Pager${i}` }));
    const first = await ownApi<PageBody<{ nickname: string }>>(p, 'GET', '/users?q=Pager&limit=3');
    expect(first.body.items.map((u) => u.nickname)).toEqual(['Pager4', 'Pager3', 'Pager2']);
    const second = await ownApi<PageBody<{ nickname: string }>>(
      p,
      'GET',
      `/users?q=Pager&limit=3&cursor=${first.body.next_cursor}`,
    );
    expect(second.body.items.map((u) => u.nickname)).toEqual(['Pager1', 'Pager0']);
    expect(second.body.next_cursor).toBeNull();
    expect((await ownApi(p, 'GET', '/users?cursor=garbage!')).body.code).toBe('VALIDATION_FAILED');
  });

  it('gives one openid per account and one unionid per organisation; a returning follower keeps the openid', async () => {
    const org = await buildOrganization(p.ctx);
    const a = await buildAccount(p.ctx, { organization_id: org.id });
    const b = await buildAccount(p.ctx, { organization_id: org.id });
    const other = await buildAccount(p.ctx);
    const user = await buildUser(p);
    const fa = (await follow(user.id, a.appid)).body.follower;
    const fb = (await follow(user.id, b.appid)).body.follower;
    const fo = (await follow(user.id, other.appid)).body.follower;
    for (const f of [fa, fb, fo]) {
      expect(f.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
      expect(f.unionid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    }
    expect(new Set([fa.openid, fb.openid, fo.openid]).size).toBe(3);
    expect(fa.unionid).toBe(fb.unionid);
    expect(fo.unionid).not.toBe(fa.unionid);
    expect(fa).toMatchObject({ subscribed: true, subscribe_scene: 'ADD_SCENE_SEARCH' });

    const again = await follow(user.id, a.appid);
    expect(again.body).toMatchObject({ event: null, result: null });

    const left = await ownApi<{ follower: FollowerBody }>(
      p,
      'DELETE',
      `/users/${user.id}/follows/${a.appid}`,
    );
    expect(left.body.follower.subscribed).toBe(false);
    expect((await ownApi(p, 'DELETE', `/users/${user.id}/follows/${a.appid}`)).body.code).toBe(
      'NOT_FOLLOWING',
    );
    const back = await follow(user.id, a.appid);
    expect(back.body.event).toBe('subscribe');
    expect(back.body.follower.openid).toBe(fa.openid);

    const follows = await ownApi<{ items: FollowerBody[] }>(p, 'GET', `/users/${user.id}/follows`);
    expect(follows.body.items.map((f) => [f.appid, f.openid, f.unionid])).toEqual([
      [a.appid, fa.openid, fa.unionid],
      [b.appid, fb.openid, fa.unionid],
      [other.appid, fo.openid, fo.unionid],
    ]);
  });

  it('pushes subscribe (plain and through a QR scene), SCAN and unsubscribe exactly as WeChat', async () => {
    const account = await developerAccount();
    const user = await buildUser(p);
    const from = dev.received.length;
    const plain = await follow(user.id, account.appid);
    await ownApi(p, 'DELETE', `/users/${user.id}/follows/${account.appid}`);
    const viaQr = await follow(user.id, account.appid, {
      qr_scene: 123,
      ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v',
    });
    const scan = await follow(user.id, account.appid, { qr_scene_str: 'campaign-7', ticket: 'TICKET2' });
    expect(plain.body.event).toBe('subscribe');
    expect(viaQr.body.follower).toMatchObject({ subscribe_scene: 'ADD_SCENE_QR_CODE', qr_scene: 123 });
    expect(scan.body.event).toBe('SCAN');

    const [sub, unsub, qrSub, scanPush] = pushesSince(from);
    const openid = plain.body.follower.openid;
    expect(sub).toEqual({
      ToUserName: account.original_id,
      FromUserName: openid,
      CreateTime: expect.stringMatching(/^\d{10}$/) as unknown,
      MsgType: 'event',
      Event: 'subscribe',
      EventKey: '',
    });
    expect(unsub).toMatchObject({ MsgType: 'event', Event: 'unsubscribe' });
    expect(qrSub).toMatchObject({
      Event: 'subscribe',
      EventKey: 'qrscene_123',
      Ticket: 'gQH47joAAAAAAAAAASxodHRwOi8v',
    });
    expect(scanPush).toMatchObject({ Event: 'SCAN', EventKey: 'campaign-7', Ticket: 'TICKET2' });
    expect(sub).not.toHaveProperty('Ticket');
    expect(sub).not.toHaveProperty('MsgId');
  });

  it('pushes every menu button type with its fields', async () => {
    const account = await developerAccount();
    const user = await buildUser(p);
    await follow(user.id, account.appid);
    const from = dev.received.length;
    const press = (body: object) =>
      ownApi<{ open: unknown }>(p, 'POST', `/users/${user.id}/accounts/${account.appid}/menu-events`, body);
    await press({ event: 'CLICK', key: 'V1001_TODAY_MUSIC' });
    const view = await press({ event: 'VIEW', url: 'https://example.com/page?a=1&b=2', menu_id: 208 });
    const mini = await press({
      event: 'view_miniprogram',
      pagepath: 'pages/index/index',
      appid: 'wx286b93c14bbf93aa',
    });
    await press({ event: 'scancode_push', key: 'rselfmenu_0_1', scan_result: 'https://gz.example/qr?x=<1>' });
    await press({
      event: 'scancode_waitmsg',
      key: 'rselfmenu_0_0',
      scan_type: 'barcode',
      scan_result: '6901234567892',
    });
    await press({
      event: 'location_select',
      key: 'rselfmenu_2_0',
      location: { latitude: 23.137466, longitude: 113.352425, scale: 15, label: '广州市海珠区', poiname: '' },
    });
    expect(view.body.open).toEqual({ url: 'https://example.com/page?a=1&b=2' });
    expect(mini.body.open).toEqual({ pagepath: 'pages/index/index', appid: 'wx286b93c14bbf93aa' });

    const pushes = pushesSince(from);
    expect(pushes.map((x) => x.Event)).toEqual([
      'CLICK',
      'VIEW',
      'view_miniprogram',
      'scancode_push',
      'scancode_waitmsg',
      'location_select',
    ]);
    expect(pushes[0]).toMatchObject({ EventKey: 'V1001_TODAY_MUSIC' });
    expect(pushes[1]).toMatchObject({ EventKey: 'https://example.com/page?a=1&b=2', MenuId: '208' });
    expect(pushes[2]).toMatchObject({ EventKey: 'pages/index/index' });
    expect(pushes[2]).not.toHaveProperty('MenuId');
    expect(pushes[3]).toMatchObject({
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://gz.example/qr?x=<1>' },
    });
    expect(pushes[4]).toMatchObject({ ScanCodeInfo: { ScanType: 'barcode', ScanResult: '6901234567892' } });
    expect(pushes[5]).toMatchObject({
      SendLocationInfo: {
        Location_X: '23.137466',
        Location_Y: '113.352425',
        Scale: '15',
        Label: '广州市海珠区',
        Poiname: '',
      },
    });
    // Coordinates travel as bare numbers (Go clients parse them as float64).
    const raw = dev.received[dev.received.length - 1]!.body;
    expect(raw).toContain('<Location_X>23.137466</Location_X>');

    const badPress = await press({ event: 'CLICK' });
    expect(badPress.status).toBe(400);
    const unknownType = await press({ event: 'SHAKE', key: 'x' });
    expect(unknownType.status).toBe(400);
  });

  it('sends location and link messages, and LOCATION events only when the account asks for them', async () => {
    const account = await developerAccount();
    const user = await buildUser(p);
    await follow(user.id, account.appid);
    const from = dev.received.length;
    const send = (body: object) =>
      ownApi<DispatchBody>(p, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, body);
    await send({ msgtype: 'location', location: { latitude: 39.9042, longitude: 116.4074, label: '北京' } });
    await send({
      msgtype: 'link',
      link: { title: '标题', description: '描述', url: 'https://example.com/a?b=1' },
    });
    const off = await ownApi<{ pushed: boolean; reason: string }>(
      p,
      'POST',
      `/users/${user.id}/accounts/${account.appid}/location`,
      {
        latitude: 22.5,
        longitude: 114.05,
      },
    );
    expect(off.body).toMatchObject({ pushed: false });
    expect(off.body.reason).toMatch(/location reporting is off/);
    await ownApi(p, 'PATCH', `/accounts/${account.appid}`, { location_report: 1 });
    const on = await ownApi<{ pushed: boolean }>(
      p,
      'POST',
      `/users/${user.id}/accounts/${account.appid}/location`,
      {
        latitude: 22.5,
        longitude: 114.05,
        precision: 65,
      },
    );
    expect(on.body.pushed).toBe(true);

    const [loc, link, event] = pushesSince(from);
    expect(loc).toMatchObject({
      MsgType: 'location',
      Location_X: '39.9042',
      Location_Y: '116.4074',
      Scale: '15',
      Label: '北京',
    });
    expect(loc!.MsgId).toMatch(/^\d{17}$/);
    expect(link).toMatchObject({
      MsgType: 'link',
      Title: '标题',
      Description: '描述',
      Url: 'https://example.com/a?b=1',
    });
    expect(event).toMatchObject({
      MsgType: 'event',
      Event: 'LOCATION',
      Latitude: '22.5',
      Longitude: '114.05',
      Precision: '65',
    });
  });

  it('keeps the conversation newest first, paged, and readable after an unfollow', async () => {
    const account = await buildAccount(p.ctx);
    const user = await buildUser(p);
    await follow(user.id, account.appid);
    for (let i = 0; i < 5; i++)
      await ownApi(p, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, {
        msgtype: 'text',
        text: { content: `m${i}` },
      });
    const first = await ownApi<PageBody<MessageBody>>(
      p,
      'GET',
      `/users/${user.id}/accounts/${account.appid}/messages?limit=3`,
    );
    expect(first.body.items.map((m) => (m.text as { content: string }).content)).toEqual(['m4', 'm3', 'm2']);
    await ownApi(p, 'DELETE', `/users/${user.id}/follows/${account.appid}`);
    const rest = await ownApi<PageBody<MessageBody>>(
      p,
      'GET',
      `/users/${user.id}/accounts/${account.appid}/messages?limit=3&cursor=${first.body.next_cursor}`,
    );
    expect(rest.body.items.map((m) => (m.text as { content: string }).content)).toEqual(['m1', 'm0']);
    expect(rest.body.items[0]).toMatchObject({ direction: 'in', source: 'follower', appid: account.appid });
  });

  it('refuses bad input clearly and writes nothing', async () => {
    const account = await buildAccount(p.ctx);
    const user = await buildUser(p);
    const msgPath = `/users/${user.id}/accounts/${account.appid}/messages`;
    const count = async () => (await p.ctx.db.selectFrom('messages').select('id').execute()).length;
    const before = await count();

    const notFollowing = await ownApi(p, 'POST', msgPath, { msgtype: 'text', text: { content: 'hi' } });
    expect(notFollowing.status).toBe(409);
    expect(notFollowing.body.code).toBe('NOT_FOLLOWING');
    await follow(user.id, account.appid);
    const cases: [string, object | string, number, string][] = [
      ['unknown user', { msgtype: 'text', text: { content: 'x' } }, 404, 'USER_NOT_FOUND'],
      ['unknown msgtype', { msgtype: 'sticker' }, 400, 'VALIDATION_FAILED'],
      ['oversized text', { msgtype: 'text', text: { content: 'x'.repeat(2049) } }, 400, 'VALIDATION_FAILED'],
      ['empty text', { msgtype: 'text', text: { content: '' } }, 400, 'VALIDATION_FAILED'],
      [
        'wrong types',
        { msgtype: 'location', location: { latitude: '1', longitude: 500 } },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'javascript link',
        { msgtype: 'link', link: { title: 't', url: 'javascript:alert(1)' } },
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown media', { msgtype: 'image', image: { media_id: 'nope' } }, 404, 'MEDIA_NOT_FOUND'],
    ];
    for (const [name, body, status, code] of cases) {
      const url = name === 'unknown user' ? `/users/usr_nobody/accounts/${account.appid}/messages` : msgPath;
      const res = await ownApi(p, 'POST', url, body);
      expect(res.status, name).toBe(status);
      expect(res.body.code, name).toBe(code);
    }
    const malformed = await p.app.inject({
      method: 'POST',
      url: `/gz/v1${msgPath}`,
      headers: { ...p.adminHeaders, 'content-type': 'application/json' },
      payload: '{"msgtype": "text", ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(
      (
        await ownApi(p, 'POST', `/users/${user.id}/accounts/wx0000000000000000/messages`, {
          msgtype: 'text',
          text: { content: 'x' },
        })
      ).body.code,
    ).toBe('ACCOUNT_NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('appends every action to the event log, readable forward by seq', async () => {
    const account = await buildAccount(p.ctx);
    const user = await buildUser(p);
    const start = (await ownApi<{ next_after_seq: number }>(p, 'GET', `/accounts/${account.appid}/events`))
      .body.next_after_seq;
    await follow(user.id, account.appid, { qr_scene_str: 'poster' });
    await ownApi(p, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, {
      msgtype: 'text',
      text: { content: 'hi' },
    });
    await ownApi(p, 'POST', `/users/${user.id}/accounts/${account.appid}/menu-events`, {
      event: 'CLICK',
      key: 'K',
    });
    await ownApi(p, 'POST', `/users/${user.id}/accounts/${account.appid}/location`, {
      latitude: 1,
      longitude: 2,
    });
    await ownApi(p, 'DELETE', `/users/${user.id}/follows/${account.appid}`);
    const log = await ownApi<{ items: EventBody[]; next_after_seq: number }>(
      p,
      'GET',
      `/accounts/${account.appid}/events?after_seq=${start}`,
    );
    expect(log.body.items.map((e) => e.type)).toEqual(['follow', 'message', 'menu', 'location', 'unfollow']);
    expect(log.body.items[0]).toMatchObject({
      appid: account.appid,
      user_id: user.id,
      detail: { subscribe_scene: 'ADD_SCENE_QR_CODE', qr_scene_str: 'poster' },
    });
    expect(log.body.items[1]!.detail).toMatchObject({
      msgtype: 'text',
      msg_id: expect.stringMatching(/^\d{17}$/) as unknown,
    });
    expect(log.body.items[3]!.detail).toMatchObject({ pushed: false });
    const seqs = log.body.items.map((e) => e.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    const after = await ownApi<{ items: EventBody[] }>(
      p,
      'GET',
      `/events?after_seq=${log.body.next_after_seq}&appid=${account.appid}`,
    );
    expect(after.body.items).toEqual([]);
  });
});

describe.each(DIALECTS)('auto-reply through the follower API on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  it('answers follows, keywords and everything else with the configured replies, and stops in developer mode', async () => {
    const account = await buildAccount(p.ctx);
    const base = `/accounts/${account.appid}/autoreply`;
    expect(
      (
        await ownApi(p, 'PUT', `${base}/settings`, {
          follow_reply: { msgtype: 'text', text: { content: '欢迎关注' } },
          default_reply: { msgtype: 'text', text: { content: '收到' } },
        })
      ).status,
    ).toBe(200);
    const rule = await ownApi<{ id: string }>(p, 'POST', `${base}/rules`, {
      rule_name: '价格',
      keywords: [{ match_mode: 'contain', content: '价格' }],
      replies: [
        { msgtype: 'text', text: { content: '价格表如下' } },
        { msgtype: 'news', news: { articles: [{ title: '价目', url: 'https://example.com/p' }] } },
      ],
      reply_mode: 'reply_all',
    });
    expect(rule.status).toBe(201);

    const user = await buildUser(p);
    const followed = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    expect(followed.body.result!.replies).toMatchObject([
      { source: 'auto_reply', text: { content: '欢迎关注' } },
    ]);
    expect(followed.body.result!.delivery).toBeNull();

    const send = (content: string) =>
      ownApi<DispatchBody>(p, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, {
        msgtype: 'text',
        text: { content },
      });
    const keyword = await send('请问价格多少');
    expect(keyword.body.auto_reply!.rule).toMatchObject({ id: rule.body.id, rule_name: '价格' });
    expect(keyword.body.replies.map((r) => r.msgtype)).toEqual(['text', 'news']);
    const other = await send('随便说说');
    expect(other.body.replies).toMatchObject([{ text: { content: '收到' } }]);
    expect(other.body.auto_reply!.reason).toMatch(/default reply/);

    const convo = await ownApi<PageBody<MessageBody>>(
      p,
      'GET',
      `/users/${user.id}/accounts/${account.appid}/messages`,
    );
    expect(convo.body.items.map((m) => `${m.direction}:${m.msgtype}`)).toEqual([
      'out:text',
      'in:text',
      'out:news',
      'out:text',
      'in:text',
      'out:text',
    ]);

    const dev = await startDeveloperServer('autoreplydev');
    try {
      await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, { url: dev.url, token: 'autoreplydev' });
      const inDevMode = await send('价格');
      expect(inDevMode.body.auto_reply).toBeNull();
      expect(inDevMode.body.replies).toEqual([]);
      expect(inDevMode.body.delivery).toMatchObject({ outcome: 'no_reply' });
    } finally {
      await dev.close();
    }
  });
});
