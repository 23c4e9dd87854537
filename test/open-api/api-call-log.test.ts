/**
 * The API call log (issue 8): every Open API call of an account is kept
 * with its endpoint, errcode and latency, capped per account, and listed
 * with filters and a per-bucket series on /gz/v1/accounts/:appid/api-calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestPlatform, type TestPlatform } from '../helpers/platform.ts';
import { buildAccount, fetchToken, ownApi } from '../helpers/factories.ts';

interface CallLog {
  items: { endpoint: string; errcode: number; latency_ms: number; method: string; created_at: number }[];
  endpoints: string[];
  series: { start: number; calls: number; failed: number; avg_latency_ms: number | null }[];
}

describe.each(DIALECTS)('API call log on %s', (dialect) => {
  let platform: TestPlatform | undefined;
  afterEach(async () => {
    await platform?.close();
    platform = undefined;
  });

  it('keeps every call with endpoint, errcode and latency, filters them and buckets them', async () => {
    platform = await createTestPlatform(dialect);
    const p = platform;
    const account = await buildAccount(p.ctx);
    const other = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    for (let i = 0; i < 3; i++) {
      const ok = await p.app.inject({
        method: 'GET',
        url: `/cgi-bin/get_api_domain_ip?access_token=${token}`,
      });
      expect(ok.json()).toHaveProperty('ip_list');
    }
    const bad = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/message/custom/send?access_token=${token}`,
      payload: '{"touser": "nobody", "msgtype": "text", "text": {"content": "hi"}}',
    });
    const badErrcode = bad.json<{ errcode: number }>().errcode;
    expect(badErrcode).not.toBe(0);
    await p.app.inject({
      method: 'GET',
      url: `/cgi-bin/get_api_domain_ip?access_token=${await fetchToken(p, other)}`,
    });

    const all = await ownApi<CallLog>(p, 'GET', `/accounts/${account.appid}/api-calls`);
    expect(all.status).toBe(200);
    // The token call counts too: 1 + 3 + 1.
    expect(all.body.items).toHaveLength(5);
    expect(all.body.items[0]).toMatchObject({
      method: 'POST',
      endpoint: '/cgi-bin/message/custom/send',
      errcode: badErrcode,
    });
    for (const call of all.body.items) {
      expect(call.latency_ms).toBeGreaterThanOrEqual(0);
      // The token never reaches the log.
      expect(call.endpoint).not.toContain('access_token');
    }
    expect(all.body.endpoints).toEqual([
      '/cgi-bin/get_api_domain_ip',
      '/cgi-bin/message/custom/send',
      '/cgi-bin/token',
    ]);
    expect(all.body.series.reduce((n, b) => n + b.calls, 0)).toBe(5);
    expect(all.body.series.reduce((n, b) => n + b.failed, 0)).toBe(1);

    const failed = await ownApi<CallLog>(p, 'GET', `/accounts/${account.appid}/api-calls?failed=1`);
    expect(failed.body.items.map((c) => c.endpoint)).toEqual(['/cgi-bin/message/custom/send']);
    const one = await ownApi<CallLog>(
      p,
      'GET',
      `/accounts/${account.appid}/api-calls?endpoint=${encodeURIComponent('/cgi-bin/get_api_domain_ip')}`,
    );
    expect(one.body.items).toHaveLength(3);

    const bogus = await ownApi(p, 'GET', `/accounts/${account.appid}/api-calls?limit=0`);
    expect(bogus.status).toBe(400);
  });

  it('keeps only the newest apiCallLogLimit calls of an account', async () => {
    platform = await createTestPlatform(dialect, { apiCallLogLimit: 10 });
    const p = platform;
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    for (let i = 0; i < 25; i++)
      await p.app.inject({ method: 'GET', url: `/cgi-bin/get_api_domain_ip?access_token=${token}` });
    const log = await ownApi<CallLog>(p, 'GET', `/accounts/${account.appid}/api-calls?limit=500`);
    expect(log.body.items).toHaveLength(10);
  });
});
