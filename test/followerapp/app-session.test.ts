/**
 * The follower client's device session: a browser holds a cookie, never the
 * admin key, and that cookie reaches the follower API for the device's own
 * users and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { recordArticles } from '../../src/server/modules/articles/record-articles.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

interface SessionBody {
  device_id: string;
  sandbox: boolean;
  users: { id: string; nickname: string }[];
}

describe.each(DIALECTS)('follower app session on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;
  let account: AccountsTable;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    dev = await startDeveloperServer('apptoken');
    account = await buildAccount(p.ctx, { name: 'Cafe Lumière' });
    await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, { url: dev.url, token: 'apptoken' });
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  /** A browser: keeps whatever cookie the platform sets, sends no admin key. */
  function device(platform: TestPlatform = p) {
    let cookie = '';
    return {
      get cookie() {
        return cookie;
      },
      set cookie(value: string) {
        cookie = value;
      },
      async call<T = { code: string; message: string }>(method: string, url: string, body?: unknown) {
        const res = await platform.app.inject({
          method: method as 'GET',
          url: `/gz/v1${url}`,
          headers: cookie ? { cookie } : {},
          ...(body === undefined ? {} : { payload: body as object }),
        });
        const set = res.headers['set-cookie'];
        if (typeof set === 'string') cookie = set.split(';')[0]!;
        return { status: res.statusCode, body: (res.body ? res.json() : null) as T, setCookie: set };
      },
    };
  }

  async function deviceWithUser(nickname = 'Xiaoming') {
    const d = device();
    await d.call('POST', '/app/session');
    const created = await d.call<SessionBody>('POST', '/app/session/users', { nickname, language: 'en' });
    expect(created.status).toBe(201);
    return { d, user: created.body.users.at(-1)! };
  }

  it('starts with an HttpOnly cookie and no identities', async () => {
    const d = device();
    expect((await d.call('GET', '/app/session')).body.code).toBe('APP_SESSION_MISSING');
    const started = await d.call<SessionBody>('POST', '/app/session');
    expect(started.status).toBe(200);
    expect(String(started.setCookie)).toMatch(/HttpOnly/i);
    expect(String(started.setCookie)).toMatch(/SameSite=Lax/i);
    expect(started.body.users).toEqual([]);
    expect(started.body.sandbox).toBe(true);
    const again = await d.call<SessionBody>('GET', '/app/session');
    expect(again.body.device_id).toBe(started.body.device_id);
  });

  it("lets the cookie act as the device's own user: follow, talk, read the conversation", async () => {
    const { d, user } = await deviceWithUser();
    expect(user.nickname).toBe('Xiaoming');
    expect((await d.call('GET', `/users/${user.id}`)).status).toBe(200);
    expect((await d.call('PUT', `/users/${user.id}/follows/${account.appid}`, {})).status).toBe(200);
    const sent = await d.call<{ delivery: { id: string } }>(
      'POST',
      `/users/${user.id}/accounts/${account.appid}/messages`,
      { msgtype: 'text', text: { content: 'hello' } },
    );
    expect(sent.status).toBe(200);
    const convo = await d.call<{ items: unknown[] }>(
      'GET',
      `/users/${user.id}/accounts/${account.appid}/messages`,
    );
    expect(convo.status).toBe(200);
    expect(convo.body.items.length).toBeGreaterThan(0);
    expect((await d.call('GET', `/users/${user.id}/notifications`)).status).toBe(200);
    expect((await d.call('GET', `/users/${user.id}/accounts/${account.appid}/menu`)).status).toBe(200);

    // "show raw": the push of its own message, as it crossed the wire.
    const raw = await d.call<{ request_xml?: string; attempts?: unknown[] }>(
      'GET',
      `/app/users/${user.id}/deliveries/${sent.body.delivery.id}`,
    );
    expect(raw.status).toBe(200);
    expect(JSON.stringify(raw.body)).toContain('hello');
  });

  it("reaches neither another user's data nor anything admin-only", async () => {
    const { d, user } = await deviceWithUser();
    const other = await buildUser(p);
    await ownApi(p, 'PUT', `/users/${other.id}/follows/${account.appid}`, {});
    const theirs = await ownApi<{ delivery: { id: string } }>(
      p,
      'POST',
      `/users/${other.id}/accounts/${account.appid}/messages`,
      { msgtype: 'text', text: { content: 'private' } },
    );
    for (const [method, url] of [
      ['GET', `/users/${other.id}`],
      ['GET', `/users/${other.id}/accounts/${account.appid}/messages`],
      ['POST', `/users/${other.id}/accounts/${account.appid}/messages`],
      ['GET', `/users/${other.id}/stream`],
      ['GET', '/accounts'],
      ['GET', `/accounts/${account.appid}`],
      ['GET', `/deliveries/${theirs.body.delivery.id}`],
      ['POST', '/users'],
      ['GET', '/events'],
      ['GET', `/users/${other.id}/articles/art_x`],
      ['POST', `/users/${other.id}/scans`],
      ['GET', `/accounts/${account.appid}/articles`],
    ] as const) {
      const res = await d.call(method, url, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${url}`).toBe(401);
    }
    const foreignRaw = await d.call('GET', `/app/users/${user.id}/deliveries/${theirs.body.delivery.id}`);
    expect(foreignRaw.body.code).toBe('DELIVERY_NOT_FOUND');
    const notMine = await d.call('GET', `/app/users/${other.id}/deliveries/${theirs.body.delivery.id}`);
    expect(notMine.body.code).toBe('APP_USER_NOT_ON_DEVICE');
  });

  it('refuses a tampered or foreign cookie', async () => {
    const { d, user } = await deviceWithUser();
    const other = await buildUser(p);
    // Rewrite the payload to claim the other user; the signature no longer matches.
    const [name, value] = d.cookie.split('=') as [string, string];
    const decoded = decodeURIComponent(value);
    const payload = decoded.slice(0, decoded.lastIndexOf('.'));
    const forged = Buffer.from(
      JSON.stringify({ device_id: 'dev_x', user_ids: [user.id, other.id] }),
    ).toString('base64url');
    d.cookie = `${name}=${encodeURIComponent(decoded.replace(payload, forged))}`;
    expect((await d.call('GET', `/users/${other.id}`)).status).toBe(401);
    expect((await d.call('GET', `/users/${user.id}`)).status).toBe(401);
    expect((await d.call('GET', '/app/session')).body.code).toBe('APP_SESSION_MISSING');
  });

  it('searches accounts by name or id and shows public profiles only', async () => {
    const { d, user } = await deviceWithUser();
    const byName = await d.call<{ items: Record<string, unknown>[] }>('GET', '/app/accounts?q=lumi');
    expect(byName.body.items.map((a) => a.appid)).toEqual([account.appid]);
    expect(byName.body.items[0]).not.toHaveProperty('appsecret');
    expect(JSON.stringify(byName.body)).not.toContain(account.appsecret);
    const byId = await d.call<{ items: { appid: string }[] }>(
      'GET',
      `/app/accounts?q=${account.original_id}`,
    );
    expect(byId.body.items.map((a) => a.appid)).toEqual([account.appid]);
    const profile = await d.call<{ name: string; following: boolean; type: string }>(
      'GET',
      `/app/accounts/${account.appid}?user_id=${user.id}`,
    );
    expect(profile.body).toMatchObject({
      name: 'Cafe Lumière',
      type: 'service',
      following: false,
      location_report: 0,
    });
    expect((await device().call('GET', '/app/accounts')).body.code).toBe('APP_SESSION_MISSING');
  });

  it("lists an account's newest live articles on its profile", async () => {
    const { d, user } = await deviceWithUser();
    const shop = await buildAccount(p.ctx, { name: 'Bookshop' });
    const fields = (title: string) => ({
      article_type: 'news',
      title,
      author: '',
      digest: `about ${title}`,
      content: `<p>${title}</p>`,
      content_source_url: '',
      thumb_media_id: 'thumb1',
      show_cover_pic: 1,
      need_open_comment: 0,
      only_fans_can_comment: 0,
      pic_crop_235_1: '',
      pic_crop_1_1: '',
      image_info: null,
    });
    const [older] = await recordArticles(p.ctx.db, shop.id, {
      source: 'publish',
      msgDataId: 1,
      publishedAt: 1_000,
      articles: [fields('Older')],
    });
    const [gone, newer] = await recordArticles(p.ctx.db, shop.id, {
      source: 'publish',
      msgDataId: 2,
      publishedAt: 2_000,
      articles: [fields('Deleted'), fields('Newer')],
    });
    await p.ctx.db.updateTable('articles').set({ deleted_at: 3_000 }).where('id', '=', gone!.id).execute();
    const profile = await d.call<{
      recent_articles: { id: string; title: string; cover_url: string | null }[];
    }>('GET', `/app/accounts/${shop.appid}?user_id=${user.id}`);
    expect(profile.body.recent_articles.map((a) => a.id)).toEqual([newer!.id, older!.id]);
    expect(profile.body.recent_articles[0]).toMatchObject({
      title: 'Newer',
      cover_url: '/mmbiz/thumb1/cover-2.35',
    });
  });

  it('in a sandbox lets a tester pick an existing user and list users', async () => {
    const { d } = await deviceWithUser();
    const existing = await buildUser(p, { nickname: 'Old Li' });
    const list = await d.call<{ items: { id: string }[] }>('GET', '/users?q=Old');
    expect(list.body.items.map((u) => u.id)).toContain(existing.id);
    const picked = await d.call<SessionBody>('PUT', `/app/session/users/${existing.id}`);
    expect(picked.body.users.map((u) => u.id)).toContain(existing.id);
    expect((await d.call('GET', `/users/${existing.id}`)).status).toBe(200);
    const dropped = await d.call<SessionBody>('DELETE', `/app/session/users/${existing.id}`);
    expect(dropped.body.users.map((u) => u.id)).not.toContain(existing.id);
    expect((await d.call('GET', `/users/${existing.id}`)).status).toBe(401);
  });

  it('outside a sandbox a device only acts as users it created', async () => {
    const prod = await createTestPlatform(dialect, { sandbox: false });
    try {
      const d = device(prod);
      await d.call('POST', '/app/session');
      const existing = await buildUser(prod);
      expect((await d.call('PUT', `/app/session/users/${existing.id}`)).body.code).toBe('SANDBOX_ONLY');
      expect((await d.call('GET', '/users')).status).toBe(401);
      const created = await d.call<SessionBody>('POST', '/app/session/users', { nickname: 'Real' });
      expect(created.status).toBe(201);
      expect((await d.call('GET', `/users/${created.body.users[0]!.id}`)).status).toBe(200);
    } finally {
      await prod.close();
    }
  });
});
