/**
 * Short keys (spec §11.4): shorten/gen and shorten/fetch over HTTP, the
 * documented errcodes (47003, 9410010, 9410011, 9410012), keys private to
 * their account, and expiry on the platform clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

describe.each(DIALECTS)('short keys on %s', (dialect) => {
  let p: TestPlatform;
  let account: AccountsTable;
  let token: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    account = await buildAccount(p.ctx);
  });
  // A token per test, issued at the clock's time: tests that move the clock
  // take new ones, which retire the ones before.
  beforeEach(async () => {
    token = await fetchToken(p, account);
  });
  afterAll(async () => p.close());
  afterEach(() => p.ctx.clock.setOffset(0));

  /** After the clock moves past the token's 2 hours: a token issued at the new time. */
  async function tokenNow(): Promise<string> {
    token = await fetchToken(p, account);
    return token;
  }

  async function post(path: string, body: unknown, accessToken = token): Promise<WechatBody> {
    const res = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/shorten/${path}?access_token=${accessToken}`,
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(res.statusCode).toBe(200);
    return res.json<WechatBody>();
  }

  it('keeps long_data behind a 15-character base62 key and gives it back with the seconds left', async () => {
    const data = JSON.stringify({ campaign: '春季', items: Array.from({ length: 50 }, (_, i) => i) });
    const made = await post('gen', { long_data: data, expire_seconds: 86400 });
    expect(made).toEqual({
      errcode: 0,
      errmsg: 'ok',
      short_key: expect.stringMatching(/^[0-9A-Za-z]{15}$/) as unknown,
    });
    const createdAt = p.ctx.clock.nowSeconds();

    const fetched = await post('fetch', { short_key: made.short_key });
    expect(fetched).toEqual({
      errcode: 0,
      errmsg: 'ok',
      long_data: data,
      create_time: expect.any(Number) as unknown,
      expire_seconds: 86400,
    });
    expect(Math.abs((fetched.create_time as number) - createdAt)).toBeLessThanOrEqual(1);

    p.ctx.clock.setOffset(100_000);
    expect((await post('fetch', { short_key: made.short_key }, await tokenNow())).expire_seconds).toBe(86300);
    p.ctx.clock.setOffset(86_400_000);
    const gone = await post('fetch', { short_key: made.short_key }, await tokenNow());
    expect(gone.errcode).toBe(9410012);
    expect(gone.errmsg).toMatch(/rid: /);
  });

  it('defaults to 30 days (also for 0), and takes exactly 4 KB of UTF-8', async () => {
    for (const body of [
      { long_data: 'x' },
      { long_data: 'x', expire_seconds: 0 },
      { long_data: 'x', expire_seconds: 2592000 },
    ]) {
      const made = await post('gen', body);
      expect((await post('fetch', { short_key: made.short_key })).expire_seconds, JSON.stringify(body)).toBe(
        2592000,
      );
    }
    // 1,365 three-byte characters and one byte: 4,096 bytes.
    const full = `${'码'.repeat(1365)}a`;
    const kept = await post('gen', { long_data: full });
    expect((await post('fetch', { short_key: kept.short_key })).long_data).toBe(full);
    p.ctx.clock.setOffset(2592000_000 - 1000);
    expect((await post('fetch', { short_key: kept.short_key }, await tokenNow())).errcode).toBe(0);
    p.ctx.clock.setOffset(2592000_000);
    expect((await post('fetch', { short_key: kept.short_key }, await tokenNow())).errcode).toBe(9410012);
  });

  it('answers each documented errcode', async () => {
    expect((await post('gen', { long_data: `${'码'.repeat(1365)}ab` })).errcode).toBe(9410010);
    expect((await post('gen', { long_data: 'x', expire_seconds: 2592001 })).errcode).toBe(9410011);
    for (const body of [{}, { long_data: '' }, { long_data: 5 }, { long_data: 'x', expire_seconds: -1 }]) {
      expect((await post('gen', body)).errcode, JSON.stringify(body)).toBe(47003);
    }
    for (const body of [{}, { short_key: '' }, { short_key: 12 }]) {
      expect((await post('fetch', body)).errcode, JSON.stringify(body)).toBe(47003);
    }
    expect((await post('fetch', { short_key: 'iTqRJFSEqk9RvPk' })).errcode).toBe(9410012);
    expect((await post('gen', '')).errcode).toBe(44002);
    expect((await post('fetch', 'not json')).errcode).toBe(47001);
    const get = await p.app.inject({ url: `/cgi-bin/shorten/gen?access_token=${token}` });
    expect(get.json<WechatBody>().errcode).toBe(43002);
  });

  it('keeps keys private to their account, and is open to every account type', async () => {
    const made = await post('gen', { long_data: 'mine' });
    const stranger = await buildAccount(p.ctx, { type: 'subscription', verified: false });
    const strangerToken = await fetchToken(p, stranger);
    expect((await post('fetch', { short_key: made.short_key }, strangerToken)).errcode).toBe(9410012);
    const theirs = await post('gen', { long_data: 'theirs' }, strangerToken);
    expect(theirs.errcode).toBe(0);
    expect((await post('fetch', { short_key: theirs.short_key }, strangerToken)).long_data).toBe('theirs');
  });
});
