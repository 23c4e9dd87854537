import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount } from '../../../../test/helpers/factories.ts';
import {
  createTestPlatform,
  DIALECTS,
  TEST_ADMIN_KEY,
  type TestPlatform,
} from '../../../../test/helpers/platform.ts';
import { buildApp } from '../../app.ts';
import type { AppContext } from '../../context.ts';
import { createContext } from '../../create-context.ts';
import type { FollowersTable } from '../../db/schema.ts';
import { sha256Hex } from '../../lib/ids.ts';
import type { MessageWithParties } from '../messages/messages.queries.ts';
import { closeRealtime, subscriberCount } from './message-hub.ts';
import { MAX_NOTIFICATION_BYTES, notificationPayloads, publishMessages } from './publish-messages.ts';
import { insertFollower, insertTextMessages, insertUser, openSse, within } from './realtime.test-helpers.ts';
import { subscribeToUser } from './subscribe-to-user.ts';

describe('notificationPayloads', () => {
  it('splits per user and stays under the byte limit, keeping every id once and in order', () => {
    const messages = Array.from({ length: 500 }, (_, i) => ({
      id: `msg_${String(i).padStart(30, '0')}`,
      user_id: i % 3 === 0 ? 'usr_b' : 'usr_a',
    }));
    const payloads = notificationPayloads(messages);
    expect(payloads.length).toBeGreaterThan(2);
    const seen: Record<string, string[]> = {};
    for (const payload of payloads) {
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(MAX_NOTIFICATION_BYTES);
      const { user_id, message_ids } = JSON.parse(payload) as { user_id: string; message_ids: string[] };
      (seen[user_id] ??= []).push(...message_ids);
    }
    expect(seen.usr_a).toEqual(messages.filter((m) => m.user_id === 'usr_a').map((m) => m.id));
    expect(seen.usr_b).toEqual(messages.filter((m) => m.user_id === 'usr_b').map((m) => m.id));
  });
});

/** A listener that collects message ids and resolves when it holds `n`. */
function collector() {
  const ids: string[] = [];
  let want = Infinity;
  let done: () => void = () => undefined;
  return {
    ids,
    listener: (m: MessageWithParties) => {
      ids.push(m.id);
      if (ids.length >= want) done();
    },
    until(n: number): Promise<void> {
      if (ids.length >= n) return Promise.resolve();
      want = n;
      return within(
        new Promise<void>((resolve) => {
          done = resolve;
        }),
        `${n} messages (have ${ids.length})`,
      );
    },
  };
}

describe.each(DIALECTS)('publishMessages and subscribeToUser on %s', (dialect) => {
  let p: TestPlatform;
  let follower: FollowersTable;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    const account = await buildAccount(p.ctx);
    follower = await insertFollower(p.ctx, await insertUser(p.ctx), account);
  });
  afterAll(async () => p.close());

  it('delivers a large batch exactly once and in order (several NOTIFYs on PostgreSQL)', async () => {
    const got = collector();
    const unsubscribe = await subscribeToUser(p.ctx, follower.user_id, {}, got.listener);
    try {
      const rows = await insertTextMessages(
        p.ctx,
        follower,
        Array.from({ length: 300 }, (_, i) => `m${i}`),
      );
      expect(notificationPayloads(rows).length).toBeGreaterThan(1);
      await publishMessages(p.ctx, rows);
      const sentinel = await insertTextMessages(p.ctx, follower, ['sentinel']);
      await publishMessages(p.ctx, sentinel);
      await got.until(301);
      expect(got.ids).toEqual([...rows, ...sentinel].map((r) => r.id));
    } finally {
      unsubscribe();
    }
  });

  it('unsubscribe stops delivery; closeRealtime ends the rest with "closing"', async () => {
    const kept = collector();
    const dropped = collector();
    const ends: string[] = [];
    const unsubscribeKept = await subscribeToUser(
      p.ctx,
      follower.user_id,
      { onEnd: (reason) => ends.push(reason) },
      kept.listener,
    );
    const unsubscribeDropped = await subscribeToUser(p.ctx, follower.user_id, {}, dropped.listener);
    expect(subscriberCount(p.ctx)).toBe(2);
    unsubscribeDropped();
    unsubscribeDropped();
    expect(subscriberCount(p.ctx)).toBe(1);

    await publishMessages(p.ctx, await insertTextMessages(p.ctx, follower, ['after unsubscribe']));
    await kept.until(1);
    expect(dropped.ids).toEqual([]);

    await closeRealtime(p.ctx);
    expect(ends).toEqual(['closing']);
    expect(subscriberCount(p.ctx)).toBe(0);
    unsubscribeKept();

    // A new subscription after closing starts afresh.
    const again = collector();
    const unsubscribeAgain = await subscribeToUser(p.ctx, follower.user_id, {}, again.listener);
    try {
      const [row] = await insertTextMessages(p.ctx, follower, ['after restart']);
      await publishMessages(p.ctx, [row!]);
      await again.until(1);
      expect(again.ids).toEqual([row!.id]);
    } finally {
      unsubscribeAgain();
    }
  });
});

describe('two nodes on one PostgreSQL database', () => {
  let p: TestPlatform;
  let ctx2: AppContext;
  let app2: FastifyInstance;

  beforeAll(async () => {
    p = await createTestPlatform('postgres');
    ctx2 = await createContext(p.ctx.config, p.ctx.log);
    app2 = await buildApp(ctx2, { adminKeyHash: sha256Hex(TEST_ADMIN_KEY) });
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    await app2.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app2?.close();
    await ctx2?.database.close();
    await p?.close();
  });

  it('a message published on one node reaches SSE clients on both, exactly once', async () => {
    const account = await buildAccount(p.ctx);
    const follower = await insertFollower(p.ctx, await insertUser(p.ctx), account);
    const url = (port: number | null) => `http://127.0.0.1:${port}/gz/v1/users/${follower.user_id}/stream`;
    const onNode1 = await openSse(url(p.ctx.runtime.port), p.adminHeaders);
    const onNode2 = await openSse(url(ctx2.runtime.port), p.adminHeaders);
    try {
      await onNode1.next('the ready comment on node 1');
      await onNode2.next('the ready comment on node 2');

      const [first] = await insertTextMessages(p.ctx, follower, ['published on node 1']);
      await publishMessages(p.ctx, [first!]);
      // From the other node too; a duplicate of the first would come before it.
      const [second] = await insertTextMessages(ctx2, follower, ['published on node 2']);
      await publishMessages(ctx2, [second!]);

      for (const client of [onNode1, onNode2]) {
        expect((await client.nextMessage()).id).toBe(first!.id);
        expect((await client.nextMessage()).id).toBe(second!.id);
      }
      expect(subscriberCount(p.ctx)).toBe(1);
      expect(subscriberCount(ctx2)).toBe(1);
    } finally {
      onNode1.close();
      onNode2.close();
    }
  });
});
