/**
 * Web authorization (spec §17) over HTTP on both databases: the authorize
 * page (pick a user, consent, 302 with code and state), its explainer pages
 * for every refusal, the code's single use and 5 minutes, refresh, userinfo
 * only after snsapi_userinfo consent, /sns/auth, and hostile input escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount, buildFollower, buildUser, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { advanceClock, authorizeAs, authorizePath, codeFor, wechatGet } from './web-auth-helpers.ts';

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

describe.each(DIALECTS)('OAuth2 web authorization on %s', (dialect) => {
  let p: TestPlatform;
  let account: AccountsTable;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    account = await buildAccount(p.ctx);
  });
  afterAll(async () => p.close());

  const exchange = (code: string, overrides: Record<string, string> = {}) =>
    wechatGet<TokenAnswer>(p, '/sns/oauth2/access_token', {
      appid: account.appid,
      secret: account.appsecret,
      code,
      grant_type: 'authorization_code',
      ...overrides,
    });

  it('lists users on the page, then redirects with code and state (parameters in any order, extras ignored)', async () => {
    const user = await buildUser(p, { nickname: '小明' });
    const path = `/connect/oauth2/authorize?connect_redirect=1&state=xyz&scope=snsapi_userinfo&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1:8123/cb')}&appid=${account.appid}`;
    const page = await p.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('小明');
    expect(page.body).toContain('允许');
    const res = await p.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `user_id=${user.id}&decision=allow`,
    });
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:8123/cb');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('snsapi_base with as_user redirects at once (silent), and a declined consent carries state only', async () => {
    const user = await buildUser(p);
    const silent = await p.app.inject({
      method: 'GET',
      url: `${authorizePath({ appid: account.appid, redirect_uri: 'http://localhost/cb', response_type: 'code', scope: 'snsapi_base', state: 's1' })}&as_user=${user.id}`,
    });
    expect(silent.statusCode).toBe(302);
    expect(new URL(String(silent.headers.location)).searchParams.get('code')).toBeTruthy();
    const unknown = await p.app.inject({
      method: 'POST',
      url: authorizePath({
        appid: account.appid,
        redirect_uri: 'http://localhost/cb',
        response_type: 'code',
        scope: 'snsapi_userinfo',
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'user_id=usr_missing&decision=allow',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
    expect(unknown.body).toContain('user not found');
    const nobody = await p.app.inject({
      method: 'POST',
      url: authorizePath({
        appid: account.appid,
        redirect_uri: 'http://localhost/cb',
        response_type: 'code',
        scope: 'snsapi_userinfo',
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=allow',
    });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('pick a user');
    const declined = await authorizeAs(p, account, user.id, { decision: 'deny', state: 'no' });
    expect(declined.searchParams.get('code')).toBeNull();
    expect(declined.searchParams.get('state')).toBe('no');
  });

  it('gives a non-follower a stable unsubscribed openid, and a follower their follower openid', async () => {
    const stranger = await buildUser(p);
    const first = await exchange(await codeFor(p, account, stranger.id));
    const second = await exchange(await codeFor(p, account, stranger.id, 'snsapi_base'));
    expect(first.openid).toMatch(/^[A-Za-z0-9_-]{28}$/);
    expect(second.openid).toBe(first.openid);
    const row = await p.ctx.db
      .selectFrom('followers')
      .select(['subscribed', 'openid'])
      .where('user_id', '=', stranger.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ subscribed: 0, openid: first.openid });

    const { user, follower } = await buildFollower(p.ctx, account);
    const token = await exchange(await codeFor(p, account, user.id));
    expect(token.openid).toBe(follower.openid);
    const unionid = await p.ctx.db
      .selectFrom('unionids')
      .select('unionid')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(token.unionid).toBe(unionid.unionid);
    expect(token).toMatchObject({ expires_in: 7200, scope: 'snsapi_userinfo' });
  });

  it('uses a code once (40163), refuses unknown codes and codes past 5 minutes (40029)', async () => {
    const user = await buildUser(p);
    const code = await codeFor(p, account, user.id);
    expect((await exchange(code)).access_token).toBeTruthy();
    expect(await exchange(code)).toMatchObject({ errcode: 40163 });
    expect(await exchange('nope')).toMatchObject({ errcode: 40029 });
    const late = await codeFor(p, account, user.id);
    await advanceClock(p, 301);
    const answer = await exchange(late);
    expect(answer.errcode).toBe(40029);
    expect(answer.errmsg).toContain('5 minutes');
  });

  it('checks the app before the code: 41002, 41004, 41008, 40002, 40013, 40125, 48001', async () => {
    const user = await buildUser(p);
    const code = await codeFor(p, account, user.id);
    expect(await exchange(code, { appid: '' })).toMatchObject({ errcode: 41002 });
    expect(await exchange(code, { secret: '' })).toMatchObject({ errcode: 41004 });
    expect(await exchange('', {})).toMatchObject({ errcode: 41008 });
    expect(await exchange(code, { grant_type: 'client_credential' })).toMatchObject({ errcode: 40002 });
    expect(await exchange(code, { appid: 'wx0000000000000000' })).toMatchObject({ errcode: 40013 });
    expect(await exchange(code, { secret: '0'.repeat(32) })).toMatchObject({ errcode: 40125 });
    const other = await buildAccount(p.ctx, { verified: false });
    expect(await exchange(code, { appid: other.appid, secret: other.appsecret })).toMatchObject({
      errcode: 48001,
    });
    // A code of another appid is an invalid code there.
    const second = await buildAccount(p.ctx);
    expect(await exchange(code, { appid: second.appid, secret: second.appsecret })).toMatchObject({
      errcode: 40029,
    });
    // None of the failures consumed it.
    expect((await exchange(code)).access_token).toBeTruthy();
  });

  it('refreshes: same token while valid (life extended), a new one after expiry; 40030, 42002 after 30 days', async () => {
    const user = await buildUser(p);
    const token = await exchange(await codeFor(p, account, user.id));
    const refresh = (refresh_token: string) =>
      wechatGet<TokenAnswer>(p, '/sns/oauth2/refresh_token', {
        appid: account.appid,
        grant_type: 'refresh_token',
        refresh_token,
      });
    await advanceClock(p, 3600);
    const same = await refresh(token.refresh_token);
    expect(same).toMatchObject({ access_token: token.access_token, expires_in: 7200, openid: token.openid });
    await advanceClock(p, 7201);
    const userinfoExpired = await wechatGet(p, '/sns/userinfo', {
      access_token: token.access_token,
      openid: token.openid,
    });
    expect(userinfoExpired).toMatchObject({ errcode: 42001 });
    const fresh = await refresh(token.refresh_token);
    expect(fresh.access_token).not.toBe(token.access_token);
    expect(fresh.refresh_token).toBe(token.refresh_token);
    expect(await refresh('bogus')).toMatchObject({ errcode: 40030 });
    expect(
      await wechatGet(p, '/sns/oauth2/refresh_token', {
        appid: account.appid,
        grant_type: 'x',
        refresh_token: 'y',
      }),
    ).toMatchObject({ errcode: 40002 });
    await advanceClock(p, 30 * 86400);
    expect(await refresh(token.refresh_token)).toMatchObject({ errcode: 42002 });
  });

  it('checks the refresh call before the token: 41002, 41003, 40013, 48001, 40030 for another appid', async () => {
    const user = await buildUser(p);
    const token = await exchange(await codeFor(p, account, user.id));
    const refresh = (query: Record<string, string>) =>
      wechatGet<TokenAnswer>(p, '/sns/oauth2/refresh_token', {
        appid: account.appid,
        grant_type: 'refresh_token',
        refresh_token: token.refresh_token,
        ...query,
      });
    expect(await refresh({ appid: '' })).toMatchObject({ errcode: 41002 });
    expect(await refresh({ refresh_token: '' })).toMatchObject({ errcode: 41003 });
    expect(await refresh({ appid: 'wx0000000000000000' })).toMatchObject({ errcode: 40013 });
    const unverified = await buildAccount(p.ctx, { verified: false });
    expect(await refresh({ appid: unverified.appid })).toMatchObject({ errcode: 48001 });
    // A refresh token belongs to the appid it was issued for.
    const second = await buildAccount(p.ctx);
    expect(await refresh({ appid: second.appid })).toMatchObject({ errcode: 40030 });
    expect((await refresh({})).access_token).toBe(token.access_token);
  });

  it("applies the account's IP allowlist to the code exchange and refresh (40164)", async () => {
    const guarded = await buildAccount(p.ctx);
    const user = await buildUser(p);
    const code = await codeFor(p, guarded, user.id);
    const token = await exchange(code, { appid: guarded.appid, secret: guarded.appsecret });
    const patch = await ownApi(p, 'PATCH', `/accounts/${guarded.appid}`, { ip_whitelist: ['10.1.2.3'] });
    expect(patch.status).toBe(200);
    const second = await codeFor(p, guarded, user.id);
    const refused = await exchange(second, { appid: guarded.appid, secret: guarded.appsecret });
    expect(refused).toMatchObject({ errcode: 40164 });
    expect(refused.errmsg).toContain('127.0.0.1');
    expect(
      await wechatGet(p, '/sns/oauth2/refresh_token', {
        appid: guarded.appid,
        grant_type: 'refresh_token',
        refresh_token: token.refresh_token,
      }),
    ).toMatchObject({ errcode: 40164 });
  });

  it('reads userinfo only after snsapi_userinfo consent (48001 for snsapi_base), 40003 for another openid', async () => {
    const user = await buildUser(p, { nickname: 'Алиса <b>', avatar_url: 'http://img.example/a/132' });
    const info = await exchange(await codeFor(p, account, user.id));
    const body = await wechatGet(p, '/sns/userinfo', {
      access_token: info.access_token,
      openid: info.openid,
      lang: 'zh_CN',
    });
    expect(body).toEqual({
      openid: info.openid,
      nickname: 'Алиса <b>',
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: 'http://img.example/a/132',
      privilege: [],
      unionid: info.unionid,
    });
    expect(
      await wechatGet(p, '/sns/userinfo', { access_token: info.access_token, openid: 'o'.repeat(28) }),
    ).toMatchObject({
      errcode: 40003,
    });
    const base = await exchange(await codeFor(p, account, user.id, 'snsapi_base'));
    expect(base.unionid).toBeUndefined();
    expect(
      await wechatGet(p, '/sns/userinfo', { access_token: base.access_token, openid: base.openid }),
    ).toMatchObject({
      errcode: 48001,
    });
    expect(await wechatGet(p, '/sns/userinfo', { access_token: 'bad', openid: base.openid })).toMatchObject({
      errcode: 40001,
    });
    expect(await wechatGet(p, '/sns/userinfo', { openid: base.openid })).toMatchObject({ errcode: 41001 });
  });

  it('/sns/auth always carries errcode, with or without openid', async () => {
    const user = await buildUser(p);
    const info = await exchange(await codeFor(p, account, user.id, 'snsapi_base'));
    expect(await wechatGet(p, '/sns/auth', { access_token: info.access_token, openid: info.openid })).toEqual(
      {
        errcode: 0,
        errmsg: 'ok',
      },
    );
    expect(await wechatGet(p, '/sns/auth', { access_token: info.access_token })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(
      await wechatGet(p, '/sns/auth', { access_token: info.access_token, openid: 'o'.repeat(28) }),
    ).toMatchObject({
      errcode: 40003,
    });
    expect(await wechatGet(p, '/sns/auth', { access_token: 'bad', openid: info.openid })).toMatchObject({
      errcode: 40001,
    });
    expect(await wechatGet(p, '/sns/auth', { openid: info.openid })).toMatchObject({ errcode: 41001 });
    await advanceClock(p, 7201);
    expect(await wechatGet(p, '/sns/auth', { access_token: info.access_token })).toMatchObject({
      errcode: 42001,
    });
  });

  describe('refusal pages', () => {
    const base = () => ({
      appid: account.appid,
      redirect_uri: 'http://localhost:5173/cb',
      response_type: 'code',
      scope: 'snsapi_base',
      state: 's',
    });
    const refusal = async (params: Record<string, string>) => {
      const res = await p.app.inject({ method: 'GET', url: authorizePath(params) });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type']).toContain('text/html');
      return res.body;
    };

    it("names the rule that failed with WeChat's errcode", async () => {
      expect(await refusal({ ...base(), appid: '' })).toMatch(/10012[\s\S]*appid is required/);
      expect(await refusal({ ...base(), appid: 'wx0000000000000000' })).toMatch(
        /10016[\s\S]*not an official account/,
      );
      expect(await refusal({ ...base(), redirect_uri: '' })).toContain('10011');
      expect(await refusal({ ...base(), scope: '' })).toContain('10010');
      expect(await refusal({ ...base(), scope: 'snsapi_login' })).toMatch(/10005[\s\S]*snsapi_login/);
      expect(await refusal({ ...base(), response_type: 'token' })).toMatch(
        /40035[\s\S]*response_type must be/,
      );
      const unverified = await buildAccount(p.ctx, { verified: false });
      expect(await refusal({ ...base(), appid: unverified.appid })).toMatch(
        /10005[\s\S]*only verified service accounts/,
      );
      const sub = await buildAccount(p.ctx, { type: 'subscription' });
      expect(await refusal({ ...base(), appid: sub.appid })).toContain('10005');
      expect(await refusal({ ...base(), redirect_uri: 'https://evil.example/cb' })).toMatch(
        /10003[\s\S]*evil\.example is not among the account&#39;s authorised domains \(none configured\)/,
      );
      expect(await refusal({ ...base(), redirect_uri: 'ftp://localhost/cb' })).toMatch(
        /10003[\s\S]*scheme must be http or https/,
      );
      expect(await refusal({ ...base(), redirect_uri: 'not a url' })).toMatch(
        /10003[\s\S]*not an absolute URL/,
      );
      expect(await refusal({ ...base(), state: 'x'.repeat(129) })).toMatch(/40035[\s\S]*at most 128/);
    });

    it('matches authorised domains as WeChat does (full host; port only when configured)', async () => {
      const acct = await buildAccount(p.ctx);
      const put = await ownApi(p, 'PUT', `/accounts/${acct.appid}/oauth-domains`, {
        domains: ['H5.Example.com', 'dev.example.com:8443'],
      });
      expect(put).toEqual({
        status: 200,
        body: {
          kind: 'oauth',
          domains: ['h5.example.com', 'dev.example.com:8443'],
          sandbox_defaults: ['localhost:*', '127.0.0.1:*', '[::1]:*'],
        },
      });
      expect((await ownApi(p, 'GET', `/accounts/${acct.appid}/oauth-domains`)).body).toMatchObject({
        domains: ['h5.example.com', 'dev.example.com:8443'],
      });
      expect(
        (await ownApi(p, 'PUT', `/accounts/${acct.appid}/oauth-domains`, { domains: ['https://x.com/a'] }))
          .status,
      ).toBe(400);
      expect(
        (
          await ownApi(p, 'PUT', `/accounts/${acct.appid}/oauth-domains`, {
            domains: ['a.com', 'b.com', 'c.com'],
          })
        ).status,
      ).toBe(400);
      const ok = async (uri: string) =>
        (
          await p.app.inject({
            method: 'GET',
            url: authorizePath({ ...base(), appid: acct.appid, redirect_uri: uri }),
          })
        ).statusCode;
      expect(await ok('https://h5.example.com/any/path?x=1')).toBe(200);
      expect(await ok('https://dev.example.com:8443/cb')).toBe(200);
      expect(
        await refusal({ ...base(), appid: acct.appid, redirect_uri: 'https://h5.example.com:8080/cb' }),
      ).toContain('the port differs');
      expect(
        await refusal({ ...base(), appid: acct.appid, redirect_uri: 'https://pay.h5.example.com/cb' }),
      ).toContain('must be the full host name');
    });

    it('keeps hostile input escaped in every parameter', async () => {
      const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
      const bodies = [
        await refusal({ ...base(), appid: evil }),
        await refusal({ ...base(), redirect_uri: `https://x.example/${evil}` }),
        await refusal({ ...base(), scope: evil }),
        await refusal({ ...base(), response_type: evil }),
        await refusal({ ...base(), state: evil.repeat(4) }),
      ];
      const named = await buildAccount(p.ctx, { name: `<script>alert(3)</script>` });
      await buildUser(p, { nickname: '<img src=x onerror=alert(4)>' });
      const page = await p.app.inject({
        method: 'GET',
        url: `${authorizePath({ ...base(), appid: named.appid, scope: 'snsapi_userinfo', state: evil })}&x=${encodeURIComponent(evil)}`,
      });
      expect(page.statusCode).toBe(200);
      for (const body of [...bodies, page.body]) {
        expect(body).not.toMatch(/<script>alert|<img src=x/);
      }
      expect(page.body).toContain('&#60;script&#62;alert(3)');
    });
  });
});
