/**
 * Unread counts kept on the server: the follows list (the follower client's
 * chat list) counts each account's messages after the user's read mark;
 * opening the conversation (PUT …/read) moves the mark to its newest
 * message. Service notifications never count in a chat, and one user's mark
 * is not another's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, buildUser, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface FollowItem {
  appid: string;
  openid: string;
  unread_count: number;
  read_up_to: number;
}

describe.each(DIALECTS)('server-side unread counts on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function follows(userId: string): Promise<Record<string, FollowItem>> {
    const res = await ownApi<{ items: FollowItem[] }>(p, 'GET', `/users/${userId}/follows`);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.items.map((f) => [f.appid, f]));
  }

  /** The account writes to the follower `n` times (customer-service text; the follower wrote first). */
  async function accountWrites(account: AccountsTable, openid: string, n: number, token: string) {
    for (let i = 0; i < n; i++) {
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/message/custom/send?access_token=${token}`,
        payload: { touser: openid, msgtype: 'text', text: { content: `news ${i}` } },
      });
      expect(res.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    }
  }

  const write = (userId: string, appid: string, content: string) =>
    ownApi(p, 'POST', `/users/${userId}/accounts/${appid}/messages`, { msgtype: 'text', text: { content } });
  const read = (userId: string, appid: string) =>
    ownApi<{ appid: string; read_up_to: number; unread_count: number; code?: string }>(
      p,
      'PUT',
      `/users/${userId}/accounts/${appid}/read`,
    );

  it('counts messages after the read mark per account, and opening a conversation clears it', async () => {
    const a = await buildAccount(p.ctx);
    const b = await buildAccount(p.ctx);
    const user = await buildUser(p);
    for (const account of [a, b]) await ownApi(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
    // The follower's own messages are never unread.
    await write(user.id, a.appid, 'hi a');
    await write(user.id, b.appid, 'hi b');
    const before = await follows(user.id);
    expect(before[a.appid]).toMatchObject({ unread_count: 0, read_up_to: 0 });

    await accountWrites(a, before[a.appid]!.openid, 3, await fetchToken(p, a));
    await accountWrites(b, before[b.appid]!.openid, 1, await fetchToken(p, b));
    let list = await follows(user.id);
    expect([list[a.appid]!.unread_count, list[b.appid]!.unread_count]).toEqual([3, 1]);

    const marked = await read(user.id, a.appid);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ appid: a.appid, unread_count: 0 });
    expect(marked.body.read_up_to).toBeGreaterThan(0);
    list = await follows(user.id);
    expect([list[a.appid]!.unread_count, list[b.appid]!.unread_count]).toEqual([0, 1]);
    expect(list[a.appid]!.read_up_to).toBe(marked.body.read_up_to);

    // Newer messages count again; reading twice is harmless.
    // A second later on the platform clock, so the new message is plainly after the mark.
    expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 1 })).status).toBe(200);
    await accountWrites(a, before[a.appid]!.openid, 1, await fetchToken(p, a));
    expect((await follows(user.id))[a.appid]!.unread_count).toBe(1);
    await read(user.id, a.appid);
    await read(user.id, a.appid);
    expect((await follows(user.id))[a.appid]!.unread_count).toBe(0);
  });

  it("keeps each user's marks apart and leaves service notifications out of the chat", async () => {
    const account = await buildAccount(p.ctx);
    const [u1, u2] = [await buildUser(p), await buildUser(p)];
    for (const u of [u1, u2]) {
      await ownApi(p, 'PUT', `/users/${u.id}/follows/${account.appid}`, {});
      await write(u.id, account.appid, 'hello');
    }
    const token = await fetchToken(p, account);
    const openids = [
      (await follows(u1.id))[account.appid]!.openid,
      (await follows(u2.id))[account.appid]!.openid,
    ];
    for (const openid of openids) await accountWrites(account, openid, 2, token);
    // A template message goes to the notifications feed, not the chat's badge.
    await p.ctx.db
      .insertInto('messages')
      .values({
        id: `msg_tpl_${u1.id}`,
        account_id: account.id,
        follower_id: (
          await p.ctx.db
            .selectFrom('followers')
            .select('id')
            .where('user_id', '=', u1.id)
            .where('account_id', '=', account.id)
            .executeTakeFirstOrThrow()
        ).id,
        user_id: u1.id,
        direction: 'out',
        msg_type: 'template',
        msg_id: null,
        content: '{}',
        source: 'notification',
        delivery_id: null,
        created_at: p.ctx.clock.now(),
      })
      .execute();

    expect((await follows(u1.id))[account.appid]!.unread_count).toBe(2);
    await read(u1.id, account.appid);
    expect((await follows(u1.id))[account.appid]!.unread_count).toBe(0);
    expect((await follows(u2.id))[account.appid]!.unread_count).toBe(2);
  });

  it('refuses a user who never followed the account', async () => {
    const account = await buildAccount(p.ctx);
    const user = await buildUser(p);
    const res = await read(user.id, account.appid);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOT_FOLLOWING');
  });
});
