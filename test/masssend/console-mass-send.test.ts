/**
 * The console's mass send on our API (`/gz/v1/accounts/:appid/mass-sends`):
 * create to all, a tag or openids with sendall's and send's rules and
 * `{code, message}` errors; a scheduled send that fires only once the
 * sandbox clock reaches send_at, and one cancelled before it (no copies, no
 * MASSSENDJOBFINISH, its articles deleted); the quota forecast (targets,
 * blacklisted, at the monthly cap); preview by openid or WeChat id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable, FollowersTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildFollower, fetchToken, ownApi, type ApiError } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { insertDraft, massCopies, sendArticles } from './mass-fixtures.ts';

interface MassSendView {
  msg_id: number;
  msg_data_id: number | null;
  kind: string;
  tag_id: number | null;
  openid_count: number | null;
  preview_openid: string | null;
  msgtype: string;
  status: string;
  msg_status: string;
  scheduled_at: number | null;
  counts: { total: number; filter: number; sent: number; filtered: number };
  finish_delivery_id: string | null;
}

interface Forecast {
  tag_id: number | null;
  month: string;
  targets: number;
  blacklisted: number;
  at_monthly_cap: number;
  receivable: number;
  monthly_cap: number | null;
}

const HOUR_MS = 3600 * 1000;

describe.each(DIALECTS)('console mass send on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { massSendThrottle: false });
    dev = await startDeveloperServer('consoletoken');
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  const drain = async () => {
    while ((await runDueJobs(p.ctx, { limit: 4 })) > 0);
  };

  async function setup(overrides: Parameters<typeof buildAccount>[1] = {}, n = 3) {
    const account = await buildAccount(p.ctx, overrides);
    const followers: FollowersTable[] = [];
    for (let i = 0; i < n; i++) followers.push((await buildFollower(p.ctx, account)).follower);
    const create = (body: unknown) =>
      ownApi<MassSendView & ApiError>(p, 'POST', `/accounts/${account.appid}/mass-sends`, body);
    const view = async (msgId: number) =>
      (await ownApi<MassSendView>(p, 'GET', `/accounts/${account.appid}/mass-sends/${msgId}`)).body;
    return { account, followers, create, view };
  }

  async function tag(account: AccountsTable, openids: string[]): Promise<number> {
    const token = await fetchToken(p, account);
    const created = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/create?access_token=${token}`,
      payload: { tag: { name: `T${Date.now() % 100000}` } },
    });
    const id = created.json<{ tag: { id: number } }>().tag.id;
    const tagged = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/tags/members/batchtagging?access_token=${token}`,
      payload: { openid_list: openids, tagid: id },
    });
    expect(tagged.json()).toMatchObject({ errcode: 0 });
    return id;
  }

  const text = (content: string) => ({ msgtype: 'text', text: { content } });

  it('creates a send to all, to a tag and to openids: 201 with the send, inboxes fill after the job', async () => {
    const s = await setup();
    const [a, b, c] = s.followers;
    const all = await s.create({ target: { type: 'all' }, ...text('to all') });
    expect(all.status).toBe(201);
    expect(all.body).toMatchObject({ kind: 'all', status: 'queued', msgtype: 'text', scheduled_at: null });

    const tagId = await tag(s.account, [a!.openid]);
    const byTag = await s.create({ target: { type: 'tag', tag_id: tagId }, ...text('to tag') });
    expect(byTag.body).toMatchObject({ kind: 'tag', tag_id: tagId });
    const byList = await s.create({
      target: { type: 'openids', openids: [b!.openid, c!.openid] },
      ...text('to list'),
      clientmsgid: 'console-1',
    });
    expect(byList.body).toMatchObject({ kind: 'openids', openid_count: 2 });
    await drain();

    const contents = async (openid: string) =>
      (await massCopies(p.ctx, s.account, openid)).map((m) => m.content.content);
    expect(await contents(a!.openid)).toEqual(['to all', 'to tag']);
    expect(await contents(b!.openid)).toEqual(['to all', 'to list']);
    expect(await s.view(all.body.msg_id)).toMatchObject({ status: 'sent', counts: { total: 3, sent: 3 } });

    // The same rules and limits as sendall / send, as {code, message}.
    const dup = await s.create({
      target: { type: 'openids', openids: [b!.openid, c!.openid] },
      ...text('again'),
      clientmsgid: 'console-1',
    });
    expect(dup.status).toBe(429);
    expect(dup.body.code).toBe('CLIENTMSGID_RETRY_TOO_FAST');
  });

  it('refuses bad sends with {code, message}', async () => {
    const s = await setup();
    const expectError = async (body: unknown, status: number, code: string) => {
      const res = await s.create(body);
      expect([res.status, res.body.code], JSON.stringify(res.body)).toEqual([status, code]);
      expect(typeof res.body.message).toBe('string');
      expect(res.body).not.toHaveProperty('errcode');
    };
    await expectError(text('no target'), 400, 'VALIDATION_FAILED');
    await expectError({ target: { type: 'everyone' }, ...text('x') }, 400, 'VALIDATION_FAILED');
    await expectError({ target: { type: 'all' }, msgtype: 'music', music: {} }, 400, 'INVALID_MSGTYPE');
    await expectError({ target: { type: 'all' }, msgtype: 'text', text: {} }, 400, 'BAD_REQUEST_BODY');
    await expectError(
      { target: { type: 'all' }, msgtype: 'mpnews', mpnews: { media_id: 'nope' } },
      404,
      'MEDIA_NOT_FOUND',
    );
    await expectError({ target: { type: 'tag', tag_id: 999 }, ...text('x') }, 404, 'TAG_NOT_FOUND');
    await expectError(
      { target: { type: 'openids', openids: [s.followers[0]!.openid] }, ...text('x') },
      400,
      'OPENID_LIST_TOO_SHORT',
    );
    await expectError(
      { target: { type: 'all' }, ...text('x'), send_at: p.ctx.clock.now() - 1000 },
      400,
      'INVALID_PARAMETER',
    );
    const missing = await ownApi(p, 'POST', '/accounts/wx_nope/mass-sends', {
      target: { type: 'all' },
      ...text('x'),
    });
    expect(missing.body).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    const subscription = await setup({ type: 'subscription', verified: true }, 2);
    const list = await subscription.create({
      target: { type: 'openids', openids: subscription.followers.map((f) => f.openid) },
      ...text('x'),
    });
    expect([list.status, list.body.code]).toEqual([403, 'API_UNAUTHORIZED']);
  });

  it('schedules a send: nothing goes out until the sandbox clock reaches send_at', async () => {
    const s = await setup();
    const sendAt = p.ctx.clock.now() + HOUR_MS;
    const created = await s.create({ target: { type: 'all' }, ...text('later'), send_at: sendAt });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'queued', msg_status: 'SENDING', scheduled_at: sendAt });

    await drain();
    expect(await massCopies(p.ctx, s.account, s.followers[0]!.openid)).toEqual([]);
    expect(await s.view(created.body.msg_id)).toMatchObject({ status: 'queued' });

    const early = await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 3540 });
    expect(early.status).toBe(200);
    await drain();
    expect(await massCopies(p.ctx, s.account, s.followers[0]!.openid)).toEqual([]);

    expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 61 })).status).toBe(200);
    await drain();
    for (const f of s.followers)
      expect((await massCopies(p.ctx, s.account, f.openid)).map((m) => m.content.content)).toEqual(['later']);
    expect(await s.view(created.body.msg_id)).toMatchObject({ status: 'sent', counts: { sent: 3 } });
  });

  it('cancels a scheduled mpnews send before it starts: no copies, no MASSSENDJOBFINISH, pages deleted', async () => {
    const s = await setup();
    const saved = await ownApi(p, 'PUT', `/accounts/${s.account.appid}/developer`, {
      url: dev.url,
      token: 'consoletoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    dev.received.length = 0;
    const draft = await insertDraft(p.ctx, s.account, [{ title: 'Tomorrow', content: '<p>soon</p>' }]);
    const created = await s.create({
      target: { type: 'all' },
      msgtype: 'mpnews',
      mpnews: { media_id: draft },
      send_at: p.ctx.clock.now() + 2 * HOUR_MS,
    });
    expect(created.status).toBe(201);
    const msgDataId = created.body.msg_data_id!;
    expect((await sendArticles(p.ctx, s.account, msgDataId)).map((a) => a.deleted_at)).toEqual([null]);

    const cancelled = await ownApi<MassSendView>(
      p,
      'POST',
      `/accounts/${s.account.appid}/mass-sends/${created.body.msg_id}/cancel`,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', msg_status: 'SEND_FAIL' });
    expect((await sendArticles(p.ctx, s.account, msgDataId))[0]!.deleted_at).not.toBeNull();
    expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 3 * 3600 })).status).toBe(200);
    await drain();
    expect(await massCopies(p.ctx, s.account, s.followers[0]!.openid)).toEqual([]);
    expect(dev.received.filter((r) => r.body.includes('MASSSENDJOBFINISH'))).toEqual([]);
    expect(await s.view(created.body.msg_id)).toMatchObject({
      status: 'cancelled',
      finish_delivery_id: null,
    });
  });

  it('counts a subscription account’s scheduled send on the day it goes out', async () => {
    const s = await setup({ type: 'subscription', verified: true }, 1);
    // Next Beijing noon: today's and tomorrow's sends fall on different days.
    const now = p.ctx.clock.now();
    const beijingDay = Math.floor((now + 8 * HOUR_MS) / (24 * HOUR_MS));
    const tomorrowNoon = (beijingDay + 1) * 24 * HOUR_MS + 4 * HOUR_MS;
    expect((await s.create({ target: { type: 'all' }, ...text('today') })).status).toBe(201);
    const tomorrow = await s.create({ target: { type: 'all' }, ...text('tomorrow'), send_at: tomorrowNoon });
    expect(tomorrow.status).toBe(201);
    const again = await s.create({
      target: { type: 'all' },
      ...text('tomorrow again'),
      send_at: tomorrowNoon + HOUR_MS,
    });
    expect([again.status, again.body.code]).toEqual([429, 'MASS_SEND_QUOTA_REACHED']);
    await drain();
  });

  it('forecasts targets, blacklisted and followers at their monthly cap, for all or a tag', async () => {
    const s = await setup({}, 5);
    const [capped, blocked, tagged, other, alsoCapped] = s.followers;
    await buildFollower(p.ctx, s.account, { subscribed: false });
    const forecast = async (query = '') => {
      const res = await ownApi<Forecast & ApiError>(
        p,
        'GET',
        `/accounts/${s.account.appid}/mass-sends/forecast${query}`,
      );
      return res;
    };
    expect((await forecast()).body).toMatchObject({
      tag_id: null,
      targets: 5,
      blacklisted: 0,
      at_monthly_cap: 0,
      receivable: 5,
      monthly_cap: 4,
    });

    // Four sends use up two followers' month.
    for (let i = 0; i < 4; i++)
      expect(
        (
          await s.create({
            target: { type: 'openids', openids: [capped!.openid, alsoCapped!.openid] },
            ...text(`n${i}`),
          })
        ).status,
      ).toBe(201);
    await drain();
    await p.ctx.db.updateTable('followers').set({ blacklisted: 1 }).where('id', '=', blocked!.id).execute();
    const tagId = await tag(s.account, [capped!.openid, blocked!.openid, tagged!.openid]);

    const everyone = (await forecast()).body;
    expect(everyone).toMatchObject({ targets: 5, blacklisted: 1, at_monthly_cap: 2, receivable: 2 });
    expect(everyone.month).toMatch(/^\d{4}-\d{2}$/);
    expect((await forecast(`?tag_id=${tagId}`)).body).toMatchObject({
      tag_id: tagId,
      targets: 3,
      blacklisted: 1,
      at_monthly_cap: 1,
      receivable: 1,
    });
    // The forecast is what the send then does.
    const sent = await s.create({ target: { type: 'tag', tag_id: tagId }, ...text('tagged') });
    await drain();
    expect(await s.view(sent.body.msg_id)).toMatchObject({ counts: { total: 3, filter: 1, sent: 1 } });
    expect((await massCopies(p.ctx, s.account, tagged!.openid)).map((m) => m.content.content)).toEqual([
      'tagged',
    ]);
    expect(await massCopies(p.ctx, s.account, other!.openid)).toEqual([]);

    const unknown = await forecast('?tag_id=999');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TAG_NOT_FOUND']);
    expect((await forecast('?tag_id=abc')).status).toBe(400);

    // Subscription accounts have no monthly cap.
    const sub = await setup({ type: 'subscription', verified: true }, 2);
    const subForecast = await ownApi<Forecast>(
      p,
      'GET',
      `/accounts/${sub.account.appid}/mass-sends/forecast`,
    );
    expect(subForecast.body).toMatchObject({
      targets: 2,
      at_monthly_cap: 0,
      receivable: 2,
      monthly_cap: null,
    });
  });

  it('previews on one follower by openid or WeChat id', async () => {
    const s = await setup({}, 1);
    const preview = (body: unknown) =>
      ownApi<MassSendView & ApiError>(p, 'POST', `/accounts/${s.account.appid}/mass-sends/preview`, body);
    const byOpenid = await preview({ openid: s.followers[0]!.openid, ...text('check me') });
    expect(byOpenid.status).toBe(201);
    expect(byOpenid.body).toMatchObject({
      kind: 'preview',
      preview_openid: s.followers[0]!.openid,
      status: 'sent',
    });
    expect((await massCopies(p.ctx, s.account, s.followers[0]!.openid)).map((m) => m.content)).toEqual([
      { content: 'check me' },
    ]);

    const user = await ownApi<{ id: string }>(p, 'POST', '/users', {
      nickname: 'Editor',
      wechat_id: `editor_${Date.now()}`,
    });
    const row = await p.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', user.body.id)
      .executeTakeFirstOrThrow();
    const editor = (await buildFollower(p.ctx, s.account, { user: row })).follower;
    const byName = await preview({ wechat_id: row.wechat_id, ...text('for the editor') });
    expect(byName.body).toMatchObject({ kind: 'preview', preview_openid: editor.openid });

    const nobody = await preview({ wechat_id: 'nobody_here', ...text('x') });
    expect([nobody.status, nobody.body.code]).toEqual([400, 'WECHAT_ID_INVALID']);
    const neither = await preview(text('x'));
    expect([neither.status, neither.body.code]).toEqual([400, 'INVALID_PARAMETER']);
    const stranger = await preview({ openid: `o${'z'.repeat(27)}`, ...text('x') });
    expect([stranger.status, stranger.body.code]).toEqual([400, 'INVALID_OPENID']);
  });
});
