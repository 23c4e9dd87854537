/**
 * The reads and the one write the console added to /gz/v1: today's quota
 * use, the failed-call log, an account's conversation with one follower
 * (with the service window on the follower view) and the follower remark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, buildFollower, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

describe.each(DIALECTS)('console reads on %s', (dialect) => {
  let p: TestPlatform;
  let account: AccountsTable;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    account = await buildAccount(p.ctx);
  });
  afterAll(async () => {
    await p.close();
  });

  it("counts today's calls against each daily limit", async () => {
    await fetchToken(p, account);
    await fetchToken(p, account);
    const res = await ownApi<{
      day: string;
      items: { cgi_path: string; used: number; daily_limit: number }[];
    }>(p, 'GET', `/accounts/${account.appid}/quotas`);
    expect(res.status).toBe(200);
    expect(res.body.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.items).toContainEqual({ cgi_path: '/cgi-bin/token', used: 2, daily_limit: 2000 });
    expect(res.body.items.find((q) => q.cgi_path === '/cgi-bin/menu/create')?.used).toBe(0);
  });

  it('lists failed Open API calls with endpoint, errcode and latency', async () => {
    const token = await fetchToken(p, account);
    const bad = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/create?access_token=${token}`,
      payload: { tag: { name: '' } },
    });
    const rid = /rid: (\S+)/.exec(bad.json<{ errmsg: string }>().errmsg)?.[1];
    const res = await ownApi<{
      items: { rid: string; endpoint: string; errcode: number; cost_in_ms: number }[];
    }>(p, 'GET', `/accounts/${account.appid}/api-errors`);
    expect(res.body.items[0]).toMatchObject({ rid, endpoint: '/cgi-bin/tags/create', errcode: 45157 });
    expect(res.body.items[0]!.cost_in_ms).toBeGreaterThanOrEqual(0);
  });

  it("reads one follower's conversation from the account's side and sets the remark", async () => {
    const { user, follower } = await buildFollower(p.ctx, account);
    await ownApi(p, 'POST', `/users/${user.id}/accounts/${account.appid}/messages`, {
      msgtype: 'text',
      text: { content: '你好' },
    });
    const conversation = await ownApi<{ items: { direction: string; text: { content: string } }[] }>(
      p,
      'GET',
      `/accounts/${account.appid}/followers/${follower.openid}/messages`,
    );
    expect(conversation.body.items[0]).toMatchObject({ direction: 'in', text: { content: '你好' } });
    const unknown = await ownApi(p, 'GET', `/accounts/${account.appid}/followers/oNOBODY/messages`);
    expect(unknown.status).toBe(400);

    const view = await ownApi<{ window_expires_at: number; window_remaining: number }>(
      p,
      'GET',
      `/accounts/${account.appid}/followers/${follower.openid}`,
    );
    expect(view.body.window_expires_at).toBeGreaterThan(p.ctx.clock.now() + 47 * 3600_000);
    expect(view.body.window_remaining).toBe(5);

    const remark = await ownApi<{ remark: string }>(
      p,
      'PUT',
      `/accounts/${account.appid}/followers/${follower.openid}/remark`,
      { remark: 'VIP 读者' },
    );
    expect(remark.body.remark).toBe('VIP 读者');
    const long = await ownApi(p, 'PUT', `/accounts/${account.appid}/followers/${follower.openid}/remark`, {
      remark: '长'.repeat(30),
    });
    expect(long.status).toBe(400);
  });
});
