/**
 * Publishing (§13.2, §4.4) over HTTP: freepublish/submit queues the
 * `publishing.publish` job; the job's publish check (the organisation's
 * sensitive words → status 4 with fail_idx, else status 0 with article_id,
 * readable articles and the draft gone from the draft box) and
 * PUBLISHJOBFINISH at a real developer server; get (publish_id as number or
 * string), getarticle, delete by 1-based index and all (status 5),
 * batchget; the errcodes 40007, 53503, 53502, 53600, 40060, 47001, 48001;
 * the console's scheduled publish that fires only once the sandbox clock
 * reaches it, cancel, the list with reader counts, and sensitive words.
 * wechat-api 1.35 has no draft/freepublish methods: the SDK test drives
 * them through its own token cache and request, as its docs say to add a
 * missing API.
 */
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { parseXml, xmlText, type ParsedXml } from '../../src/server/wechat/xml.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectErrcode, expectOk, startMediaPlatform, type WechatBody } from '../media/media-kit.ts';

interface Publication {
  publish_id: number;
  publish_status: number;
  status: string;
  scheduled_at: number | null;
  article_id: string | null;
  fail_idx: number[];
  finish_delivery_id: string | null;
  counts: { read: number; like: number; wow: number; share: number; comment: number };
  articles: { idx: number; title: string; url: string | null; is_deleted: boolean }[];
}

/** A POST the way wechat-api makes its own calls: its cached token, its urllib request. */
function sdkPost(api: WechatAPI, path: string, body: unknown): Promise<WechatBody> {
  return new Promise((resolve, reject) =>
    api.getLatestToken((err, token) => {
      if (err) return reject(err);
      api.request(
        `${api.endpoint}${path}?access_token=${token.accessToken}`,
        { dataType: 'json', type: 'POST', data: body, headers: { 'Content-Type': 'application/json' } },
        (error, data) => (error ? reject(error) : resolve(data as WechatBody)),
      );
    }),
  );
}

