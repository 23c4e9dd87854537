/**
 * Template messages (§9) over HTTP on both databases: industries (40102,
 * 43100 and the month that lifts it), library templates (40037, 45026,
 * 45027), sending into the follower's service-notifications feed rendered
 * from the template, client_msg_id de-duplication, every send errcode, the
 * follower turning notifications off, TEMPLATESENDJOBFINISH at a real
 * developer server, and the wechat-api SDK.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import type { FollowBody, MessageBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}
type FeedItem = MessageBody & {
  account_name: string;
  template?: { title: string; url: string; rendered: { text: string; color?: string }[] };
};

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

describe.each(DIALECTS)('template messages on %s', (dialect) => {
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
    let token = await fetchToken(p, account);
    const user = await buildUser(p);
    const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    const api = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<WechatBody> => {
      const res = await p.app.inject({
        method,
        url: `${url}?access_token=${token}`,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      expect(res.statusCode).toBe(200);
      return res.json<WechatBody>();
    };
    return {
      account,
      user,
      openid: follow.body.follower.openid,
      api,
      refreshToken: async () => {
        token = await fetchToken(p, account);
      },
      feed: async () =>
        (await ownApi<{ items: FeedItem[] }>(p, 'GET', `/users/${user.id}/notifications`)).body.items,
      /** Industry 1 (e-commerce) and TM00015, ready to send. */
      ready: async (): Promise<string> => {
        await api('POST', '/cgi-bin/template/api_set_industry', { industry_id1: '1', industry_id2: '4' });
        return (await api('POST', '/cgi-bin/template/api_add_template', { template_id_short: 'TM00015' }))
          .template_id as string;
      },
    };
  }

  const data = {
    first: { value: '我们已收到您的货款', color: '#173177' },
    orderMoneySum: { value: '30.00元' },
    orderProductName: { value: '保温杯' },
    Remark: { value: '感谢惠顾' },
  };

  it('sets industries by id, refuses unknown ids and a second change within a month', async () => {
    const s = await setup();
    expect(await s.api('GET', '/cgi-bin/template/get_industry')).toEqual({
      primary_industry: { first_class: '', second_class: '' },
      secondary_industry: { first_class: '', second_class: '' },
    });
    expect(
      await s.api('POST', '/cgi-bin/template/api_set_industry', { industry_id1: '1', industry_id2: 4 }),
    ).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(await s.api('GET', '/cgi-bin/template/get_industry')).toEqual({
      primary_industry: { first_class: 'IT科技', second_class: '互联网|电子商务' },
      secondary_industry: { first_class: 'IT科技', second_class: '电子技术' },
    });
    expect(
      await s.api('POST', '/cgi-bin/template/api_set_industry', { industry_id1: '99', industry_id2: '1' }),
    ).toMatchObject({
      errcode: 40102,
    });
    // The same pair again is no change.
    expect(
      await s.api('POST', '/cgi-bin/template/api_set_industry', { industry_id1: 1, industry_id2: 4 }),
    ).toMatchObject({
      errcode: 0,
    });
    expect(
      await s.api('POST', '/cgi-bin/template/api_set_industry', { industry_id1: 7, industry_id2: 4 }),
    ).toMatchObject({
      errcode: 43100,
    });
    await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 30 * 24 * 3600 });
    await s.refreshToken();
    expect(
      await s.api('POST', '/cgi-bin/template/api_set_industry', { industry_id1: 7, industry_id2: 4 }),
    ).toMatchObject({
      errcode: 0,
    });
  });

  it('adds library templates of its industries, up to 25, lists and deletes them', async () => {
    const s = await setup();
    expect(
      await s.api('POST', '/cgi-bin/template/api_add_template', { template_id_short: 'TM00015' }),
    ).toMatchObject({
      errcode: 45027,
    });
    const first = await s.ready();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(
      await s.api('POST', '/cgi-bin/template/api_add_template', { template_id_short: 'TM99999' }),
    ).toMatchObject({
      errcode: 40037,
    });
    expect(
      await s.api('POST', '/cgi-bin/template/api_add_template', { template_id_short: 'OPENTM200750417' }),
    ).toMatchObject({ errcode: 45027 });
    const list = (await s.api('GET', '/cgi-bin/template/get_all_private_template')) as {
      template_list: { template_id: string; title: string; primary_industry: string; content: string }[];
    };
    expect(list.template_list).toEqual([
      expect.objectContaining({
        template_id: first,
        title: '订单支付成功',
        primary_industry: 'IT科技',
        deputy_industry: '互联网|电子商务',
      }),
    ]);
    expect(list.template_list[0]!.content).toContain('{{orderMoneySum.DATA}}');
    for (let i = 1; i < 25; i++)
      expect(
        await s.api('POST', '/cgi-bin/template/api_add_template', { template_id_short: 'TM00015' }),
      ).toMatchObject({ errcode: 0 });
    expect(
      await s.api('POST', '/cgi-bin/template/api_add_template', { template_id_short: 'TM00015' }),
    ).toMatchObject({
      errcode: 45026,
    });
    expect(await s.api('POST', '/cgi-bin/template/del_private_template', { template_id: first })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(
      await s.api('POST', '/cgi-bin/template/del_private_template', { template_id: first }),
    ).toMatchObject({
      errcode: 40037,
    });
  });

  it('sends into the service-notifications feed, rendered, and tells the developer server how it ended', async () => {
    const s = await setup();
    const templateId = await s.ready();
    const dev = await startDeveloperServer('tpltoken');
    servers.push(dev);
    await ownApi(p, 'PUT', `/accounts/${s.account.appid}/developer`, {
      url: dev.url,
      token: 'tpltoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    dev.received.length = 0;

    const sent = await s.api('POST', '/cgi-bin/message/template/send', {
      touser: s.openid,
      template_id: templateId,
      url: 'https://example.com/order/1',
      miniprogram: { appid: 'wx1234567890abcdef', path: 'pages/order' },
      data,
    });
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(typeof sent.msgid).toBe('number');

    const feed = await s.feed();
    expect(feed).toHaveLength(1);
    expect(feed[0]).toMatchObject({
      msgtype: 'template',
      source: 'notification',
      appid: s.account.appid,
      account_name: s.account.name,
      template: {
        title: '订单支付成功',
        url: 'https://example.com/order/1',
        miniprogram: { appid: 'wx1234567890abcdef', pagepath: 'pages/order' },
      },
    });
    expect(feed[0]!.template!.rendered).toEqual([
      { text: '我们已收到您的货款', color: '#173177' },
      { text: '' },
      { text: '支付金额：30.00元' },
      { text: '商品信息：保温杯' },
      { text: '感谢惠顾' },
    ]);
    // Not in the chat: notifications have their own feed.
    const chat = await ownApi<{ items: MessageBody[] }>(
      p,
      'GET',
      `/users/${s.user.id}/accounts/${s.account.appid}/messages`,
    );
    expect(chat.body.items.some((m) => m.source === 'notification')).toBe(false);

    expect(dev.received.filter((r) => r.method === 'POST')).toHaveLength(0);
    await runDueJobs(p.ctx, { workerId: 'test' });
    const pushes = dev.received.filter((r) => r.method === 'POST');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.body).toContain('<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>');
    expect(pushes[0]!.body).toContain(`<MsgID>${String(sent.msgid)}</MsgID>`);
    expect(pushes[0]!.body).toContain('<Status><![CDATA[success]]></Status>');

    // The follower turns the account's notifications off: the send "succeeds", nothing arrives, the job says why.
    await ownApi(p, 'PUT', `/users/${s.user.id}/accounts/${s.account.appid}/notification-settings`, {
      blocked: true,
    });
    dev.received.length = 0;
    expect(
      await s.api('POST', '/cgi-bin/message/template/send', {
        touser: s.openid,
        template_id: templateId,
        data,
      }),
    ).toMatchObject({ errcode: 0 });
    expect(await s.feed()).toHaveLength(1);
    await runDueJobs(p.ctx, { workerId: 'test' });
    expect(dev.received.find((r) => r.method === 'POST')!.body).toContain(
      '<Status><![CDATA[failed:user block]]></Status>',
    );
  });

  it('sends a client_msg_id once, and answers 40003, 40037, 43004, 43019 and 47003', async () => {
    const s = await setup();
    const templateId = await s.ready();
    const body = { touser: s.openid, template_id: templateId, client_msg_id: 'order-1-paid', data };
    const a = await s.api('POST', '/cgi-bin/message/template/send', body);
    const b = await s.api('POST', '/cgi-bin/message/template/send', body);
    expect(b.msgid).toBe(a.msgid);
    expect(await s.feed()).toHaveLength(1);

    const send = (extra: Record<string, unknown>) =>
      s.api('POST', '/cgi-bin/message/template/send', {
        touser: s.openid,
        template_id: templateId,
        data,
        ...extra,
      });
    expect(await send({ touser: 'nope' })).toMatchObject({ errcode: 40003 });
    expect(await send({ template_id: 'unknown' })).toMatchObject({ errcode: 40037 });
    expect(await send({ data: { first: { value: 'x', color: 'blue' } } })).toMatchObject({ errcode: 47003 });
    expect(await send({ data: { first: { value: '长'.repeat(201) } } })).toMatchObject({ errcode: 47003 });
    expect(await send({ data: 'not an object' })).toMatchObject({ errcode: 47001 });
    await s.api('POST', '/cgi-bin/tags/members/batchblacklist', { openid_list: [s.openid] });
    expect(await send({})).toMatchObject({ errcode: 43019 });
    await s.api('POST', '/cgi-bin/tags/members/batchunblacklist', { openid_list: [s.openid] });
    await ownApi(p, 'DELETE', `/users/${s.user.id}/follows/${s.account.appid}`);
    expect(await send({})).toMatchObject({ errcode: 43004 });
    expect(await s.feed()).toHaveLength(1);
  });

  it('is for verified service accounts only (48001)', async () => {
    const account = await buildAccount(p.ctx, { type: 'subscription' });
    const token = await fetchToken(p, account);
    const res = await p.app.inject({
      method: 'GET',
      url: `/cgi-bin/template/get_industry?access_token=${token}`,
    });
    expect(res.json()).toMatchObject({ errcode: 48001 });
  });

  it('serves the wechat-api SDK: setIndustry, addTemplate, getAllPrivateTemplate, sendTemplate', async () => {
    const s = await setup();
    await p.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
    const { port } = p.app.server.address() as AddressInfo;
    const api = new WechatAPI(s.account.appid, s.account.appsecret);
    api.endpoint = `http://127.0.0.1:${port}`;
    await call((cb) => api.setIndustry({ industry_id1: '1', industry_id2: '2' }, cb));
    const industry = await call<{ primary_industry: { second_class: string } }>((cb) => api.getIndustry(cb));
    expect(industry.primary_industry.second_class).toBe('互联网|电子商务');
    const added = await call<{ template_id: string }>((cb) => api.addTemplate('TM00015', cb));
    const all = await call<{ template_list: { template_id: string }[] }>((cb) =>
      api.getAllPrivateTemplate(cb),
    );
    expect(all.template_list.map((t) => t.template_id)).toEqual([added.template_id]);
    const sent = await call<{ msgid: number }>((cb) =>
      api.sendTemplate(s.openid, added.template_id, 'https://example.com', data, cb),
    );
    expect(typeof sent.msgid).toBe('number');
    expect((await s.feed())[0]!.template!.title).toBe('订单支付成功');
    await call((cb) => api.delPrivateTemplate(added.template_id, cb));
  });
});
