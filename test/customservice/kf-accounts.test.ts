/**
 * Kf accounts (§7.3) over HTTP and the wechat-api SDK: add, update, delete,
 * both list paths, kf_id from 1001, WeChat's 654xx errcodes (65401, 65403,
 * 65404, 65405, 65406), invitations by WeChat id with 65407–65412, accepted
 * or rejected through our API or expired after 7 days on the platform
 * clock, the head image (a real JPG, 40005 otherwise), and custom/send as a
 * kf account (65401 unknown; recorded on the message and as 2002).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBody } from '../helpers/api-types.ts';
import { buildUser, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { advance, call, kfAccountSetup, sdkErrcode, sdkFor, wechatId } from './kf-helpers.ts';

interface KfListItem {
  kf_account: string;
  kf_id: string;
  kf_nick: string;
  kf_headimgurl: string;
  kf_wx?: string;
  invite_wx?: string;
  invite_expire_time?: number;
  invite_status?: string;
}

describe.each(DIALECTS)('kf accounts on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  it('adds, updates, lists (both paths) and deletes through the SDK, kf_id from 1001', async () => {
    const s = await kfAccountSetup(p);
    const api = await sdkFor(p, s.account);
    expect(await call((cb) => api.addKfAccount('anna@gzkf', '安娜', 'pass', cb))).toMatchObject({
      errcode: 0,
    });
    expect(await call((cb) => api.addKfAccount('ben_2@gzkf', 'Ben', 'pass', cb))).toMatchObject({
      errcode: 0,
    });
    expect(await call((cb) => api.updateKfAccount('anna@gzkf', '安娜 2', 'pass', cb))).toMatchObject({
      errcode: 0,
    });
    const list = (await call<{ kf_list: Record<string, unknown>[] }>((cb) =>
      api.getCustomServiceList(cb),
    )) as unknown as {
      kf_list: KfListItem[];
    };
    expect(list.kf_list).toEqual([
      { kf_account: 'anna@gzkf', kf_headimgurl: '', kf_id: '1001', kf_nick: '安娜 2' },
      { kf_account: 'ben_2@gzkf', kf_headimgurl: '', kf_id: '1002', kf_nick: 'Ben' },
    ]);
    // wechatpy's bare paths answer the same.
    expect((await s.wx('GET', '/customservice/getkflist')).kf_list).toEqual(list.kf_list);
    expect(await s.wx('GET', '/customservice/getonlinekflist')).toEqual({ kf_online_list: [] });

    expect(await call((cb) => api.deleteKfAccount('anna@gzkf', cb))).toMatchObject({ errcode: 0 });
    expect(await sdkErrcode(call((cb) => api.deleteKfAccount('anna@gzkf', cb)))).toBe(65401);
    expect(await sdkErrcode(call((cb) => api.updateKfAccount('anna@gzkf', 'x', 'p', cb)))).toBe(65401);
    expect((await s.wx('GET', '/cgi-bin/customservice/getkflist')).kf_list).toMatchObject([
      { kf_account: 'ben_2@gzkf', kf_id: '1002' },
    ]);
  });

  it('answers 65403, 65404, 65405 and 65406', async () => {
    const s = await kfAccountSetup(p);
    const add = (kf_account: string, nickname = '客服') =>
      s.wx('POST', '/customservice/kfaccount/add', { kf_account, nickname });
    expect(await add('toolongprefix@gzkf')).toMatchObject({ errcode: 65404 });
    expect(await add('bad-char@gzkf')).toMatchObject({ errcode: 65404 });
    expect(await add('nosuffix')).toMatchObject({ errcode: 65404 });
    expect(await add('ok@gzkf', '')).toMatchObject({ errcode: 65403 });
    expect(await add('ok@gzkf', '一二三四五六七八九十一二三四五六七')).toMatchObject({ errcode: 65403 });
    expect(await add('ok@gzkf', '一二三四五六七八九十一二三四五六')).toMatchObject({ errcode: 0 });
    expect(await add('ok@gzkf')).toMatchObject({ errcode: 65406 });
    expect(
      await s.wx('POST', '/customservice/kfaccount/update', { kf_account: 'ok@gzkf', nickname: ' ' }),
    ).toMatchObject({ errcode: 65403 });
    for (let i = 1; i < 100; i++) expect(await add(`k${i}@gzkf`)).toMatchObject({ errcode: 0 });
    expect(await add('k100@gzkf')).toMatchObject({ errcode: 65405 });
    const list = (await s.wx('GET', '/cgi-bin/customservice/getkflist')).kf_list as KfListItem[];
    expect(list).toHaveLength(100);
    expect(list.at(-1)!.kf_id).toBe('1100');
  });

  it('invites a WeChat user, who accepts through our API; 65407–65412; 7 days later an invitation expires', async () => {
    const s = await kfAccountSetup(p);
    const wx = wechatId();
    const agent = await buildUser(p, { wechat_id: wx });
    for (const kf of ['a@gzkf', 'b@gzkf', 'c@gzkf'])
      await s.wx('POST', '/customservice/kfaccount/add', { kf_account: kf, nickname: kf });
    const invite = (kf_account: string, invite_wx: string) =>
      s.wx('POST', '/customservice/kfaccount/inviteworker', { kf_account, invite_wx });
    const answer = (userId: string, kf_account: string, accept: boolean) =>
      ownApi(p, 'POST', `/users/${userId}/kf-invitations`, { appid: s.account.appid, kf_account, accept });
    const listed = async (kf: string) =>
      ((await s.wx('GET', '/cgi-bin/customservice/getkflist')).kf_list as KfListItem[]).find(
        (k) => k.kf_account === kf,
      );

    expect(await invite('a@gzkf', 'no_such_wx')).toMatchObject({ errcode: 65409 });
    expect(await invite('ghost@gzkf', wx)).toMatchObject({ errcode: 65401 });
    // Seconds read around the invitation: a loaded machine may cross a second in between.
    const invitedFrom = Math.floor(p.ctx.clock.now() / 1000);
    expect(await invite('a@gzkf', wx)).toMatchObject({ errcode: 0 });
    const invitedBy = Math.floor(p.ctx.clock.now() / 1000);
    const waiting = await listed('a@gzkf');
    expect(waiting).toMatchObject({ invite_wx: wx, invite_status: 'waiting' });
    expect(waiting!.invite_expire_time).toBeGreaterThanOrEqual(invitedFrom + 7 * 86400);
    expect(waiting!.invite_expire_time).toBeLessThanOrEqual(invitedBy + 7 * 86400);
    expect(await invite('a@gzkf', wx)).toMatchObject({ errcode: 65411 });
    expect(await invite('b@gzkf', wx)).toMatchObject({ errcode: 65408 });

    // Only the invited user can answer.
    const stranger = await buildUser(p);
    expect((await answer(stranger.id, 'a@gzkf', true)).body).toMatchObject({
      code: 'KF_INVITATION_NOT_WAITING',
    });
    const accepted = await answer(agent.id, 'a@gzkf', true);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ kf_account: 'a@gzkf', kf_wx: wx });
    expect(await listed('a@gzkf')).toEqual({
      kf_account: 'a@gzkf',
      kf_headimgurl: '',
      kf_id: '1001',
      kf_nick: 'a@gzkf',
      kf_wx: wx,
    });
    expect(await invite('a@gzkf', wechatId())).toMatchObject({ errcode: 65409 });
    const other = wechatId();
    await buildUser(p, { wechat_id: other });
    expect(await invite('a@gzkf', other)).toMatchObject({ errcode: 65412 });
    expect(await invite('b@gzkf', wx)).toMatchObject({ errcode: 65407 });

    // A rejected invitation shows as rejected; a new one can be sent.
    const otherUser = (await ownApi<{ items: { id: string }[] }>(p, 'GET', `/users?q=${other}`)).body
      .items[0]!;
    expect(await invite('b@gzkf', other)).toMatchObject({ errcode: 0 });
    expect((await answer(otherUser.id, 'b@gzkf', false)).status).toBe(200);
    expect(await listed('b@gzkf')).toMatchObject({ invite_status: 'rejected' });

    // 7 days on the platform clock: the waiting invitation reads expired and cannot be accepted.
    expect(await invite('c@gzkf', other)).toMatchObject({ errcode: 0 });
    await advance(p, 7 * 86400 + 1);
    await s.refreshToken();
    expect(await listed('c@gzkf')).toMatchObject({ invite_wx: other, invite_status: 'expired' });
    expect((await answer(otherUser.id, 'c@gzkf', true)).body).toMatchObject({
      code: 'KF_INVITATION_NOT_WAITING',
    });
    expect(await invite('c@gzkf', other)).toMatchObject({ errcode: 0 });
  });

  it('a user is the agent of at most 5 accounts (65410)', async () => {
    const wx = wechatId();
    const agent = await buildUser(p, { wechat_id: wx });
    for (let i = 0; i < 6; i++) {
      const s = await kfAccountSetup(p);
      await s.wx('POST', '/customservice/kfaccount/add', { kf_account: 'x@gzkf', nickname: 'x' });
      const invited = await s.wx('POST', '/customservice/kfaccount/inviteworker', {
        kf_account: 'x@gzkf',
        invite_wx: wx,
      });
      if (i === 5) {
        expect(invited).toMatchObject({ errcode: 65410 });
        break;
      }
      expect(invited).toMatchObject({ errcode: 0 });
      const accepted = await ownApi(p, 'POST', `/users/${agent.id}/kf-invitations`, {
        appid: s.account.appid,
        kf_account: 'x@gzkf',
        accept: true,
      });
      expect(accepted.status).toBe(200);
    }
  });

  it('sets the head image from a real JPG (setKfAccountAvatar) and refuses a PNG with 40005', async () => {
    const s = await kfAccountSetup(p);
    const api = await sdkFor(p, s.account);
    await s.wx('POST', '/customservice/kfaccount/add', { kf_account: 'pic@gzkf', nickname: '头像' });
    const dir = mkdtempSync(path.join(tmpdir(), 'gz-kf-'));
    const image = sharp({ create: { width: 64, height: 64, channels: 3, background: '#07c160' } });
    const jpg = path.join(dir, 'head.jpg');
    writeFileSync(jpg, await image.clone().jpeg().toBuffer());
    const png = path.join(dir, 'head.png');
    writeFileSync(png, await image.clone().png().toBuffer());
    const fake = path.join(dir, 'fake.jpg');
    writeFileSync(fake, 'not an image at all');

    expect(await call((cb) => api.setKfAccountAvatar('pic@gzkf', jpg, cb))).toMatchObject({ errcode: 0 });
    expect(await sdkErrcode(call((cb) => api.setKfAccountAvatar('pic@gzkf', png, cb)))).toBe(40005);
    expect(await sdkErrcode(call((cb) => api.setKfAccountAvatar('pic@gzkf', fake, cb)))).toBe(40005);
    expect(await sdkErrcode(call((cb) => api.setKfAccountAvatar('nobody@gzkf', jpg, cb)))).toBe(65401);
    const [item] = (await s.wx('GET', '/cgi-bin/customservice/getkflist')).kf_list as KfListItem[];
    expect(item!.kf_headimgurl).toMatch(/^https?:\/\/.+\/mmbiz\//);
    const served = await p.app.inject({ method: 'GET', url: new URL(item!.kf_headimgurl).pathname });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
  });

  it('custom/send as a kf account: 65401 when unknown; recorded on the message and as 2002', async () => {
    const s = await kfAccountSetup(p);
    const { userId, openid } = await s.follower();
    await s.wx('POST', '/customservice/kfaccount/add', { kf_account: 'send@gzkf', nickname: '发送' });
    const send = (kf_account: string) =>
      s.wx('POST', '/cgi-bin/message/custom/send', {
        touser: openid,
        msgtype: 'text',
        text: { content: `from ${kf_account}` },
        customservice: { kf_account },
      });
    expect(await send('nobody@gzkf')).toMatchObject({ errcode: 65401 });
    expect(await send('send@gzkf')).toMatchObject({ errcode: 0 });
    const items = (
      await ownApi<{ items: MessageBody[] }>(
        p,
        'GET',
        `/users/${userId}/accounts/${s.account.appid}/messages`,
      )
    ).body.items;
    expect(items[0]).toMatchObject({ source: 'customer_service', kf_account: 'send@gzkf' });
    const now = Math.floor(p.ctx.clock.now() / 1000);
    const records = await s.wx('POST', '/customservice/msgrecord/getmsglist', {
      starttime: now - 60,
      endtime: now + 1,
      msgid: 1,
      number: 100,
    });
    expect(records).toMatchObject({
      recordlist: [{ openid, opercode: 2002, worker: 'send@gzkf', text: 'from send@gzkf' }],
      number: 1,
    });
  });
});
