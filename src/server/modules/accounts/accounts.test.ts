import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import { capabilitiesFor, hasCapability } from './capabilities.ts';

/** The fields these tests read from /gz/v1 answers. */
interface ApiBody {
  [key: string]: unknown;
  id: string;
  appid: string;
  appsecret: string;
  original_id: string;
  name: string;
  description: string;
  permissions: string[];
  developer: unknown;
  code: string;
  details: { path: string }[];
  items: { name: string }[];
  offset_seconds: number;
  now_seconds: number;
}

describe.each(DIALECTS)('accounts API on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function api(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) {
    const res = await p.app.inject({
      method,
      url: `/gz/v1${url}`,
      headers: p.adminHeaders,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.json<ApiBody>() };
  }

  async function newOrg() {
    return (await api('POST', '/organizations', { name: 'Campus' })).body;
  }

  it('creates accounts with WeChat-shaped credentials and lists them oldest first', async () => {
    const org = await newOrg();
    const sub = await api('POST', '/accounts', {
      organization_id: org.id,
      type: 'subscription',
      name: '校园订阅号',
    });
    const svc = await api('POST', '/accounts', {
      organization_id: org.id,
      type: 'service',
      verified: true,
      name: '校园服务号',
    });
    expect(sub.status).toBe(201);
    expect(svc.body).toMatchObject({
      type: 'service',
      verified: true,
      name: '校园服务号',
      organization_id: org.id,
    });
    expect(svc.body.appid).toMatch(/^wx[0-9a-f]{16}$/);
    expect(svc.body.appsecret).toMatch(/^[0-9a-f]{32}$/);
    expect(svc.body.original_id).toMatch(/^gh_[0-9a-f]{12}$/);
    expect(svc.body.permissions).toContain('template_message');
    expect(sub.body.permissions).not.toContain('menu');
    const list = await api('GET', `/accounts?organization_id=${org.id}`);
    expect(list.body.items.map((a) => a.name)).toEqual(['校园订阅号', '校园服务号']);
  });

  it('shows, updates and 404s by appid', async () => {
    const org = await newOrg();
    const created = (
      await api('POST', '/accounts', { organization_id: org.id, type: 'subscription', name: 'News' })
    ).body;
    const updated = await api('PATCH', `/accounts/${created.appid}`, {
      verified: true,
      description: 'Daily news',
      ip_whitelist: ['10.0.0.0/8', '127.0.0.1'],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      verified: true,
      description: 'Daily news',
      ip_whitelist: ['10.0.0.0/8', '127.0.0.1'],
    });
    expect(updated.body.permissions).toContain('mass_send');
    expect((await api('GET', `/accounts/${created.appid}`)).body.description).toBe('Daily news');
    const missing = await api('GET', '/accounts/wx0000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('validates the developer configuration and reports every bad field at once', async () => {
    const org = await newOrg();
    const { appid } = (
      await api('POST', '/accounts', { organization_id: org.id, type: 'service', name: 'Dev' })
    ).body;
    const bad = await api('PUT', `/accounts/${appid}/developer`, {
      url: 'ftp://x',
      token: 'ab',
      encoding_aes_key: 'short',
      message_mode: 'safe',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.details.map((d) => d.path).sort();
    expect(paths).toEqual(['encoding_aes_key', 'token', 'url']);
    const needsKey = await api('PUT', `/accounts/${appid}/developer`, {
      url: 'http://127.0.0.1:9/wx',
      token: 'abc123',
      message_mode: 'safe',
    });
    expect(needsKey.body.details[0]?.path).toBe('encoding_aes_key');
    const ok = await api('PUT', `/accounts/${appid}/developer`, {
      url: 'http://127.0.0.1:9/wx',
      token: 'pamtest',
      encoding_aes_key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      message_mode: 'compatible',
      // Saved without the echostr check while off (test/callbacks covers the check).
      enabled: false,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.developer).toEqual({
      url: 'http://127.0.0.1:9/wx',
      token: 'pamtest',
      encoding_aes_key: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      message_mode: 'compatible',
      enabled: false,
    });
  });

  it('rejects unknown organisations, duplicate appids and hostile strings without writing', async () => {
    const before = (await api('GET', '/accounts')).body.items.length;
    const noOrg = await api('POST', '/accounts', {
      organization_id: "x' OR '1'='1",
      type: 'service',
      name: 'X',
    });
    expect(noOrg.status).toBe(404);
    expect(noOrg.body.code).toBe('ORGANIZATION_NOT_FOUND');
    const org = await newOrg();
    const fixed = { organization_id: org.id, type: 'service', name: 'Fixed', appid: 'wx1234567890abcdef' };
    expect((await api('POST', '/accounts', fixed)).status).toBe(201);
    const dup = await api('POST', '/accounts', fixed);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ACCOUNT_ALREADY_EXISTS');
    const html = await api('POST', '/accounts', {
      organization_id: org.id,
      type: 'service',
      name: '<script>alert(1)</script>',
    });
    expect(html.body.name).toBe('<script>alert(1)</script>');
    expect((await api('GET', '/accounts')).body.items.length).toBe(before + 2);
  });

  it('moves the sandbox clock and persists the offset', async () => {
    const before = (await api('GET', '/sandbox/clock')).body;
    const after = await api('POST', '/sandbox/clock/advance', { seconds: 3600 });
    expect(after.body.offset_seconds - before.offset_seconds).toBe(3600);
    expect(after.body.now_seconds - before.now_seconds).toBeGreaterThanOrEqual(3600);
    const stored = await p.ctx.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'clock_offset_ms')
      .executeTakeFirst();
    expect(Number(stored?.value)).toBe(p.ctx.clock.getOffset());
    expect((await api('POST', '/sandbox/clock/advance', { seconds: -5 })).status).toBe(400);
    expect((await api('POST', '/sandbox/clock/reset')).body.offset_seconds).toBe(0);
  });
});

describe('the clock outside sandbox mode', () => {
  it('refuses to move', async () => {
    const p = await createTestPlatform('sqlite', { sandbox: false });
    try {
      const res = await p.app.inject({
        method: 'POST',
        url: '/gz/v1/sandbox/clock/advance',
        headers: p.adminHeaders,
        payload: { seconds: 60 },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'SANDBOX_ONLY' });
    } finally {
      await p.close();
    }
  });
});

describe('capability matrix', () => {
  it('follows WeChat: verification and the service type unlock APIs', () => {
    expect(capabilitiesFor('subscription', false)).toEqual([
      'basic',
      'receive_messages',
      'passive_reply',
      'jssdk',
    ]);
    expect(hasCapability('service', false, 'menu')).toBe(true);
    expect(hasCapability('subscription', false, 'menu')).toBe(false);
    expect(hasCapability('subscription', true, 'mass_send')).toBe(true);
    expect(hasCapability('subscription', true, 'template_message')).toBe(false);
    expect(hasCapability('subscription', true, 'oauth')).toBe(false);
    expect(hasCapability('service', false, 'oauth')).toBe(false);
    expect(hasCapability('service', true, 'oauth')).toBe(true);
    expect(hasCapability('service', true, 'qrcode')).toBe(true);
  });
});
