/**
 * An account's WeChat id (微信号): set through the accounts API (create and
 * PATCH), WeChat's rules for its shape, unique without case, shown on the
 * public profile and matched exactly (any case) by the follower client's
 * account search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/server/seed-demo.ts';
import { buildOrganization, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface AccountBody {
  appid: string;
  alias: string | null;
  code?: string;
  message?: string;
  details?: { path: string; message: string }[];
}

describe.each(DIALECTS)('account WeChat ids on %s', (dialect) => {
  let p: TestPlatform;
  let orgId: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    orgId = (await buildOrganization(p.ctx)).id;
  });
  afterAll(async () => p.close());

  const create = (body: object) =>
    ownApi<AccountBody>(p, 'POST', '/accounts', { organization_id: orgId, type: 'service', ...body });
  /** What a phone's browser calls: with the device cookie, never the admin key. */
  async function device<T>(url: string): Promise<T> {
    const started = await p.app.inject({ method: 'POST', url: '/gz/v1/app/session' });
    const cookie = String(started.headers['set-cookie']).split(';')[0]!;
    const res = await p.app.inject({ method: 'GET', url: `/gz/v1${url}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return res.json<T>();
  }
  const search = (q: string) =>
    device<{ items: { appid: string; alias: string | null }[] }>(`/app/accounts?q=${encodeURIComponent(q)}`);

  it('is set on create and by PATCH, and can be removed', async () => {
    const made = await create({ name: 'Alias Cafe', alias: 'AliasCafe_01' });
    expect(made.status).toBe(201);
    expect(made.body.alias).toBe('AliasCafe_01');

    const plain = await create({ name: 'No Alias Yet' });
    expect(plain.body.alias).toBeNull();
    const patched = await ownApi<AccountBody>(p, 'PATCH', `/accounts/${plain.body.appid}`, {
      alias: 'later-id',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.alias).toBe('later-id');
    expect((await ownApi<AccountBody>(p, 'GET', `/accounts/${plain.body.appid}`)).body.alias).toBe(
      'later-id',
    );

    const removed = await ownApi<AccountBody>(p, 'PATCH', `/accounts/${plain.body.appid}`, { alias: null });
    expect(removed.body.alias).toBeNull();
    // Many accounts may have none.
    expect((await create({ name: 'Another Without' })).status).toBe(201);
  });

  it("follows WeChat's rules: 6-20 characters, a letter first, letters, digits, _ or -", async () => {
    for (const alias of ['abc12', '1abcdef', '_abcdef', 'a'.repeat(21), 'abc def', '中文微信号号号']) {
      const res = await create({ name: 'Bad Alias', alias });
      expect(res.status, alias).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details?.[0]?.path).toBe('alias');
    }
    for (const alias of ['abcdef', `a${'b'.repeat(19)}`, 'A-b_9z']) {
      expect((await create({ name: 'Good Alias', alias })).status, alias).toBe(201);
    }
  });

  it('is unique without regard to case, on create and on PATCH', async () => {
    await create({ name: 'First Owner', alias: 'SharedName' });
    const clash = await create({ name: 'Second', alias: 'sharedname' });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('ACCOUNT_ALIAS_TAKEN');
    expect(clash.body.message).toContain('sharedname');

    const other = await create({ name: 'Third' });
    const patched = await ownApi<AccountBody>(p, 'PATCH', `/accounts/${other.body.appid}`, {
      alias: 'SHAREDNAME',
    });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('ACCOUNT_ALIAS_TAKEN');
  });

  it('is found by the follower search exactly, in any case, and shown on the profile', async () => {
    const made = await create({ name: 'Tea House', alias: 'TeaHouse88' });
    for (const q of ['TeaHouse88', 'teahouse88', 'TEAHOUSE88']) {
      expect(
        (await search(q)).items.map((a) => a.appid),
        q,
      ).toEqual([made.body.appid]);
    }
    // Exact, not contains: a part of the id finds nothing (the name does not contain it either).
    expect((await search('house88')).items).toEqual([]);
    const profile = await device<{ alias: string | null; name: string }>(`/app/accounts/${made.body.appid}`);
    expect(profile).toMatchObject({ name: 'Tea House', alias: 'TeaHouse88' });
  });

  it('is seeded for the demo accounts, so a first run can be searched by WeChat id', async () => {
    const fresh = await createTestPlatform(dialect);
    try {
      const demo = await seedDemo(fresh.ctx);
      expect(demo?.map((a) => a.alias)).toEqual(['gongzhong-demo', 'gongzhong-news']);
      const listed = await ownApi<{ items: AccountBody[] }>(fresh, 'GET', '/accounts');
      expect(listed.body.items.map((a) => a.alias)).toEqual(['gongzhong-demo', 'gongzhong-news']);
    } finally {
      await fresh.close();
    }
  });
});
