/**
 * Pushes to a developer server and what the follower sees, end to end over
 * our follower API against a real HTTP developer server: signing and
 * encryption per mode, WeChat's 5 s × 3 tries rule (shortened here through
 * config), every way a reply can fail, and the delivery log.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { decryptMessage, encryptMessage, messageSignature } from '../../src/server/wechat/crypto.ts';
import { cdata, parseXml, xmlText } from '../../src/server/wechat/xml.ts';
import type { DeliveryBody, DispatchBody, FollowBody, MessageBody, PageBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

const TOKEN = 'gongzhongtest';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const NOTICE = '该公众号暂时无法提供服务，请稍后再试';
const TIMEOUT_MS = 400;

type Mode = 'plaintext' | 'compatible' | 'safe';

function sha1Sorted(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** A passive text reply as a developer would write it (swapped To/From). */
function textReply(account: AccountsTable, openid: string, content: string): string {
  return `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${account.original_id}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>${cdata(content)}</Content></xml>`;
}

/** An encrypted reply envelope the way node-webot builds one: millisecond TimeStamp, numeric Nonce. */
function encryptedReply(account: AccountsTable, xml: string, token = TOKEN): string {
  const encrypt = encryptMessage(AES_KEY, account.appid, xml);
  const timeStamp = String(Date.now());
  const nonce = '1351554359';
  const signature = messageSignature(token, timeStamp, nonce, encrypt);
  return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${timeStamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
}

describe.each(DIALECTS)('pushes to developer servers on %s', (dialect) => {
  let p: TestPlatform;
  const servers: DeveloperServer[] = [];

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { callbackTimeoutMs: TIMEOUT_MS, callbackTries: 3 });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await p.close();
  });

  async function connect(mode: Mode = 'plaintext') {
    const account = await buildAccount(p.ctx);
    const dev = await startDeveloperServer(TOKEN);
    servers.push(dev);
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: TOKEN,
      encoding_aes_key: AES_KEY,
      message_mode: mode,
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const user = await buildUser(p);
    const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    expect(follow.status).toBe(200);
    dev.received.length = 0;
    return { account, dev, user, openid: follow.body.follower.openid };
  }

  async function sendText(userId: string, appid: string, content: string) {
    return ownApi<DispatchBody>(p, 'POST', `/users/${userId}/accounts/${appid}/messages`, {
      msgtype: 'text',
      text: { content },
    });
  }

  async function conversation(userId: string, appid: string) {
    return (await ownApi<PageBody<MessageBody>>(p, 'GET', `/users/${userId}/accounts/${appid}/messages`)).body
      .items;
  }

  it('plaintext: signs the push, sends WeChat XML and delivers the passive reply', async () => {
    const { account, dev, user, openid } = await connect('plaintext');
    dev.onPost((req) => ({
      body: textReply(account, openid, `echo: ${xmlText(parseXml(req.body), 'Content')}`),
    }));

    const sent = await sendText(user.id, account.appid, '你好 ]]> <b>&');
    expect(sent.status).toBe(200);
    expect(dev.received).toHaveLength(1);
    const push = dev.received[0]!;
    expect(push.method).toBe('POST');
    expect(push.headers['content-type']).toBe('text/xml');
    const q = push.query;
    expect(q.get('signature')).toBe(sha1Sorted(TOKEN, q.get('timestamp')!, q.get('nonce')!));
    expect(q.get('timestamp')).toMatch(/^\d{10}$/);
    expect(q.get('nonce')).toMatch(/^\d+$/);
    expect(q.get('openid')).toBe(openid);
    expect(q.has('encrypt_type')).toBe(false);
    expect(q.has('msg_signature')).toBe(false);

    // Exact element names, CDATA strings, bare numbers, a 17-digit MsgId, and the ]]> split.
    expect(push.body).toMatch(
      new RegExp(
        `^<xml><ToUserName><!\\[CDATA\\[${account.original_id}\\]\\]></ToUserName><FromUserName><!\\[CDATA\\[${openid}\\]\\]></FromUserName><CreateTime>\\d{10}</CreateTime><MsgType><!\\[CDATA\\[text\\]\\]></MsgType><Content><!\\[CDATA\\[你好 \\]\\]\\]\\]><!\\[CDATA\\[> <b>&\\]\\]></Content><MsgId>\\d{17}</MsgId></xml>$`,
      ),
    );
    const parsed = parseXml(push.body);
    expect(xmlText(parsed, 'Content')).toBe('你好 ]]> <b>&');
    expect(xmlText(parsed, 'MsgId')).toBe(sent.body.message!.msg_id);
    expect(Number(xmlText(parsed, 'MsgId'))).toBeGreaterThan(2 ** 53);

    expect(sent.body.delivery).toMatchObject({ outcome: 'replied', attempt_count: 1, error: null });
    expect(sent.body.replies).toHaveLength(1);
    expect(sent.body.replies[0]).toMatchObject({
      direction: 'out',
      source: 'passive_reply',
      msgtype: 'text',
      text: { content: 'echo: 你好 ]]> <b>&' },
    });
    const convo = await conversation(user.id, account.appid);
    expect(convo.map((m) => [m.direction, m.msgtype])).toEqual([
      ['out', 'text'],
      ['in', 'text'],
    ]);
  });

  it('safe mode: the body holds only ToUserName and Encrypt, both signatures are sent, replies must be encrypted', async () => {
    const { account, dev, user, openid } = await connect('safe');
    dev.onPost((req) => {
      const inner = decryptMessage(AES_KEY, account.appid, xmlText(parseXml(req.body), 'Encrypt')!);
      return {
        body: encryptedReply(
          account,
          textReply(account, openid, `safe: ${xmlText(parseXml(inner), 'Content')}`),
        ),
      };
    });
    const sent = await sendText(user.id, account.appid, 'secret');
    const push = dev.received[0]!;
    const outer = parseXml(push.body);
    expect(Object.keys(outer)).toEqual(['ToUserName', 'Encrypt']);
    const encrypt = xmlText(outer, 'Encrypt')!;
    expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
    const q = push.query;
    expect(q.get('encrypt_type')).toBe('aes');
    expect(q.get('msg_signature')).toBe(sha1Sorted(TOKEN, q.get('timestamp')!, q.get('nonce')!, encrypt));
    expect(q.get('signature')).toBe(sha1Sorted(TOKEN, q.get('timestamp')!, q.get('nonce')!));
    expect(sent.body.replies[0]).toMatchObject({ msgtype: 'text', text: { content: 'safe: secret' } });

    // A plaintext reply is refused in safe mode: the follower sees the notice.
    dev.onPost(() => ({ body: textReply(account, openid, 'in the clear') }));
    const refused = await sendText(user.id, account.appid, 'again');
    expect(refused.body.delivery).toMatchObject({ outcome: 'failed' });
    expect(refused.body.delivery!.error).toMatch(/safe mode requires an encrypted reply/);
    expect(refused.body.replies).toMatchObject([
      { source: 'system_notice', msgtype: 'notice', notice: { content: NOTICE } },
    ]);

    // A forged MsgSignature is refused too, with the reason recorded.
    dev.onPost(() => ({ body: encryptedReply(account, textReply(account, openid, 'x'), 'othertoken') }));
    const forged = await sendText(user.id, account.appid, 'forged');
    expect(forged.body.delivery!.error).toMatch(/MsgSignature does not match/);
  });

  it('compatible mode sends the plaintext fields plus Encrypt, and accepts either kind of reply', async () => {
    const { account, dev, user, openid } = await connect('compatible');
    dev.onPost(() => ({ body: textReply(account, openid, 'plain ok') }));
    const sent = await sendText(user.id, account.appid, 'hello');
    const outer = parseXml(dev.received[0]!.body);
    expect(xmlText(outer, 'Content')).toBe('hello');
    expect(decryptMessage(AES_KEY, account.appid, xmlText(outer, 'Encrypt')!)).toContain(
      '<Content><![CDATA[hello]]></Content>',
    );
    expect(sent.body.replies[0]).toMatchObject({ text: { content: 'plain ok' } });
    dev.onPost(() => ({ body: encryptedReply(account, textReply(account, openid, 'cipher ok')) }));
    expect((await sendText(user.id, account.appid, 'again')).body.replies[0]).toMatchObject({
      text: { content: 'cipher ok' },
    });
  });

  it('plaintext mode accepts an encrypted reply (node-easywechat habit), and an envelope around nothing is no reply', async () => {
    const { account, dev, user, openid } = await connect('plaintext');
    dev.onPost(() => ({ body: encryptedReply(account, textReply(account, openid, 'wrapped')) }));
    expect((await sendText(user.id, account.appid, 'x')).body.replies[0]).toMatchObject({
      text: { content: 'wrapped' },
    });
    dev.onPost(() => ({ body: encryptedReply(account, '') }));
    const empty = await sendText(user.id, account.appid, 'y');
    expect(empty.body.delivery).toMatchObject({ outcome: 'no_reply' });
    expect(empty.body.replies).toEqual([]);
  });

  it('retries a server that does not answer, with the identical request, and succeeds on the third try', async () => {
    const { account, dev, user, openid } = await connect();
    dev.onPost((_req, i) => (i < 2 ? 'hang' : { body: textReply(account, openid, 'third time') }));
    const sent = await sendText(user.id, account.appid, 'retry me');
    expect(dev.received).toHaveLength(3);
    expect(new Set(dev.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(dev.received.map((r) => r.url.search)).size).toBe(1);
    expect(sent.body.delivery).toMatchObject({ outcome: 'replied', attempt_count: 3 });
    expect(sent.body.replies[0]).toMatchObject({ text: { content: 'third time' } });

    const logged = await ownApi<DeliveryBody>(p, 'GET', `/deliveries/${sent.body.delivery!.id}`);
    expect(logged.body.attempts!.map((a) => a.outcome)).toEqual(['timeout', 'timeout', 'reply']);
    expect(logged.body.attempts![0]!.duration_ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(logged.body.attempts![0]!.response).toBeNull();
    expect(logged.body.attempts![2]!.response).toMatchObject({ status: 200 });
    expect(logged.body.attempts![2]!.request.body).toBe(dev.received[0]!.body);
  });

  it('after three silent tries the follower sees WeChat’s notice and the reason is recorded', async () => {
    const { account, dev, user } = await connect();
    dev.onPost(() => 'hang');
    const sent = await sendText(user.id, account.appid, 'anyone?');
    expect(dev.received).toHaveLength(3);
    expect(sent.body.delivery).toMatchObject({ outcome: 'failed', attempt_count: 3 });
    expect(sent.body.delivery!.error).toMatch(/within 400 ms/);
    expect(sent.body.replies).toMatchObject([{ msgtype: 'notice', notice: { content: NOTICE } }]);
    const convo = await conversation(user.id, account.appid);
    expect(convo[0]).toMatchObject({ source: 'system_notice', notice: { content: NOTICE } });
  });

  it('"success" and an empty body mean no reply: nothing shown, no retry', async () => {
    const { account, dev, user } = await connect();
    for (const body of ['success', '', '  success\n']) {
      dev.received.length = 0;
      dev.onPost(() => ({ body }));
      const sent = await sendText(user.id, account.appid, `body ${JSON.stringify(body)}`);
      expect(dev.received).toHaveLength(1);
      expect(sent.body.delivery).toMatchObject({ outcome: 'no_reply', error: null });
      expect(sent.body.replies).toEqual([]);
    }
  });

  it('refuses bad answers with a reason each: 4xx (final), 5xx (retried), JSON, garbage, XML bombs, wrong recipient, unknown MsgType', async () => {
    const { account, dev, user, openid } = await connect();
    const cases: { answer: { status?: number; body: string }; tries: number; error: RegExp }[] = [
      { answer: { status: 404, body: 'not here' }, tries: 1, error: /HTTP 404/ },
      { answer: { status: 502, body: 'bad gateway' }, tries: 3, error: /HTTP 502/ },
      { answer: { body: '{"errcode":0}' }, tries: 1, error: /not WeChat XML/ },
      { answer: { body: '\u0000\u0001garbage' }, tries: 1, error: /not WeChat XML/ },
      {
        answer: {
          body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;</Content></xml>',
        },
        tries: 1,
        error: /DOCTYPE/,
      },
      {
        answer: { body: textReply(account, 'oSomeoneElse000000000000000', 'hi') },
        tries: 1,
        error: /ToUserName/,
      },
      {
        answer: { body: `<xml><ToUserName>${openid}</ToUserName><MsgType>event</MsgType></xml>` },
        tries: 1,
        error: /MsgType event cannot be a passive reply/,
      },
      { answer: { body: `<xml><MsgType>text</MsgType></xml>` }, tries: 1, error: /needs Content/ },
    ];
    for (const c of cases) {
      dev.received.length = 0;
      dev.onPost(() => c.answer);
      const sent = await sendText(user.id, account.appid, 'judge this');
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(dev.received.length, String(c.error)).toBe(c.tries);
      expect(sent.body.delivery!.outcome, String(c.error)).toBe('failed');
      expect(sent.body.delivery!.error).toMatch(c.error);
      expect(sent.body.replies).toMatchObject([{ notice: { content: NOTICE } }]);
    }
    expect((await ownApi(p, 'GET', '/health')).status).toBe(200);
  });

  it('reads replies leniently: any element order, escaped text without CDATA, millisecond CreateTime', async () => {
    const { account, dev, user, openid } = await connect();
    dev.onPost(() => ({
      body: `\n<xml>\n  <Content>a &amp; b</Content>\n  <MsgType>text</MsgType>\n  <CreateTime>${Date.now()}</CreateTime>\n  <FromUserName>${account.original_id}</FromUserName>\n  <ToUserName>${openid}</ToUserName>\n</xml>\n`,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
    }));
    const sent = await sendText(user.id, account.appid, 'lenient');
    expect(sent.body.replies[0]).toMatchObject({ msgtype: 'text', text: { content: 'a & b' } });
  });

  it('news replies: one article for a message, up to 8 for an event, nothing at all above 10', async () => {
    const { account, dev, user, openid } = await connect();
    const news = (n: number) =>
      `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${account.original_id}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[news]]></MsgType><ArticleCount>${n}</ArticleCount><Articles>${Array.from(
        { length: n },
        (_, i) =>
          `<item><Title><![CDATA[T${i}]]></Title><Description><![CDATA[D${i}]]></Description><PicUrl><![CDATA[http://x/p${i}.jpg]]></PicUrl><Url><![CDATA[http://x/${i}]]></Url></item>`,
      ).join('')}</Articles></xml>`;
    dev.onPost(() => ({ body: news(9) }));
    const byMessage = await sendText(user.id, account.appid, 'news please');
    expect(byMessage.body.replies[0]).toMatchObject({
      msgtype: 'news',
      news: { articles: [{ title: 'T0', description: 'D0', url: 'http://x/0', picurl: 'http://x/p0.jpg' }] },
    });
    const byEvent = await ownApi<DispatchBody>(
      p,
      'POST',
      `/users/${user.id}/accounts/${account.appid}/menu-events`,
      {
        event: 'CLICK',
        key: 'NEWS',
      },
    );
    expect((byEvent.body as unknown as { event: DispatchBody }).event.replies[0]!.news).toMatchObject({
      articles: expect.any(Array) as unknown,
    });
    expect(
      ((byEvent.body as unknown as { event: DispatchBody }).event.replies[0]!.news as { articles: unknown[] })
        .articles,
    ).toHaveLength(8);
    dev.onPost(() => ({ body: news(11) }));
    const tooMany = await sendText(user.id, account.appid, 'too many');
    expect(tooMany.body.delivery).toMatchObject({ outcome: 'failed' });
    expect(tooMany.body.delivery!.error).toMatch(/at most 10 articles/);
    expect(tooMany.body.replies).toEqual([]);
  });

  it('a hanging developer server does not hold up other accounts', async () => {
    const slow = await connect();
    const fast = await connect();
    slow.dev.onPost(() => 'hang');
    fast.dev.onPost(() => ({ body: textReply(fast.account, fast.openid, 'quick') }));
    let slowDone = false;
    const slowSend = sendText(slow.user.id, slow.account.appid, 'slow').finally(() => (slowDone = true));
    const quick = await sendText(fast.user.id, fast.account.appid, 'fast');
    expect(quick.body.replies[0]).toMatchObject({ text: { content: 'quick' } });
    // The slow push needs three full deadlines; the quick one must not wait for any of them.
    expect(slowDone).toBe(false);
    expect((await slowSend).body.delivery).toMatchObject({ outcome: 'failed' });
  });

  it('an oversized answer fails the push without reading it all', async () => {
    const small = await createTestPlatform(dialect, {
      callbackTimeoutMs: 2000,
      callbackMaxResponseBytes: 4096,
    });
    try {
      const account = await buildAccount(small.ctx);
      const dev = await startDeveloperServer(TOKEN);
      servers.push(dev);
      await ownApi(small, 'PUT', `/accounts/${account.appid}/developer`, { url: dev.url, token: TOKEN });
      const user = await buildUser(small);
      await ownApi(small, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
      dev.onPost(() => ({ body: 'x'.repeat(100_000) }));
      const sent = await ownApi<DispatchBody>(
        small,
        'POST',
        `/users/${user.id}/accounts/${account.appid}/messages`,
        {
          msgtype: 'text',
          text: { content: 'big?' },
        },
      );
      expect(sent.body.delivery).toMatchObject({ outcome: 'failed' });
      expect(sent.body.delivery!.error).toMatch(/larger than 4096 bytes/);
    } finally {
      await small.close();
    }
  });

  it('the delivery log filters by outcome and follower, and replays a delivery with the same XML', async () => {
    const { account, dev, user, openid } = await connect();
    dev.onPost(() => ({ status: 500, body: 'down' }));
    const failed = await sendText(user.id, account.appid, 'first');
    dev.onPost(() => ({ body: textReply(account, openid, 'back up') }));
    await sendText(user.id, account.appid, 'second');

    const onlyFailed = await ownApi<PageBody<DeliveryBody>>(
      p,
      'GET',
      `/accounts/${account.appid}/deliveries?outcome=failed`,
    );
    expect(onlyFailed.body.items.map((d) => d.id)).toEqual([failed.body.delivery!.id]);
    const mine = await ownApi<PageBody<DeliveryBody>>(
      p,
      'GET',
      `/accounts/${account.appid}/deliveries?openid=${openid}&limit=2`,
    );
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items[0]!.outcome).toBe('replied');
    const none = await ownApi<PageBody<DeliveryBody>>(
      p,
      'GET',
      `/accounts/${account.appid}/deliveries?openid=nobody`,
    );
    expect(none.body.items).toEqual([]);

    dev.received.length = 0;
    const replay = await ownApi<{ delivery: DeliveryBody; replies: MessageBody[] }>(
      p,
      'POST',
      `/deliveries/${failed.body.delivery!.id}/replay`,
    );
    expect(replay.status).toBe(200);
    expect(replay.body.delivery).toMatchObject({ outcome: 'replied', replay_of: failed.body.delivery!.id });
    expect(dev.received[0]!.body).toBe(failed.body.delivery!.request_xml);
    expect(replay.body.replies[0]).toMatchObject({ text: { content: 'back up' } });

    expect((await ownApi(p, 'GET', '/deliveries/dlv_nope')).status).toBe(404);
    expect((await ownApi(p, 'POST', '/deliveries/dlv_nope/replay')).body.code).toBe('DELIVERY_NOT_FOUND');
  });

  it('keeps the delivery log within its cap', async () => {
    const capped = await createTestPlatform(dialect, { deliveryLogLimit: 10 });
    try {
      const account = await buildAccount(capped.ctx);
      const dev = await startDeveloperServer(TOKEN);
      servers.push(dev);
      await ownApi(capped, 'PUT', `/accounts/${account.appid}/developer`, { url: dev.url, token: TOKEN });
      const user = await buildUser(capped);
      await ownApi(capped, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
      for (let i = 0; i < 14; i++)
        await ownApi(capped, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, {
          msgtype: 'text',
          text: { content: `m${i}` },
        });
      // Pruning runs after the response; read once it has settled.
      await expect
        .poll(async () => (await capped.ctx.db.selectFrom('deliveries').select('id').execute()).length)
        .toBeLessThanOrEqual(10);
      const attempts = await capped.ctx.db.selectFrom('delivery_attempts').select('delivery_id').execute();
      expect(attempts.length).toBeLessThanOrEqual(10);
      // The conversation itself is not pruned.
      expect((await capped.ctx.db.selectFrom('messages').select('id').execute()).length).toBe(14);
    } finally {
      await capped.close();
    }
  });
});
