/**
 * Subscribe notifications (§10, §4.5) over HTTP on both databases: the
 * public library (categories, titles, keywords), choosing templates
 * (200012, 200014, 200020, 200021), the follower accepting or rejecting
 * through our follower API (subscribe_msg_popup_event /
 * subscribe_msg_change_event at a real developer server), bizsend with
 * one-time and long-term templates (43101 once used up or refused), value
 * rules (47003), the feed, and subscribe_msg_sent_event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { ruleProblem } from '../../src/server/modules/notifications/subscribe-notifications.ts';
import type { FollowBody, MessageBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

describe.each(DIALECTS)('subscribe notifications on %s', (dialect) => {
  let p: TestPlatform;
  const servers: DeveloperServer[] = [];

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await p.close();
  });

  async function setup() {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    const user = await buildUser(p);
    const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    const dev = await startDeveloperServer('subtoken');
    servers.push(dev);
    await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: 'subtoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    dev.received.length = 0;
    const api = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<WechatBody> => {
      const res = await p.app.inject({
        method,
        url: `${url}${url.includes('?') ? '&' : '?'}access_token=${token}`,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      expect(res.statusCode).toBe(200);
      return res.json<WechatBody>();
    };
    const base = `/users/${user.id}/accounts/${account.appid}`;
    return {
      account,
      user,
      dev,
      openid: follow.body.follower.openid,
      api,
      posts: () => dev.received.filter((r) => r.method === 'POST').map((r) => r.body),
      popup: (decisions: { template_id: string; status: 'accept' | 'reject' }[]) =>
        ownApi(p, 'POST', `${base}/subscriptions`, { scene: 2, decisions }),
      change: (templateId: string, status: 'accept' | 'reject') =>
        ownApi(p, 'PUT', `${base}/subscriptions/${templateId}`, { status }),
      feed: async () =>
        (
          await ownApi<{ items: (MessageBody & { subscribe_notification?: { title: string } })[] }>(
            p,
            'GET',
            `/users/${user.id}/notifications`,
          )
        ).body.items,
    };
  }

  const shipping = {
    thing1: { value: '儿童保温杯' },
    character_string2: { value: 'SO20261121001' },
    time3: { value: '2026年11月21日 10:00' },
  };

  it('lists the library and chooses templates with their errcodes', async () => {
    const s = await setup();
    expect(await s.api('GET', '/wxaapi/newtmpl/getcategory')).toMatchObject({
      data: expect.arrayContaining([{ id: 611, name: '电商平台' }]) as unknown,
    });
    const titles = await s.api('GET', '/wxaapi/newtmpl/getpubtemplatetitles?ids=611,613&start=0&limit=30');
    expect(titles).toMatchObject({ count: 2 });
    expect(titles.data).toContainEqual({ tid: 1001, title: '订单发货通知', type: 2, categoryId: '611' });
    expect(await s.api('GET', '/wxaapi/newtmpl/getpubtemplatetitles?ids=611&start=0&limit=31')).toMatchObject(
      {
        errcode: 47003,
      },
    );
    const keywords = await s.api('GET', '/wxaapi/newtmpl/getpubtemplatekeywords?tid=1001');
    expect(keywords).toMatchObject({ count: 5 });
    expect(keywords.data).toContainEqual({ kid: 1, name: '商品名称', example: '儿童保温杯', rule: 'thing' });
    expect(await s.api('GET', '/wxaapi/newtmpl/getpubtemplatekeywords?tid=9')).toMatchObject({
      errcode: 200014,
    });

    const add = (body: unknown) => s.api('POST', '/wxaapi/newtmpl/addtemplate', body);
    const added = await add({ tid: '1001', kidList: [1, 2, 3], sceneDesc: '发货提醒' });
    expect(added).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(await add({ tid: '9999', kidList: [1, 2], sceneDesc: 'x' })).toMatchObject({ errcode: 200014 });
    expect(await add({ tid: '1001', kidList: [1], sceneDesc: 'x' })).toMatchObject({ errcode: 200020 });
    expect(await add({ tid: '1001', kidList: [1, 9], sceneDesc: 'x' })).toMatchObject({ errcode: 200020 });
    expect(await add({ tid: '1001', kidList: [1, 2], sceneDesc: '' })).toMatchObject({ errcode: 200021 });
    expect(
      await add({ tid: '1001', kidList: [1, 2], sceneDesc: '一二三四五六七八九十一二三四五六' }),
    ).toMatchObject({
      errcode: 200021,
    });
    const list = await s.api('GET', '/wxaapi/newtmpl/gettemplate');
    expect(list.data).toEqual([
      {
        priTmplId: added.priTmplId,
        title: '订单发货通知',
        content: '商品名称:{{thing1.DATA}}\n订单编号:{{character_string2.DATA}}\n发货时间:{{time3.DATA}}',
        example: '商品名称:儿童保温杯\n订单编号:SO20261121001\n发货时间:2026年11月21日 10:00',
        type: 2,
      },
    ]);
    for (let i = 1; i < 50; i++) await add({ tid: '2001', kidList: [1, 2], sceneDesc: '更新' });
    expect(await add({ tid: '2001', kidList: [1, 2], sceneDesc: '更新' })).toMatchObject({ errcode: 200012 });
    expect(await s.api('POST', '/wxaapi/newtmpl/deltemplate', { priTmplId: added.priTmplId })).toMatchObject({
      errcode: 0,
    });
    expect(await s.api('POST', '/wxaapi/newtmpl/deltemplate', { priTmplId: added.priTmplId })).toMatchObject({
      errcode: 40037,
    });
  });

  it('sends a one-time template once per acceptance, with the events WeChat pushes', async () => {
    const s = await setup();
    const tmpl = (
      await s.api('POST', '/wxaapi/newtmpl/addtemplate', {
        tid: '1001',
        kidList: [1, 2, 3],
        sceneDesc: '发货',
      })
    ).priTmplId as string;
    const send = (data: unknown = shipping) =>
      s.api('POST', '/cgi-bin/message/subscribe/bizsend', {
        touser: s.openid,
        template_id: tmpl,
        page: 'https://example.com/o/1',
        data,
      });
    expect(await send()).toMatchObject({ errcode: 43101 });

    const popup = await s.popup([{ template_id: tmpl, status: 'accept' }]);
    expect(popup.status).toBe(200);
    const popupPush = s.posts().at(-1)!;
    expect(popupPush).toContain('<Event><![CDATA[subscribe_msg_popup_event]]></Event>');
    expect(popupPush).toContain(`<TemplateId><![CDATA[${tmpl}]]></TemplateId>`);
    expect(popupPush).toContain('<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>');
    expect(popupPush).toContain('<PopupScene><![CDATA[2]]></PopupScene>');

    expect(
      await send({ ...shipping, thing1: { value: '这个商品名称实在是太长了超过了二十个字的限制啊' } }),
    ).toMatchObject({
      errcode: 47003,
    });
    expect(await send({ thing1: { value: '杯子' } })).toMatchObject({ errcode: 47003 });
    const sent = await send();
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'ok' });
    // The acceptance is used up.
    expect(await send()).toMatchObject({ errcode: 43101 });

    const feed = await s.feed();
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({
      msgtype: 'subscribe_notification',
      subscribe_notification: {
        title: '订单发货通知',
        url: 'https://example.com/o/1',
        rendered: [
          { text: '商品名称:儿童保温杯' },
          { text: '订单编号:SO20261121001' },
          { text: '发货时间:2026年11月21日 10:00' },
        ],
      },
    });
    await runDueJobs(p.ctx, { workerId: 'test' });
    const sentPush = s.posts().at(-1)!;
    expect(sentPush).toContain('<Event><![CDATA[subscribe_msg_sent_event]]></Event>');
    expect(sentPush).toContain(`<MsgID>${String(sent.msgid)}</MsgID>`);
    expect(sentPush).toContain('<ErrorCode><![CDATA[0]]></ErrorCode>');
  });

  it('keeps sending a long-term template until the follower turns it off in settings', async () => {
    const s = await setup();
    const tmpl = (
      await s.api('POST', '/wxaapi/newtmpl/addtemplate', {
        tid: '2001',
        kidList: [1, 3, 4],
        sceneDesc: '课程',
      })
    ).priTmplId as string;
    const data = {
      thing1: { value: 'Python 入门' },
      date3: { value: '2026年11月21日' },
      number4: { value: '12' },
    };
    const send = () =>
      s.api('POST', '/cgi-bin/message/subscribe/bizsend', { touser: s.openid, template_id: tmpl, data });
    await s.popup([{ template_id: tmpl, status: 'accept' }]);
    for (let i = 0; i < 3; i++) expect(await send()).toMatchObject({ errcode: 0 });
    const changed = await s.change(tmpl, 'reject');
    expect(changed.status).toBe(200);
    expect(s.posts().at(-1)).toContain('<Event><![CDATA[subscribe_msg_change_event]]></Event>');
    expect(s.posts().at(-1)).toContain('<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString>');
    expect(await send()).toMatchObject({ errcode: 43101 });
    expect(await s.feed()).toHaveLength(3);
    expect(
      await s.api('POST', '/cgi-bin/message/subscribe/bizsend', { touser: 'nope', template_id: tmpl, data }),
    ).toMatchObject({ errcode: 40003 });
    expect(
      await s.api('POST', '/cgi-bin/message/subscribe/bizsend', { touser: s.openid, template_id: 'x', data }),
    ).toMatchObject({ errcode: 40037 });
    expect((await s.popup([{ template_id: 'nope', status: 'accept' }])).status).toBe(404);
  });

  it('checks values against their keyword rules', () => {
    expect(ruleProblem('thing', '二十个字以内')).toBeNull();
    expect(ruleProblem('thing', '字'.repeat(21))).not.toBeNull();
    expect(ruleProblem('number', '12.5')).toBeNull();
    expect(ruleProblem('number', '12a')).not.toBeNull();
    expect(ruleProblem('phrase', '已发货')).toBeNull();
    expect(ruleProblem('phrase', 'shipped')).not.toBeNull();
    expect(ruleProblem('time', '15:01')).toBeNull();
    expect(ruleProblem('time', 'tomorrow')).not.toBeNull();
    expect(ruleProblem('date', '2019年10月1日')).toBeNull();
    expect(ruleProblem('amount', '88.00元')).toBeNull();
    expect(ruleProblem('amount', '八十八元')).not.toBeNull();
    expect(ruleProblem('character_string', 'SO-2026_01')).toBeNull();
    expect(ruleProblem('character_string', 'has space')).not.toBeNull();
  });
});
