/**
 * Customer-service sessions (§7.4–§7.5, §4.6, §5) end to end over HTTP: a
 * real developer server answers transfer_customer_service, the follower
 * waits (getwaitcase), an agent claims them through our API,
 * kf_create_session reaches the developer server, the follower's messages
 * go to the agent (not the developer) while the session lives, the agent's
 * reply reaches the conversation, closing pushes kf_close_session, and the
 * chat record shows it all with WeChat's opercodes. Also TransInfo to a
 * named agent, kfsession/* through the wechat-api SDK with their errcodes,
 * transfers (kf_switch_session), the service window for agents and the
 * 30-minute lapse of forwarding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { MessageBody } from '../helpers/api-types.ts';
import type { Received } from '../helpers/developer-server.ts';
import { ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { advance, call, kfAccountSetup, sdkErrcode, sdkFor } from './kf-helpers.ts';

interface DispatchBody {
  message: MessageBody | null;
  delivery: { outcome: string } | null;
  replies: MessageBody[];
  customer_service?: { status: string; kf_account: string | null };
}

interface RecordsPage {
  recordlist: { openid: string; opercode: number; text: string; time: number; worker: string }[];
  number: number;
  msgid: number;
}

interface SessionBody {
  openid: string;
  status: string;
  kf_account: string | null;
}

/** A transfer_customer_service reply, optionally to one kf account. */
function transferReply(account: AccountsTable, openid: string, kfAccount?: string): string {
  const trans = kfAccount ? `<TransInfo><KfAccount><![CDATA[${kfAccount}]]></KfAccount></TransInfo>` : '';
  return `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${account.original_id}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[transfer_customer_service]]></MsgType>${trans}</xml>`;
}

/** The Event of a push, or its MsgType for messages. */
function kindOf(r: Received): string {
  return (
    /<Event><!\[CDATA\[([^\]]+)\]\]><\/Event>/.exec(r.body)?.[1] ??
    /<MsgType><!\[CDATA\[([^\]]+)/.exec(r.body)?.[1] ??
    ''
  );
}

