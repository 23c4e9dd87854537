/**
 * Tapping an option of a customer-service menu message (菜单消息): the
 * follower API takes the option's id, only for an option of a msgmenu this
 * follower received from the account; the developer server gets WeChat's
 * text push with `<bizmsgmenuid>` after MsgId; the conversation keeps it;
 * the node-webot `wechat` middleware parses it as a developer's server would.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import wechat from 'wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { DispatchBody, MessageBody, PageBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, fetchToken, ownApi, type ApiError } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

const TOKEN = 'menutaptoken';
const MENU = {
  head_content: '您对本次服务是否满意呢？',
  list: [
    { id: '101', content: '满意' },
    { id: '102', content: '不满意' },
  ],
  tail_content: '欢迎再次光临',
};

/** The `wechat` middleware on a bare node:http server: what the SDK parsed from each push. */
async function startSdkServer(): Promise<{ url: string; parsed: wechat.Message[]; close(): Promise<void> }> {
  const parsed: wechat.Message[] = [];
  const middleware = wechat(TOKEN, (req, res) => {
    parsed.push(req.weixin!);
    res.reply('');
  });
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    middleware(Object.assign(req, { query: Object.fromEntries(url.searchParams) }), res, () => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`,
    parsed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

describe.each(DIALECTS)('menu message taps on %s', (dialect) => {
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

  /** An account pushing to `url`, a follower who wrote to it, and the menu message it sent them. */
  async function followerWithMenu(url: string, menu: object = MENU) {
    const account: AccountsTable = await buildAccount(p.ctx);
    expect(
      (await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, { url, token: TOKEN })).status,
    ).toBe(200);
    const user = await buildUser(p);
    expect((await ownApi(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {})).status).toBe(200);
    // Writing first opens the service window message/custom/send needs.
    await tap(user.id, account.appid, { msgtype: 'text', text: { content: '你好' } });
    const token = await fetchToken(p, account);
    const sent = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/custom/send?access_token=${token}`,
      payload: { touser: await openidOf(user.id, account.appid), msgtype: 'msgmenu', msgmenu: menu },
    });
    expect(sent.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    return { account, user };
  }

  async function openidOf(userId: string, appid: string): Promise<string> {
    const follows = await ownApi<{ items: { appid: string; openid: string }[] }>(
      p,
      'GET',
      `/users/${userId}/follows`,
    );
    return follows.body.items.find((f) => f.appid === appid)!.openid;
  }

  const tap = (userId: string, appid: string, body: object) =>
    ownApi<DispatchBody & ApiError>(p, 'POST', `/users/${userId}/accounts/${appid}/messages`, body);

  it('pushes the tapped option as a text with bizmsgmenuid after MsgId, and keeps it in the conversation', async () => {
    const { account, user } = await followerWithMenu(dev.url);
    const from = dev.received.length;
    const res = await tap(user.id, account.appid, {
      msgtype: 'text',
      text: { content: '满意', bizmsgmenuid: '101' },
    });
    expect(res.status).toBe(200);
    const pushes = dev.received.slice(from).filter((r) => r.method === 'POST');
    expect(pushes).toHaveLength(1);
    const openid = await openidOf(user.id, account.appid);
    expect(pushes[0]!.body).toMatch(
      new RegExp(
        `^<xml><ToUserName><!\\[CDATA\\[${account.original_id}\\]\\]></ToUserName>` +
          `<FromUserName><!\\[CDATA\\[${openid}\\]\\]></FromUserName><CreateTime>\\d+</CreateTime>` +
          '<MsgType><!\\[CDATA\\[text\\]\\]></MsgType><Content><!\\[CDATA\\[满意\\]\\]></Content>' +
          '<MsgId>\\d{17,}</MsgId><bizmsgmenuid>101</bizmsgmenuid></xml>$',
      ),
    );

    const conversation = await ownApi<PageBody<MessageBody>>(
      p,
      'GET',
      `/users/${user.id}/accounts/${account.appid}/messages`,
    );
    expect(conversation.body.items[0]).toMatchObject({
      direction: 'in',
      msgtype: 'text',
      text: { content: '满意', bizmsgmenuid: '101' },
    });
  });

  it('refuses an option no menu message offered this follower, with a clear code', async () => {
    const { account, user } = await followerWithMenu(dev.url);
    const from = dev.received.length;
    const cases = [
      { content: '满意', bizmsgmenuid: '999' },
      // The id exists, but with another text.
      { content: '不满意', bizmsgmenuid: '101' },
    ];
    for (const text of cases) {
      const res = await tap(user.id, account.appid, { msgtype: 'text', text });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MSGMENU_OPTION_UNKNOWN');
      expect(res.body.message).toContain(`bizmsgmenuid ${text.bizmsgmenuid}`);
    }

    // Another follower of the same account never received that menu.
    const other = await buildUser(p);
    await ownApi(p, 'PUT', `/users/${other.id}/follows/${account.appid}`, {});
    const stranger = await tap(other.id, account.appid, {
      msgtype: 'text',
      text: { content: '满意', bizmsgmenuid: '101' },
    });
    expect(stranger.body.code).toBe('MSGMENU_OPTION_UNKNOWN');

    // Nor does a menu from another account count.
    const elsewhere = await buildAccount(p.ctx);
    await ownApi(p, 'PUT', `/users/${user.id}/follows/${elsewhere.appid}`, {});
    const wrongAccount = await tap(user.id, elsewhere.appid, {
      msgtype: 'text',
      text: { content: '满意', bizmsgmenuid: '101' },
    });
    expect(wrongAccount.body.code).toBe('MSGMENU_OPTION_UNKNOWN');

    // Only the other follower's subscribe reached the developer: no refused tap was pushed.
    const pushed = dev.received.slice(from).filter((r) => r.method === 'POST');
    expect(pushed.map((r) => /<MsgType><!\[CDATA\[(\w+)\]\]>/.exec(r.body)?.[1])).toEqual(['event']);
  });

  it('reaches the node-webot wechat middleware as a text message with bizmsgmenuid', async () => {
    const sdk = await startSdkServer();
    try {
      const { account, user } = await followerWithMenu(sdk.url);
      const from = sdk.parsed.length;
      const res = await tap(user.id, account.appid, {
        msgtype: 'text',
        text: { content: '不满意', bizmsgmenuid: '102' },
      });
      expect(res.status).toBe(200);
      expect(sdk.parsed.slice(from)).toEqual([
        expect.objectContaining({
          ToUserName: account.original_id,
          FromUserName: await openidOf(user.id, account.appid),
          MsgType: 'text',
          Content: '不满意',
          bizmsgmenuid: '102',
          MsgId: expect.stringMatching(/^\d{17,}$/) as unknown,
        }),
      ]);
    } finally {
      await sdk.close();
    }
  });
});
