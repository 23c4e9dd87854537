import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount } from '../../../../test/helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import type { AccountsTable, FollowersTable, UsersTable } from '../../db/schema.ts';
import { subscriberCount } from './message-hub.ts';
import { publishMessages } from './publish-messages.ts';
import { insertFollower, insertTextMessages, insertUser, openSse, openWs } from './realtime.test-helpers.ts';

describe.each(DIALECTS)('live message stream on %s', (dialect) => {
  let p: TestPlatform;
  let base: string;
  let user: UsersTable;
  let other: UsersTable;
  let accountA: AccountsTable;
  let accountB: AccountsTable;
  let toA: FollowersTable;
  let toB: FollowersTable;
  let otherToA: FollowersTable;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${p.ctx.runtime.port}/gz/v1`;
    accountA = await buildAccount(p.ctx);
    accountB = await buildAccount(p.ctx);
    user = await insertUser(p.ctx);
    other = await insertUser(p.ctx);
    toA = await insertFollower(p.ctx, user, accountA);
    toB = await insertFollower(p.ctx, user, accountB);
    otherToA = await insertFollower(p.ctx, other, accountA);
  });
  afterAll(async () => p.close());

  async function publishText(follower: FollowersTable, content: string) {
    const rows = await insertTextMessages(p.ctx, follower, [content]);
    await publishMessages(p.ctx, rows);
    return rows[0]!;
  }

  it('SSE: announces itself, then streams a message published after connecting', async () => {
    const sse = await openSse(`${base}/users/${user.id}/stream`, p.adminHeaders);
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(await sse.next('the ready comment')).toEqual({ comment: 'connected' });

      const sent = await publishText(toA, 'hello over SSE');
      const got = await sse.nextMessage();
      expect(got).toMatchObject({
        id: sent.id,
        appid: accountA.appid,
        openid: toA.openid,
        direction: 'in',
        source: 'follower',
        msgtype: 'text',
        text: { content: 'hello over SSE' },
      });
    } finally {
      sse.close();
    }
  });

  it('SSE: ?appid= keeps only that account, and other users never show up', async () => {
    const sse = await openSse(`${base}/users/${user.id}/stream?appid=${accountA.appid}`, p.adminHeaders);
    try {
      await sse.next('the ready comment');
      // Messages arrive in publish order, so if either of these leaked it
      // would come before the last one.
      await publishText(toB, 'to the other account');
      await publishText(otherToA, 'from another user');
      const wanted = await publishText(toA, 'to account A');
      expect((await sse.nextMessage()).id).toBe(wanted.id);
    } finally {
      sse.close();
    }
  });

  it('account stream: every follower of the account, no other account', async () => {
    const sse = await openSse(`${base}/accounts/${accountA.appid}/kf-sessions/stream`, p.adminHeaders);
    try {
      expect(sse.status).toBe(200);
      expect(await sse.next('the ready comment')).toEqual({ comment: 'connected' });
      await publishText(toB, 'to the other account');
      const first = await publishText(toA, 'from the user');
      const second = await publishText(otherToA, 'from another user');
      expect((await sse.nextMessage()).id).toBe(first.id);
      expect(await sse.nextMessage()).toMatchObject({ id: second.id, openid: otherToA.openid });
    } finally {
      sse.close();
    }
    const unknown = await fetch(`${base}/accounts/wx_nope/kf-sessions/stream`, { headers: p.adminHeaders });
    expect(unknown.status).toBe(404);
  });

  it('WebSocket: ready first, then message frames, with the same filters', async () => {
    const ws = await openWs(
      `${base.replace('http', 'ws')}/users/${user.id}/ws?appid=${accountB.appid}`,
      p.adminHeaders,
    );
    try {
      expect(await ws.next('the ready frame')).toEqual({ type: 'ready' });
      await publishText(toA, 'filtered out by appid');
      await publishText(otherToA, 'another user');
      const wanted = await publishText(toB, 'hello over WebSocket');
      expect(await ws.next('a message frame')).toMatchObject({
        type: 'message',
        message: {
          id: wanted.id,
          appid: accountB.appid,
          openid: toB.openid,
          msgtype: 'text',
          text: { content: 'hello over WebSocket' },
        },
      });
    } finally {
      ws.close();
    }
  });

  it('every subscriber gets each message once, several in one publish in order', async () => {
    const sse = await openSse(`${base}/users/${user.id}/stream`, p.adminHeaders);
    const ws = await openWs(`${base.replace('http', 'ws')}/users/${user.id}/ws`, p.adminHeaders);
    try {
      await sse.next('the ready comment');
      await ws.next('the ready frame');
      const rows = await insertTextMessages(p.ctx, toA, ['one', 'two', 'three']);
      await publishMessages(p.ctx, rows);
      const sentinel = await publishText(toB, 'sentinel');
      const expected = [...rows.map((r) => r.id), sentinel.id];
      const viaSse: string[] = [];
      const viaWs: string[] = [];
      for (let i = 0; i < expected.length; i++) {
        viaSse.push((await sse.nextMessage()).id);
        const frame = await ws.next();
        viaWs.push(frame.type === 'message' ? frame.message.id : frame.type);
      }
      expect(viaSse).toEqual(expected);
      expect(viaWs).toEqual(expected);
    } finally {
      sse.close();
      ws.close();
    }
  });

  it('a disconnecting client unsubscribes', async () => {
    await expect.poll(() => subscriberCount(p.ctx)).toBe(0);
    const sse = await openSse(`${base}/users/${user.id}/stream`, p.adminHeaders);
    await sse.next('the ready comment');
    const ws = await openWs(`${base.replace('http', 'ws')}/users/${user.id}/ws`, p.adminHeaders);
    await ws.next('the ready frame');
    expect(subscriberCount(p.ctx)).toBe(2);

    sse.close();
    await expect.poll(() => subscriberCount(p.ctx)).toBe(1);
    ws.close();
    await expect.poll(() => subscriberCount(p.ctx)).toBe(0);
  });

  it('unknown user: 404 USER_NOT_FOUND on both, before any stream starts', async () => {
    const res = await p.app.inject({ url: '/gz/v1/users/usr_nobody/stream', headers: p.adminHeaders });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(openWs(`${base.replace('http', 'ws')}/users/usr_nobody/ws`, p.adminHeaders)).rejects.toThrow(
      'status 404',
    );
    expect(subscriberCount(p.ctx)).toBe(0);
  });

  it('no admin key: 401 on both', async () => {
    const res = await p.app.inject({ url: `/gz/v1/users/${user.id}/stream` });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(openWs(`${base.replace('http', 'ws')}/users/${user.id}/ws`, {})).rejects.toThrow(
      'status 401',
    );
    await expect(
      openWs(`${base.replace('http', 'ws')}/users/${user.id}/ws`, { authorization: 'Bearer wrong' }),
    ).rejects.toThrow('status 401');
  });
});

describe.each(DIALECTS)('closing the app on %s', (dialect) => {
  it('ends open streams and gives back the LISTEN connection', async () => {
    const p = await createTestPlatform(dialect);
    let closed = false;
    try {
      await p.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${p.ctx.runtime.port}/gz/v1`;
      const user = await insertUser(p.ctx);
      const sse = await openSse(`${base}/users/${user.id}/stream`, p.adminHeaders);
      await sse.next('the ready comment');
      const ws = await openWs(`${base.replace('http', 'ws')}/users/${user.id}/ws`, p.adminHeaders);
      await ws.next('the ready frame');

      // Would hang on a stream or pooled connection left open.
      const closing = p.close();
      await sse.ended();
      // 1001 from our hook, or 1005 when @fastify/websocket's own preClose closed it first.
      expect([1001, 1005]).toContain(await ws.closed());
      await closing;
      closed = true;
      expect(subscriberCount(p.ctx)).toBe(0);
    } finally {
      if (!closed) await p.close();
    }
  });
});