describe.each(DIALECTS)('customer-service sessions on %s', (dialect) => {
  let p: TestPlatform;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await p.close();
  });

  async function setup() {
    const s = await kfAccountSetup(p, { developer: true });
    closers.push(() => s.dev!.close());
    const dev = s.dev!;
    const { userId, openid } = await s.follower();
    dev.received.length = 0;
    const base = `/users/${userId}/accounts/${s.account.appid}`;
    const sessions = `/accounts/${s.account.appid}/kf-sessions`;
    return {
      ...s,
      dev,
      userId,
      openid,
      /** The developer server answers every message push with a transfer (to `kf`, if given). */
      transferAll: (kf?: string) =>
        dev.onPost((req) =>
          req.body.includes('<Event>') ? { body: 'success' } : { body: transferReply(s.account, openid, kf) },
        ),
      write: async (content: string) => {
        const res = await ownApi<DispatchBody>(p, 'POST', `${base}/messages`, {
          msgtype: 'text',
          text: { content },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body;
      },
      conversation: async () =>
        (await ownApi<{ items: MessageBody[] }>(p, 'GET', `${base}/messages?limit=100`)).body.items,
      claim: (kf: string) =>
        ownApi<SessionBody>(p, 'POST', `${sessions}/${openid}/claim`, { kf_account: kf }),
      reply: (body: Record<string, unknown>) =>
        ownApi<MessageBody>(p, 'POST', `${sessions}/${openid}/messages`, body),
      close: (body: Record<string, unknown> = {}) =>
        ownApi<SessionBody>(p, 'POST', `${sessions}/${openid}/close`, body),
      kinds: () => dev.received.filter((r) => r.method === 'POST').map(kindOf),
      records: async () => {
        const now = Math.floor(p.ctx.clock.now() / 1000);
        const res = await s.wx('POST', '/customservice/msgrecord/getmsglist', {
          starttime: now - 3600,
          endtime: now + 60,
          msgid: 1,
          number: 10000,
        });
        return res as unknown as {
          recordlist: { openid: string; opercode: number; text: string; worker: string; time: number }[];
          number: number;
          msgid: number;
        };
      },
    };
  }

  it('transfer → waiting case → claim → kf_create_session → forwarded messages and agent reply → close', async () => {
    const s = await setup();
    const agent = await s.addAgent('alice@gzkf', { online: true });
    s.transferAll();

    const first = await s.write('我要人工客服');
    expect(first.delivery).toMatchObject({ outcome: 'transferred' });
    expect(first.replies).toEqual([]);
    expect(first.customer_service).toEqual({ status: 'waiting', kf_account: null });
    const wait = await s.wx('GET', '/customservice/kfsession/getwaitcase');
    expect(wait).toMatchObject({ count: 1, waitcaselist: [{ openid: s.openid }] });
    expect(await s.wx('GET', `/customservice/kfsession/getsession?openid=${s.openid}`)).toMatchObject({
      kf_account: '',
    });

    // While waiting, messages still reach the developer server (WeChat's rule).
    const waiting = await s.write('还在吗');
    expect(waiting.delivery).toMatchObject({ outcome: 'transferred' });
    expect(s.kinds()).toEqual(['text', 'text']);

    const claimed = await s.claim(agent.kfAccount);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'active', kf_account: 'alice@gzkf' });
    expect(s.kinds()).toEqual(['text', 'text', 'kf_create_session']);
    expect(s.dev.received.at(-1)!.body).toContain('<KfAccount><![CDATA[alice@gzkf]]></KfAccount>');
    expect(s.dev.received.at(-1)!.body).toContain(`<FromUserName><![CDATA[${s.openid}]]></FromUserName>`);
    expect((await s.wx('GET', '/customservice/kfsession/getwaitcase')).count).toBe(0);
    expect(await s.wx('GET', `/customservice/kfsession/getsession?openid=${s.openid}`)).toMatchObject({
      kf_account: 'alice@gzkf',
    });

    // In the session the follower's messages go to the agent, not the developer server.
    const inSession = await s.write('订单 123 没到');
    expect(inSession.delivery).toBeNull();
    expect(inSession.customer_service).toEqual({ status: 'forwarded', kf_account: 'alice@gzkf' });
    expect(s.kinds()).toHaveLength(3);

    const replied = await s.reply({ msgtype: 'text', text: { content: '您好，马上为您查询' } });
    expect(replied.status, JSON.stringify(replied.body)).toBe(201);
    expect(replied.body).toMatchObject({
      direction: 'out',
      source: 'customer_service',
      kf_account: 'alice@gzkf',
      text: { content: '您好，马上为您查询' },
    });
    expect((await s.conversation())[0]).toMatchObject({ id: replied.body.id, kf_account: 'alice@gzkf' });

    const closed = await s.close({ kf_account: 'alice@gzkf' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(s.kinds()).toEqual(['text', 'text', 'kf_create_session', 'kf_close_session']);
    expect(s.dev.received.at(-1)!.body).toContain('<KfAccount><![CDATA[alice@gzkf]]></KfAccount>');

    // Closed: messages reach the developer server again.
    s.dev.reset();
    const after = await s.write('谢谢');
    expect(after.delivery).toMatchObject({ outcome: 'no_reply' });
    expect(s.kinds()).toHaveLength(5);

    const records = await s.records();
    const mine = records.recordlist.filter((r) => r.openid === s.openid);
    expect(mine.map((r) => [r.opercode, r.worker, r.text])).toEqual([
      [2001, '', '我要人工客服'],
      [1000, '', ''],
      [2001, '', '还在吗'],
      [1005, 'alice@gzkf', ''],
      [2003, 'alice@gzkf', '订单 123 没到'],
      [2002, 'alice@gzkf', '您好，马上为您查询'],
      [1004, 'alice@gzkf', ''],
    ]);
    expect(records.number).toBe(records.recordlist.length);
  });

  it('TransInfo: an online agent serves at once; an offline one alone can take the waiting follower', async () => {
    const s = await setup();
    await s.addAgent('bob@gzkf', { online: true });
    await s.addAgent('carol@gzkf', { online: true });
    s.transferAll('bob@gzkf');
    const direct = await s.write('找 bob');
    expect(direct.customer_service).toEqual({ status: 'active', kf_account: 'bob@gzkf' });
    expect(s.kinds()).toEqual(['text', 'kf_create_session']);
    expect((await s.close()).status).toBe(200);

    await s.setOnline('bob@gzkf', false);
    const queued = await s.write('再找 bob');
    expect(queued.customer_service).toEqual({ status: 'waiting', kf_account: 'bob@gzkf' });
    const stolen = await s.claim('carol@gzkf');
    expect(stolen.status).toBe(409);
    expect(stolen.body).toMatchObject({ code: 'KF_SESSION_OTHER_WORKER' });
    const offline = await s.claim('bob@gzkf');
    expect(offline.body).toMatchObject({ code: 'KF_WORKER_OFFLINE' });
    await s.setOnline('bob@gzkf', true);
    expect((await s.claim('bob@gzkf')).body).toMatchObject({ status: 'active', kf_account: 'bob@gzkf' });
    const records = (await s.records()).recordlist.filter((r) => r.openid === s.openid);
    expect(records.map((r) => r.opercode)).toEqual([2001, 1001, 1004, 2001, 1000, 1001]);

    // A transfer naming an account that does not exist puts the follower in the common queue.
    const other = await setup();
    other.transferAll('nobody@gzkf');
    expect((await other.write('hi')).customer_service).toEqual({ status: 'waiting', kf_account: null });
  });

  it('kfsession/* through the wechat-api SDK, with 65401, 65402, 65413, 65414, 65415', async () => {
    const s = await setup();
    const api = await sdkFor(p, s.account);
    await s.addAgent('unbound@gzkf');
    await s.addAgent('dave@gzkf', { bind: true });
    await s.addAgent('erin@gzkf', { online: true });
    await s.write('hello');

    expect(await sdkErrcode(call((cb) => api.createKfSession('ghost@gzkf', s.openid, cb)))).toBe(65401);
    expect(await sdkErrcode(call((cb) => api.createKfSession('unbound@gzkf', s.openid, cb)))).toBe(65402);
    expect(await sdkErrcode(call((cb) => api.createKfSession('dave@gzkf', s.openid, cb)))).toBe(65415);
    await s.setOnline('dave@gzkf', true);
    expect(await call((cb) => api.createKfSession('dave@gzkf', s.openid, cb))).toMatchObject({ errcode: 0 });
    // The same agent again: 0, unchanged; another agent: 65414.
    expect(await call((cb) => api.createKfSession('dave@gzkf', s.openid, cb))).toMatchObject({ errcode: 0 });
    expect(await sdkErrcode(call((cb) => api.createKfSession('erin@gzkf', s.openid, cb)))).toBe(65414);
    expect(s.kinds()).toEqual(['text', 'kf_create_session']);

    const session = await call<{ createtime: number; kf_account: string }>((cb) =>
      api.getKfSession(s.openid, cb),
    );
    expect(session.kf_account).toBe('dave@gzkf');
    expect(Math.abs(session.createtime - p.ctx.clock.now() / 1000)).toBeLessThan(5);
    expect(await call((cb) => api.getKfSessionList('dave@gzkf', cb))).toMatchObject({
      sessionlist: [{ openid: s.openid }],
    });
    expect(await call((cb) => api.getKfSessionList('erin@gzkf', cb))).toMatchObject({ sessionlist: [] });
    expect(await sdkErrcode(call((cb) => api.getKfSessionList('ghost@gzkf', cb)))).toBe(65401);
    expect(await call((cb) => api.getKfSessionWaitCase(cb))).toMatchObject({ count: 0, waitcaselist: [] });
    const online = await call<{ kf_online_list: Record<string, unknown>[] }>((cb) =>
      api.getOnlineCustomServiceList(cb),
    );
    const dave = online.kf_online_list.find((k) => k.kf_account === 'dave@gzkf');
    expect(dave).toMatchObject({ status: 1, accepted_case: 1 });
    expect(typeof dave?.kf_id).toBe('string');

    // Transfer through our API: kf_switch_session with From/To.
    const moved = await ownApi<SessionBody>(
      p,
      'POST',
      `/accounts/${s.account.appid}/kf-sessions/${s.openid}/transfer`,
      { to_kf_account: 'erin@gzkf' },
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(s.kinds().at(-1)).toBe('kf_switch_session');
    expect(s.dev.received.at(-1)!.body).toContain('<FromKfAccount><![CDATA[dave@gzkf]]></FromKfAccount>');
    expect(s.dev.received.at(-1)!.body).toContain('<ToKfAccount><![CDATA[erin@gzkf]]></ToKfAccount>');

    expect(await sdkErrcode(call((cb) => api.closeKfSession('dave@gzkf', s.openid, cb)))).toBe(65414);
    expect(await call((cb) => api.closeKfSession('erin@gzkf', s.openid, cb))).toMatchObject({ errcode: 0 });
    expect(await sdkErrcode(call((cb) => api.closeKfSession('erin@gzkf', s.openid, cb)))).toBe(65413);
    expect(await call((cb) => api.getKfSession(s.openid, cb))).toEqual({ createtime: 0, kf_account: '' });
    expect(s.kinds().at(-1)).toBe('kf_close_session');

    const records = (await s.records()).recordlist.filter((r) => r.openid === s.openid);
    expect(records.map((r) => r.opercode)).toEqual([1002, 1003, 1004]);
    expect(records.map((r) => r.worker)).toEqual(['dave@gzkf', 'erin@gzkf', 'erin@gzkf']);
  });

  it('agents need the 48-hour window but not its 5-message count; forwarding lapses after 30 quiet minutes', async () => {
    const s = await setup();
    await s.addAgent('frank@gzkf', { online: true });
    s.transferAll();
    await s.write('help');
    expect((await s.claim('frank@gzkf')).status).toBe(200);
    for (let i = 0; i < 7; i++)
      expect((await s.reply({ msgtype: 'text', text: { content: `reply ${i}` } })).status).toBe(201);
    // The session's window count is untouched: message/custom/send still has its 5.
    const sent = await s.wx('POST', '/cgi-bin/message/custom/send', {
      touser: s.openid,
      msgtype: 'text',
      text: { content: 'api' },
    });
    expect(sent).toMatchObject({ errcode: 0 });
    const wrongAgent = await s.reply({ kf_account: 'nobody@gzkf', msgtype: 'text', text: { content: 'x' } });
    expect(wrongAgent.body).toMatchObject({ code: 'KF_SESSION_OTHER_WORKER' });

    // 31 quiet minutes: the follower's next message goes to the developer server again.
    await advance(p, 31 * 60);
    const lapsed = await s.write('anyone?');
    expect(lapsed.delivery).toMatchObject({ outcome: 'transferred' });
    // The developer transferred again: forwarding resumes in the same session.
    expect(lapsed.customer_service).toEqual({ status: 'active', kf_account: 'frank@gzkf' });
    expect((await s.write('back')).customer_service).toMatchObject({ status: 'forwarded' });

    await advance(p, 48 * 3600 + 60);
    await s.refreshToken();
    const late = await s.reply({ msgtype: 'text', text: { content: 'too late' } });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'SERVICE_WINDOW_CLOSED' });
    expect((await s.close()).status).toBe(200);
    const none = await s.reply({ msgtype: 'text', text: { content: 'closed' } });
    expect(none.body).toMatchObject({ code: 'KF_SESSION_NOT_FOUND' });
  });

  it('msgrecord/getmsglist: 24-hour span (65417), bad parameters (65416), paging by msgid', async () => {
    const s = await setup();
    const api = await sdkFor(p, s.account);
    await s.addAgent('gina@gzkf', { online: true });
    s.transferAll();
    await s.write('one');
    await s.claim('gina@gzkf');
    for (const content of ['two', 'three', 'four']) await s.write(content);
    const now = Math.floor(p.ctx.clock.now() / 1000);
    expect(
      await sdkErrcode(call((cb) => api.getRecords({ starttime: now - 90_000, endtime: now }, cb))),
    ).toBe(65417);
    expect(await sdkErrcode(call((cb) => api.getRecords({ starttime: now, endtime: now - 10 }, cb)))).toBe(
      65416,
    );
    expect(
      await s.wx('POST', '/customservice/msgrecord/getmsglist', {
        starttime: now - 60,
        endtime: now,
        msgid: 1,
        number: 10001,
      }),
    ).toMatchObject({ errcode: 65416 });

    // Pages of two: each answer's msgid is where the next page starts.
    const seen: string[] = [];
    let cursor = 1;
    for (let page = 0; page < 10; page++) {
      const res = await call<RecordsPage>((cb) =>
        api.getRecords({ starttime: now - 60, endtime: now + 1, msgid: cursor, number: 2 }, cb),
      );
      seen.push(...res.recordlist.filter((r) => r.openid === s.openid).map((r) => `${r.opercode}:${r.text}`));
      if (res.number < 2) break;
      expect(res.msgid).toBeGreaterThan(cursor);
      cursor = res.msgid;
    }
    expect(seen).toEqual(['2001:one', '1000:', '1005:', '2003:two', '2003:three', '2003:four']);
  });
});