describe.each(DIALECTS)('publishing on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;
  let dev: DeveloperServer;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
    dev = await startDeveloperServer('pubtoken');
  });
  afterAll(async () => {
    await dev.close();
    await kit.p.close();
  });

  let account: AccountsTable;
  let token: string;
  let cover: string;
  beforeEach(async () => {
    account = await buildAccount(kit.p.ctx);
    token = await kit.token(account);
    cover = await addCover();
    const saved = await ownApi(kit.p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: 'pubtoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    dev.received.length = 0;
  });

  /** Runs due jobs until none are left (the worker is off in tests). */
  const drain = async () => {
    while ((await runDueJobs(kit.p.ctx, { limit: 4 })) > 0);
  };
  const post = (path: string, body: unknown) => kit.postJson(`/cgi-bin/${path}?access_token=${token}`, body);

  async function addCover(): Promise<string> {
    const res = await kit.upload(`/cgi-bin/material/add_material?access_token=${token}&type=image`, {
      filename: 'cover.png',
      bytes: await samplePng(47, 20),
    });
    return expectOk(res).media_id as string;
  }

  function article(extra: Record<string, unknown> = {}) {
    return { title: 'Hello', author: 'Ops', content: '<p>Body text</p>', thumb_media_id: cover, ...extra };
  }

  async function addDraft(articles: unknown[]): Promise<string> {
    return expectOk(await post('draft/add', { articles })).media_id as string;
  }

  async function submit(mediaId: string): Promise<{ publish_id: number; msg_data_id: number }> {
    const body = expectOk(await post('freepublish/submit', { media_id: mediaId }));
    return body as unknown as { publish_id: number; msg_data_id: number };
  }

  /** The PUBLISHJOBFINISH pushes the developer server got for this test's account, parsed. */
  function finishPushes(): { raw: string; xml: ParsedXml; info: ParsedXml }[] {
    return dev.received
      .filter((r) => r.method === 'POST' && r.body.includes('PUBLISHJOBFINISH'))
      .map((r) => {
        const xml = parseXml(r.body);
        return { raw: r.body, xml, info: xml.PublishEventInfo as ParsedXml };
      })
      .filter((p) => xmlText(p.xml, 'ToUserName') === account.original_id);
  }

  it('publishes a draft made through wechat-api: job, readable articles, PUBLISHJOBFINISH, draft gone', async () => {
    const api = new WechatAPI(account.appid, account.appsecret);
    api.endpoint = kit.base;
    const added = await sdkPost(api, '/cgi-bin/draft/add', {
      articles: [article({ title: 'One' }), article({ title: 'Two', content: '<p>Second</p>' })],
    });
    expect(added.errcode ?? 0).toBe(0);
    const mediaId = added.media_id as string;
    const got = await sdkPost(api, '/cgi-bin/draft/get', { media_id: mediaId });
    expect((got.news_item as { title: string }[]).map((a) => a.title)).toEqual(['One', 'Two']);

    const submitted = await sdkPost(api, '/cgi-bin/freepublish/submit', { media_id: mediaId });
    expect(submitted).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const publishId = submitted.publish_id as number;
    expect(typeof publishId).toBe('number');
    expect(typeof submitted.msg_data_id).toBe('number');

    // Pending until the job runs; publish_id is accepted as a string too.
    expect(expectOk(await post('freepublish/get', { publish_id: String(publishId) }))).toEqual({
      publish_id: publishId,
      publish_status: 1,
    });
    await drain();

    const status = expectOk(await post('freepublish/get', { publish_id: publishId }));
    const rows = await kit.p.ctx.db
      .selectFrom('articles')
      .selectAll()
      .where('account_id', '=', account.id)
      .orderBy('idx')
      .execute();
    expect(rows.map((r) => [r.source, r.idx, r.title, r.msg_data_id])).toEqual([
      ['publish', 0, 'One', submitted.msg_data_id],
      ['publish', 1, 'Two', submitted.msg_data_id],
    ]);
    const articleId = status.article_id as string;
    expect(status).toEqual({
      publish_id: publishId,
      publish_status: 0,
      article_id: articleId,
      article_detail: {
        count: 2,
        item: [
          { idx: 1, article_url: `${kit.base}/s/${rows[0]!.id}` },
          { idx: 2, article_url: `${kit.base}/s/${rows[1]!.id}` },
        ],
      },
    });
    expect(rows.every((r) => r.article_id === articleId)).toBe(true);

    const pushes = finishPushes();
    expect(pushes).toHaveLength(1);
    const { raw, xml, info } = pushes[0]!;
    expect(xmlText(xml, 'ToUserName')).toBe(account.original_id);
    expect(xmlText(xml, 'FromUserName')).toMatch(/^[A-Za-z0-9_-]{28}$/);
    expect(xmlText(xml, 'MsgType')).toBe('event');
    expect(xmlText(xml, 'Event')).toBe('PUBLISHJOBFINISH');
    expect(raw).toContain(
      `<PublishEventInfo><publish_id>${publishId}</publish_id><publish_status>0</publish_status>`,
    );
    expect(xmlText(info, 'article_id')).toBe(articleId);
    expect(raw).toContain(
      `<article_detail><count>2</count><item><idx>1</idx><article_url><![CDATA[${kit.base}/s/${rows[0]!.id}]]></article_url></item>`,
    );
    expect(raw).not.toContain('fail_idx');

    // WeChat removes a published draft from the draft box.
    expectErrcode(await post('draft/get', { media_id: mediaId }), 40007);

    const read = expectOk(await post('freepublish/getarticle', { article_id: articleId }));
    expect(read.news_item).toMatchObject([
      { title: 'One', url: `${kit.base}/s/${rows[0]!.id}`, is_deleted: false, thumb_media_id: cover },
      { title: 'Two', content: '<p>Second</p>', is_deleted: false },
    ]);
    const list = expectOk(await post('freepublish/batchget', { offset: 0, count: 20, no_content: 1 }));
    expect(list).toMatchObject({ total_count: 1, item_count: 1, item: [{ article_id: articleId }] });
    const item = (list.item as { update_time: number; content: { news_item: object[] } }[])[0]!;
    expect(typeof item.update_time).toBe('number');
    expect(item.content.news_item[0]).not.toHaveProperty('content');

    // A rerun of the job neither republishes nor pushes again.
    const pub = await kit.p.ctx.db
      .selectFrom('publications')
      .selectAll()
      .where('publish_id', '=', publishId)
      .executeTakeFirstOrThrow();
    expect(pub.finish_delivery_id).toBeTruthy();
    await kit.p.ctx.db.updateTable('jobs').set({ status: 'queued' }).where('id', '=', pub.job_id!).execute();
    await drain();
    expect(finishPushes()).toHaveLength(1);
    expect(
      await kit.p.ctx.db.selectFrom('articles').select('id').where('account_id', '=', account.id).execute(),
    ).toHaveLength(2);
  });

  it('fails the articles that contain an organisation’s sensitive word: status 4, fail_idx, draft kept', async () => {
    const words = `/organizations/${account.organization_id}/sensitive-words`;
    const added = await ownApi<{ id: string; word: string }>(kit.p, 'POST', words, { word: 'Forbidden' });
    expect(added.status).toBe(201);
    const again = await ownApi<{ id: string }>(kit.p, 'POST', words, { word: 'Forbidden' });
    expect(again).toMatchObject({ status: 200, body: { id: added.body.id } });
    const spare = await ownApi<{ id: string }>(kit.p, 'POST', words, { word: '违禁' });
    expect(
      (await ownApi<{ items: { word: string }[] }>(kit.p, 'GET', words)).body.items.map((w) => w.word),
    ).toEqual(['Forbidden', '违禁']);
    expect((await ownApi(kit.p, 'DELETE', `${words}/${spare.body.id}`)).status).toBe(204);
    expect((await ownApi(kit.p, 'DELETE', `${words}/${spare.body.id}`)).status).toBe(404);
    expect((await ownApi(kit.p, 'POST', words, { word: '  ' })).status).toBe(400);
    expect((await ownApi(kit.p, 'GET', '/organizations/nope/sensitive-words')).status).toBe(404);

    const mediaId = await addDraft([
      article({ content: '<p><a href="https://x.example/forbidden">clean</a> 违禁 is no longer a word</p>' }),
      article({ title: 'a FORBIDDEN title' }),
      article({ content: '<p>forb<b>idden</b> inside the text</p>' }),
    ]);
    const { publish_id: publishId } = await submit(mediaId);
    await drain();

    expect(expectOk(await post('freepublish/get', { publish_id: publishId }))).toEqual({
      publish_id: publishId,
      publish_status: 4,
      fail_idx: [2, 3],
    });
    const pushes = finishPushes();
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.raw).toContain(
      `<PublishEventInfo><publish_id>${publishId}</publish_id><publish_status>4</publish_status><fail_idx>2</fail_idx><fail_idx>3</fail_idx></PublishEventInfo>`,
    );
    expect(expectOk(await post('draft/get', { media_id: mediaId })).news_item).toHaveLength(3);
    expect(expectOk(await post('freepublish/batchget', { offset: 0, count: 20 }))).toMatchObject({
      total_count: 0,
      item: [],
    });
    expect(
      await kit.p.ctx.db.selectFrom('articles').select('id').where('account_id', '=', account.id).execute(),
    ).toEqual([]);
  });

  it('deletes one published article by 1-based index, then all (status 5)', async () => {
    const { publish_id: publishId } = await submit(
      await addDraft([article({ title: 'A' }), article({ title: 'B' })]),
    );
    await drain();
    const articleId = expectOk(await post('freepublish/get', { publish_id: publishId })).article_id as string;

    expectErrcode(await post('freepublish/delete', { article_id: articleId, index: 3 }), 40060);
    expectOk(await post('freepublish/delete', { article_id: articleId, index: 2 }));
    expect(expectOk(await post('freepublish/getarticle', { article_id: articleId })).news_item).toMatchObject(
      [
        { title: 'A', is_deleted: false },
        { title: 'B', is_deleted: true },
      ],
    );
    expect(expectOk(await post('freepublish/get', { publish_id: publishId })).publish_status).toBe(0);

    expectOk(await post('freepublish/delete', { article_id: articleId }));
    expect(expectOk(await post('freepublish/get', { publish_id: publishId })).publish_status).toBe(5);
    expect(expectOk(await post('freepublish/getarticle', { article_id: articleId })).news_item).toMatchObject(
      [{ is_deleted: true }, { is_deleted: true }],
    );
    expect(expectOk(await post('freepublish/batchget', { offset: 0, count: 20 }))).toMatchObject({
      total_count: 0,
    });
    const rows = await kit.p.ctx.db
      .selectFrom('articles')
      .select('deleted_at')
      .where('account_id', '=', account.id)
      .execute();
    expect(rows.every((r) => r.deleted_at !== null)).toBe(true);
  });

  it('answers each failure with WeChat’s errcode', async () => {
    expectErrcode(await post('freepublish/submit', { media_id: 'nope' }), 40007);
    expectErrcode(await post('freepublish/submit', {}), 40007);
    expectErrcode(await post('freepublish/get', { publish_id: 123 }), 53502);
    expectErrcode(await post('freepublish/get', { publish_id: 'abc' }), 47001);
    expectErrcode(await post('freepublish/getarticle', { article_id: 'nope' }), 53600);
    expectErrcode(await post('freepublish/delete', { article_id: 'nope' }), 53600);
    expectErrcode(await post('freepublish/batchget', { offset: 0, count: 21 }), 47001);

    // A cover deleted after the draft was saved fails the publish check at submit.
    const other = await addCover();
    const mediaId = await addDraft([article({ thumb_media_id: other })]);
    expectOk(await post('material/del_material', { media_id: other }));
    expectErrcode(await post('freepublish/submit', { media_id: mediaId }), 53503);

    // Another account's publication is not this account's.
    const { publish_id: publishId } = await submit(await addDraft([article()]));
    const stranger = await buildAccount(kit.p.ctx);
    const strangerToken = await kit.token(stranger);
    expectErrcode(
      await kit.postJson(`/cgi-bin/freepublish/get?access_token=${strangerToken}`, { publish_id: publishId }),
      53502,
    );

    const plain = await buildAccount(kit.p.ctx, { type: 'subscription', verified: false });
    expectErrcode(
      await kit.postJson(`/cgi-bin/freepublish/submit?access_token=${await kit.token(plain)}`, {
        media_id: 'x',
      }),
      48001,
    );
  });

  it('schedules a publish on the platform clock, lists it with counts, and cancels a pending one', async () => {
    const base = `/accounts/${account.appid}/publications`;
    const mediaId = await addDraft([article({ title: 'Later' })]);
    const at = kit.p.ctx.clock.now() + 3_600_000;
    const scheduled = await ownApi<Publication>(kit.p, 'POST', base, {
      draft_media_id: mediaId,
      publish_at: at,
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({ publish_status: 1, status: 'publishing', scheduled_at: at });
    const publishId = scheduled.body.publish_id;

    await drain();
    expect((await ownApi<Publication>(kit.p, 'GET', `${base}/${publishId}`)).body.publish_status).toBe(1);
    expect(finishPushes()).toHaveLength(0);

    await ownApi(kit.p, 'POST', '/sandbox/clock/advance', { seconds: 3599 });
    await drain();
    expect((await ownApi<Publication>(kit.p, 'GET', `${base}/${publishId}`)).body.publish_status).toBe(1);

    await ownApi(kit.p, 'POST', '/sandbox/clock/advance', { seconds: 2 });
    await drain();
    const done = await ownApi<Publication>(kit.p, 'GET', `${base}/${publishId}`);
    expect(done.body).toMatchObject({
      publish_status: 0,
      status: 'published',
      articles: [{ title: 'Later' }],
    });
    expect(done.body.finish_delivery_id).toBeTruthy();
    expect(finishPushes()).toHaveLength(1);
    expect(expectOk(await post('freepublish/get', { publish_id: publishId })).publish_status).toBe(0);

    // Counts come from the readable articles (readers move them; here the rows are set directly).
    await kit.p.ctx.db
      .updateTable('articles')
      .set({ read_count: 7, like_count: 2, comment_count: 1 })
      .where('account_id', '=', account.id)
      .execute();

    const pending = await ownApi<Publication>(kit.p, 'POST', base, {
      draft_media_id: await addDraft([article({ title: 'Never' })]),
      publish_at: kit.p.ctx.clock.now() + 60_000,
    });
    expect((await ownApi(kit.p, 'DELETE', `${base}/${pending.body.publish_id}`)).status).toBe(204);
    expect((await ownApi(kit.p, 'GET', `${base}/${pending.body.publish_id}`)).status).toBe(404);
    await ownApi(kit.p, 'POST', '/sandbox/clock/advance', { seconds: 120 });
    await drain();
    expect(finishPushes()).toHaveLength(1);
    const settled = await ownApi(kit.p, 'DELETE', `${base}/${publishId}`);
    expect(settled).toMatchObject({ status: 409, body: { code: 'PUBLICATION_NOT_CANCELLABLE' } });

    // Publish now through the console: no publish_at.
    const now = await ownApi<Publication>(kit.p, 'POST', base, {
      draft_media_id: await addDraft([article({ title: 'Now' })]),
    });
    expect(now.body.scheduled_at).toBeNull();
    await drain();

    const list = await ownApi<{ total_count: number; items: Publication[] }>(kit.p, 'GET', base);
    expect(list.body.total_count).toBe(2);
    expect(list.body.items.map((i) => [i.articles[0]!.title, i.status])).toEqual([
      ['Now', 'published'],
      ['Later', 'published'],
    ]);
    expect(list.body.items[1]!.counts).toEqual({ read: 7, like: 2, wow: 0, share: 0, comment: 1 });
    expect((await ownApi(kit.p, 'POST', base, { draft_media_id: 'nope' })).status).toBe(404);
  });
});
