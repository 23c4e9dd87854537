/**
 * Mass-send limits hold under concurrent calls (PostgreSQL runs them in
 * parallel; SQLite serialises writes): of several sendall calls with one
 * clientmsgid at the same moment exactly one is accepted, a subscription
 * account gets one send a day however many calls race, and two sends
 * fanning out together never give a follower a fifth message in a month.
 * Then: a batch's copies reach a watching follower's live stream (on
 * PostgreSQL through NOTIFY with ids only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { subscribeToUser } from '../../src/server/modules/realtime/subscribe-to-user.ts';
import { buildAccount, buildFollower, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  msg_id?: number;
}

describe.each(DIALECTS)('mass-send limits under concurrency on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { massSendThrottle: false });
  });
  afterAll(async () => p.close());

  async function sender(type: 'service' | 'subscription') {
    const account = await buildAccount(p.ctx, { type, verified: true });
    const token = await fetchToken(p, account);
    const sendall = async (extra: Record<string, unknown> = {}): Promise<WechatBody> => {
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/message/mass/sendall?access_token=${token}`,
        payload: { filter: { is_to_all: true }, msgtype: 'text', text: { content: 'hi' }, ...extra },
      });
      return res.json<WechatBody>();
    };
    return { account, sendall };
  }

  it('accepts one of five simultaneous sends with the same clientmsgid', async () => {
    const { account, sendall } = await sender('service');
    await buildFollower(p.ctx, account);
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendall({ clientmsgid: 'same-id' })));
    expect(answers.filter((a) => a.errcode === 0)).toHaveLength(1);
    expect(answers.filter((a) => a.errcode === 45066)).toHaveLength(4);
  });

  it('gives a subscription account one send a day when calls race', async () => {
    const { account, sendall } = await sender('subscription');
    await buildFollower(p.ctx, account);
    const answers = await Promise.all(Array.from({ length: 4 }, () => sendall()));
    expect(answers.filter((a) => a.errcode === 0)).toHaveLength(1);
    expect(answers.filter((a) => a.errcode === 45028)).toHaveLength(3);
  });

  it('never gives a follower a fifth mass message in a month when sends fan out together', async () => {
    const { account, sendall } = await sender('service');
    const { follower } = await buildFollower(p.ctx, account);
    for (let i = 0; i < 6; i++) expect((await sendall()).errcode).toBe(0);
    // Run the six fan-out jobs at once, as several workers would.
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => runDueJobs(p.ctx, { workerId: `w${i}`, limit: 1 })),
    );
    while ((await runDueJobs(p.ctx, { workerId: 'rest' })) > 0);
    const received = await p.ctx.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('follower_id', '=', follower.id)
      .where('source', '=', 'mass_send')
      .executeTakeFirstOrThrow();
    expect(Number(received.n)).toBe(4);
  });
});

describe.each(DIALECTS)('mass-send copies on the live stream on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { massSendThrottle: false });
  });
  afterAll(async () => p.close());

  it('reaches a follower who is watching, as one message of source mass_send', async () => {
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    const { user } = await buildFollower(p.ctx, account);
    const got: { msg_type: string; source: string; content: string }[] = [];
    let arrived: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const unsubscribe = await subscribeToUser(p.ctx, user.id, {}, (m) => {
      got.push(m);
      arrived();
    });
    try {
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/message/mass/sendall?access_token=${token}`,
        payload: { filter: { is_to_all: true }, msgtype: 'text', text: { content: '直播通知' } },
      });
      expect(res.json<WechatBody>().errcode).toBe(0);
      while ((await runDueJobs(p.ctx, { workerId: 'live' })) > 0);
      await first;
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ msg_type: 'text', source: 'mass_send' });
      expect(got[0]!.content).toContain('直播通知');
    } finally {
      unsubscribe();
    }
  });
});
