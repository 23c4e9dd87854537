/**
 * `/cgi-bin/user/get` over 25,001 followers: three pages of at most 10,000
 * openids, in openid order, each page starting after the last one, then the
 * empty page without `data` that ends wechatpy's iterator; wechat-api's
 * getFollowers reads the same pages.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { bulkFollowers } from '../helpers/bulk-followers.ts';
import { buildAccount, fetchToken } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface UserGetPage {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

describe.each(DIALECTS)('user/get paging over 25,001 followers on %s', (dialect) => {
  const FOLLOWERS = 25_001;
  let p: TestPlatform;
  let account: AccountsTable;
  let token: string;
  let openids: string[];

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    account = await buildAccount(p.ctx);
    openids = await bulkFollowers(p.ctx, account, FOLLOWERS);
    token = await fetchToken(p, account);
  }, 120_000);
  afterAll(async () => p.close());

  async function page(next: string): Promise<UserGetPage> {
    const res = await p.app.inject({
      method: 'GET',
      url: `/cgi-bin/user/get?access_token=${token}&next_openid=${next}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json<UserGetPage>();
  }

  it('walks every follower exactly once in 10,000-openid pages, then ends without data', async () => {
    const seen: string[] = [];
    const counts: number[] = [];
    let next = '';
    for (;;) {
      const body = await page(next);
      expect(body.total).toBe(FOLLOWERS);
      expect(typeof body.next_openid).toBe('string');
      if (body.count === 0) {
        expect(body).toEqual({ total: FOLLOWERS, count: 0, next_openid: '' });
        break;
      }
      counts.push(body.count);
      expect(body.data!.openid).toHaveLength(body.count);
      expect(body.next_openid).toBe(body.data!.openid.at(-1));
      seen.push(...body.data!.openid);
      next = body.next_openid;
    }
    expect(counts).toEqual([10_000, 10_000, 5_001]);
    expect(seen).toEqual(openids);
  });

  it('serves the same pages to the wechat-api SDK', async () => {
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = p.app.server.address() as AddressInfo;
    const api = new WechatAPI(account.appid, account.appsecret);
    api.endpoint = `http://127.0.0.1:${port}`;
    const first = await new Promise<UserGetPage>((resolve, reject) =>
      api.getFollowers('', (err, data) => (err ? reject(err) : resolve(data))),
    );
    expect(first.count).toBe(10_000);
    const third = await new Promise<UserGetPage>((resolve, reject) =>
      api.getFollowers(openids[19_999]!, (err, data) => (err ? reject(err) : resolve(data))),
    );
    expect(third.count).toBe(5_001);
    expect(third.data!.openid[0]).toBe(openids[20_000]);
  });
});
