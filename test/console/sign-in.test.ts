/**
 * Console sign-in over HTTP: the cookie's attributes, the session and CSRF
 * token, sign-out, the lockout after five wrong passwords (lifted when the
 * sandbox clock passes 15 minutes), disabled users, password resets, the
 * session's idle expiry and CSRF refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstConsoleAdmin } from '../../src/server/modules/console/ensure-first-console-admin.ts';
import { buildAccount } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { createConsoleUser, signInAs } from './console-client.ts';

describe.each(DIALECTS)('console sign-in on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => {
    await p.close();
  });

  async function attempt(username: string, password: string) {
    const res = await p.app.inject({
      method: 'POST',
      url: '/gz/v1/console/session',
      payload: { username, password },
    });
    return {
      status: res.statusCode,
      body: res.json<{ code: string; message: string }>(),
      headers: res.headers,
    };
  }

  async function advance(seconds: number) {
    const res = await p.app.inject({
      method: 'POST',
      url: '/gz/v1/sandbox/clock/advance',
      headers: p.adminHeaders,
      payload: { seconds },
    });
    expect(res.statusCode).toBe(200);
  }

  it('creates the first administrator once, who signs in and sees every account', async () => {
    const first = await ensureFirstConsoleAdmin(p.ctx);
    expect(first?.username).toBe('admin');
    expect(await ensureFirstConsoleAdmin(p.ctx)).toBeNull();
    const account = await buildAccount(p.ctx);

    const signIn = await attempt('admin', first!.password);
    expect(signIn.status).toBe(201);
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(/^gz_console=[\w-]{20,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/gz/v1');
    expect(cookie).not.toContain('Secure');

    const admin = await signInAs(p, 'admin', first!.password);
    const session = await admin.call<{
      user: { username: string };
      csrf_token: string;
      platform_administrator: boolean;
      accounts: { appid: string; roles: string[] }[];
    }>('GET', '/console/session');
    expect(session.status).toBe(200);
    expect(session.body.user.username).toBe('admin');
    expect(session.body.platform_administrator).toBe(true);
    expect(session.body.csrf_token).toBe(admin.csrf);
    expect(session.body.accounts).toContainEqual(
      expect.objectContaining({ appid: account.appid, roles: ['administrator'] }),
    );
    const accounts = await admin.call<{ items: { appid: string }[] }>('GET', '/accounts');
    expect(accounts.body.items.map((a) => a.appid)).toContain(account.appid);
  });

  it('sets Secure on the cookie only when the request came over https (behind a trusted proxy)', async () => {
    await createConsoleUser(p, 'tls-user', [{ role: 'administrator' }]);
    const proxied = await createTestPlatform(dialect, { trustProxy: true });
    try {
      await createConsoleUser(proxied, 'tls-user', [{ role: 'administrator' }]);
      const payload = { username: 'tls-user', password: 'correct-horse-1' };
      const headers = { 'x-forwarded-proto': 'https' };
      const overHttps = await proxied.app.inject({
        method: 'POST',
        url: '/gz/v1/console/session',
        payload,
        headers,
      });
      expect(String(overHttps.headers['set-cookie'])).toContain('Secure');
      // Not trusting proxies, the same header is ignored: plain http, no Secure.
      const untrusted = await p.app.inject({
        method: 'POST',
        url: '/gz/v1/console/session',
        payload,
        headers,
      });
      expect(untrusted.statusCode).toBe(201);
      expect(String(untrusted.headers['set-cookie'])).not.toContain('Secure');
    } finally {
      await proxied.close();
    }
  });

  it('refuses state-changing requests without the CSRF header, with it they pass', async () => {
    await createConsoleUser(p, 'csrf-op', [{ role: 'administrator' }]);
    const op = await signInAs(p, 'csrf-op', 'correct-horse-1');
    const body = { name: 'CSRF Org' };
    const missing = await op.call('POST', '/organizations', body, { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('CSRF_TOKEN_INVALID');
    expect(missing.body.message).toContain('x-csrf-token');
    const wrong = await op.call('POST', '/organizations', body, { csrf: 'x'.repeat(op.csrf.length) });
    expect(wrong.body.code).toBe('CSRF_TOKEN_INVALID');
    // GET needs no token.
    expect((await op.call('GET', '/organizations', undefined, { csrf: null })).status).toBe(200);
    const ok = await op.call('POST', '/organizations', body);
    expect(ok.status).toBe(201);
    // The admin key is not a cookie: no CSRF token needed.
    const byKey = await p.app.inject({
      method: 'POST',
      url: '/gz/v1/organizations',
      headers: p.adminHeaders,
      payload: { name: 'Key Org' },
    });
    expect(byKey.statusCode).toBe(201);
  });

  it('locks sign-in after five wrong passwords for 15 platform minutes, then lets the right one in', async () => {
    await createConsoleUser(p, 'locky', [{ role: 'operator' }]);
    for (let i = 1; i <= 4; i += 1) {
      const res = await attempt('locky', 'wrong-password');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('CONSOLE_SIGN_IN_FAILED');
      expect(res.body.message).toContain(`${5 - i} more wrong`);
    }
    const fifth = await attempt('locky', 'wrong-password');
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('CONSOLE_USER_LOCKED');
    expect(fifth.body.message).toContain('15 more minutes');
    // Locked: even the right password is refused, and the message counts down.
    await advance(10 * 60);
    const stillLocked = await attempt('locky', 'correct-horse-1');
    expect(stillLocked.body.code).toBe('CONSOLE_USER_LOCKED');
    expect(stillLocked.body.message).toContain('5 more minutes');
    await advance(5 * 60 + 1);
    expect((await attempt('locky', 'correct-horse-1')).status).toBe(201);
    // The count starts afresh after a success.
    expect((await attempt('locky', 'wrong-password')).body.message).toContain('4 more wrong');
  });

  it('does not tell unknown usernames from wrong passwords', async () => {
    const res = await attempt('nobody-here', 'whatever-password');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('CONSOLE_SIGN_IN_FAILED');
  });

  it('signs out: the cookie is cleared and the old one no longer works', async () => {
    await createConsoleUser(p, 'leaver', [{ role: 'analyst' }]);
    const c = await signInAs(p, 'leaver', 'correct-horse-1');
    const out = await c.call('DELETE', '/console/session');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await c.call('GET', '/accounts');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('CONSOLE_SESSION_ENDED');
    expect(after.body.message).toContain('sign in again');
  });

  it('ends sessions after 12 idle hours on the platform clock', async () => {
    await createConsoleUser(p, 'idler', [{ role: 'analyst' }]);
    const c = await signInAs(p, 'idler', 'correct-horse-1');
    await advance(11 * 3600);
    expect((await c.call('GET', '/console/session')).status).toBe(200);
    // The request above slid the expiry forward.
    await advance(11 * 3600);
    expect((await c.call('GET', '/console/session')).status).toBe(200);
    await advance(12 * 3600 + 5);
    expect((await c.call('GET', '/console/session')).body.code).toBe('CONSOLE_SESSION_ENDED');
  });

  it('disabling a user ends their sessions; a reset password replaces the old one', async () => {
    const user = await createConsoleUser(p, 'temp-staff', [{ role: 'operator' }]);
    const c = await signInAs(p, 'temp-staff', 'correct-horse-1');
    const disable = await p.app.inject({
      method: 'PATCH',
      url: `/gz/v1/console/users/${user.id}`,
      headers: p.adminHeaders,
      payload: { disabled: true },
    });
    expect(disable.json<{ disabled: boolean }>().disabled).toBe(true);
    expect((await c.call('GET', '/accounts')).body.code).toBe('CONSOLE_SESSION_ENDED');
    const refused = await attempt('temp-staff', 'correct-horse-1');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONSOLE_USER_DISABLED');

    await p.app.inject({
      method: 'PATCH',
      url: `/gz/v1/console/users/${user.id}`,
      headers: p.adminHeaders,
      payload: { disabled: false },
    });
    const reset = await p.app.inject({
      method: 'POST',
      url: `/gz/v1/console/users/${user.id}/password`,
      headers: p.adminHeaders,
      payload: {},
    });
    const generated = reset.json<{ password: string }>().password;
    expect(generated).toMatch(/^[\w-]{16}$/);
    expect((await attempt('temp-staff', 'correct-horse-1')).status).toBe(401);
    expect((await attempt('temp-staff', generated)).status).toBe(201);
  });

  it('lets a user change their own password with the current one', async () => {
    await createConsoleUser(p, 'changer', [{ role: 'analyst' }]);
    const c = await signInAs(p, 'changer', 'correct-horse-1');
    const wrong = await c.call('POST', '/console/session/password', {
      current_password: 'nope',
      new_password: 'battery-staple-2',
    });
    expect(wrong.status).toBe(401);
    const short = await c.call('POST', '/console/session/password', {
      current_password: 'correct-horse-1',
      new_password: 'short',
    });
    expect(short.body.message).toContain('at least 8');
    const ok = await c.call('POST', '/console/session/password', {
      current_password: 'correct-horse-1',
      new_password: 'battery-staple-2',
    });
    expect(ok.status).toBe(204);
    expect((await c.call('GET', '/console/session')).status).toBe(200);
    expect((await attempt('changer', 'battery-staple-2')).status).toBe(201);
  });
});
