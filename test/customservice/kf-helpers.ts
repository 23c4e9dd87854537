/**
 * Shared set-up for the kf tests: an account with a developer server, an
 * agent user with a WeChat id bound to a kf account through an accepted
 * invitation, and helpers to call the Open API and our own API.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { expect } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import type { FollowBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, fetchToken, ownApi } from '../helpers/factories.ts';
import type { TestPlatform } from '../helpers/platform.ts';

export const TOKEN = 'gongzhongkf';

export interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

let counter = 0;

/** A node-style SDK call as a promise. */
export function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

/** The errcode of an SDK call that fails (wechat-api rejects on a non-zero errcode). */
export async function sdkErrcode(promise: Promise<unknown>): Promise<number> {
  const err = await promise.then(
    () => null,
    (e: WechatAPI.WechatApiError) => e,
  );
  return (err as { code?: number } | null)?.code ?? 0;
}

/** A unique WeChat id for a simulated agent. */
export function wechatId(): string {
  return `kfwx_${Date.now().toString(36)}_${++counter}`;
}

/** The platform as a wechat-api client sees it (listening on a loopback port). */
export async function sdkFor(p: TestPlatform, account: AccountsTable): Promise<WechatAPI> {
  await p.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => undefined);
  const { port } = p.app.server.address() as AddressInfo;
  const api = new WechatAPI(account.appid, account.appsecret);
  api.endpoint = `http://127.0.0.1:${port}`;
  return api;
}

/** An account, its token and Open API helpers; `developer` adds a live developer server. */
export async function kfAccountSetup(p: TestPlatform, options: { developer?: boolean } = {}) {
  const account = await buildAccount(p.ctx);
  let dev: DeveloperServer | null = null;
  if (options.developer) {
    dev = await startDeveloperServer(TOKEN);
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: TOKEN,
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  let token = await fetchToken(p, account);
  const s = {
    account,
    dev,
    get token() {
      return token;
    },
    refreshToken: async () => {
      token = await fetchToken(p, account);
    },
    /** An Open API call; query parameters go in `path`. */
    wx: async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<WechatBody> => {
      const res = await p.app.inject({
        method,
        url: `${path}${path.includes('?') ? '&' : '?'}access_token=${token}`,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<WechatBody>();
    },
    /** A new follower (their user id and openid). */
    follower: async () => {
      const user = await buildUser(p);
      const follow = await ownApi<FollowBody>(p, 'PUT', `/users/${user.id}/follows/${account.appid}`, {});
      expect(follow.status).toBe(200);
      return { userId: user.id, openid: follow.body.follower.openid };
    },
    /** Adds a kf account; with `bind`, a user accepts its invitation; with `online`, it signs in. */
    addAgent: async (
      kfAccount: string,
      opts: { bind?: boolean; online?: boolean } = {},
    ): Promise<{ kfAccount: string; userId: string | null; wechatId: string | null }> => {
      expect(
        await s.wx('POST', '/customservice/kfaccount/add', { kf_account: kfAccount, nickname: '客服' }),
      ).toEqual({
        errcode: 0,
        errmsg: 'ok',
      });
      if (!opts.bind && !opts.online) return { kfAccount, userId: null, wechatId: null };
      const wx = wechatId();
      const agentUser = await buildUser(p, { wechat_id: wx });
      expect(
        await s.wx('POST', '/customservice/kfaccount/inviteworker', { kf_account: kfAccount, invite_wx: wx }),
      ).toMatchObject({ errcode: 0 });
      const accepted = await ownApi(p, 'POST', `/users/${agentUser.id}/kf-invitations`, {
        appid: account.appid,
        kf_account: kfAccount,
        accept: true,
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
      if (opts.online) await s.setOnline(kfAccount, true);
      return { kfAccount, userId: agentUser.id, wechatId: wx };
    },
    setOnline: async (kfAccount: string, online: boolean) => {
      const res = await ownApi(p, 'PUT', `/accounts/${account.appid}/kf-accounts/${kfAccount}/status`, {
        status: online ? 'online' : 'offline',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
  };
  return s;
}

/** Moves the sandbox clock. */
export async function advance(p: TestPlatform, seconds: number): Promise<void> {
  expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds })).status).toBe(200);
}
