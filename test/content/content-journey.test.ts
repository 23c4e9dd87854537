/**
 * Issue 6's journey, end to end over a real socket on both dialects: a
 * cover and an in-article image uploaded through the published wechat-api
 * SDK → draft/add with hostile HTML → freepublish/submit → the publish job →
 * PUBLISHJOBFINISH at a real developer server → freepublish/get's article_url
 * → the public page (content and our image there, no script, handler or
 * javascript: link) → two followers read, like, wow, share and comment
 * through the follower API → the operator's counts, comment/list,
 * markelect + reply/add → a follower sees the elected comment and its reply,
 * and the event log holds every action with the follower and the source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable, FollowersTable, UsersTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { parseXml, xmlText, type ParsedXml } from '../../src/server/wechat/xml.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildFollower } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { sdkCall, startMediaPlatform, type WechatBody } from '../media/media-kit.ts';

interface ReaderComment {
  user_comment_id: number;
  nickname: string;
  content: string;
  elected: boolean;
  mine: boolean;
  reply: { content: string; create_time: number } | null;
}
interface ReaderArticle {
  id: string;
  title: string;
  content: string;
  read_count: number;
  like_count: number;
  wow_count: number;
  share_count: number;
  comment_count: number;
  liked: boolean;
  wowed: boolean;
  comments: ReaderComment[];
}

describe.each(DIALECTS)('the content journey on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;
  let dev: DeveloperServer;
  let account: AccountsTable;

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
    dev = await startDeveloperServer('journeytoken');
    account = await buildAccount(kit.p.ctx);
  });
  afterAll(async () => {
    await dev.close();
    await kit.p.close();
  });

  /** Any call over the socket; our own API carries the admin key. */
  async function call<T = WechatBody>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const own = path.startsWith('/gz/v1/');
    const res = await fetch(`${kit.base}${path}`, {
      method,
      headers: {
        ...(own ? kit.p.adminHeaders : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
  let token: string;
  /** An Open API call that must succeed. */
  async function wechat(path: string, body: unknown): Promise<WechatBody> {
    const res = await call('POST', `/cgi-bin/${path}?access_token=${token}`, body);
    expect(res.status).toBe(200);
    expect(res.body.errcode ?? 0, JSON.stringify(res.body)).toBe(0);
    return res.body;
  }
  const drain = async () => {
    while ((await runDueJobs(kit.p.ctx, { limit: 4 })) > 0);
  };

  it('uploads, drafts, publishes, serves a clean page, collects reader activity and shows it to the operator', async () => {
    const saved = await call('PUT', `/gz/v1/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: 'journeytoken',
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    // 1. Media through the SDK: a permanent cover and an in-article image.
    const sdk = kit.sdk(account);
    const coverBytes = await samplePng(235, 100);
    const cover = await sdkCall<WechatBody>((cb) =>
      sdk.uploadMaterial(kit.writeFile('cover.png', coverBytes), 'image', cb),
    );
    expect(cover.err).toBeNull();
    const coverId = cover.data.media_id as string;
    const inlineBytes = await samplePng(64, 48);
    const inline = await sdkCall<WechatBody>((cb) =>
      sdk.uploadImage(kit.writeFile('inline.png', inlineBytes), cb),
    );
    expect(inline.err).toBeNull();
    const imageUrl = inline.data.url as string;
    expect(imageUrl).toMatch(new RegExp(`^${kit.base}/mmbiz/[A-Za-z0-9_-]+$`));
    const imagePath = new URL(imageUrl).pathname;

    // 2. A draft whose content mixes our image with hostile HTML.
    const tokenRes = await call<{ access_token: string }>(
      'GET',
      `/cgi-bin/token?grant_type=client_credential&appid=${account.appid}&secret=${account.appsecret}`,
    );
    token = tokenRes.body.access_token;
    const content = [
      '<p>正文开始 journey body</p>',
      `<p><img src="${imageUrl}" alt="inline" onerror="alert(1)"></p>`,
      '<script>document.cookie</script>',
      '<p><a href="javascript:alert(2)">click</a> <a href="https://example.com/ok">ok link</a></p>',
      '<img src="x" onerror="alert(3)">',
    ].join('');
    const draft = await wechat('draft/add', {
      articles: [
        {
          title: '旅程文章',
          author: '编辑部',
          digest: '一次完整的旅程',
          content,
          content_source_url: 'https://example.com/original',
          thumb_media_id: coverId,
          need_open_comment: 1,
          only_fans_can_comment: 0,
        },
      ],
    });

    // 3. Submit, run the job, receive PUBLISHJOBFINISH.
    const submitted = await wechat('freepublish/submit', { media_id: draft.media_id });
    const publishId = submitted.publish_id as number;
    dev.received.length = 0;
    await drain();
    const pushes = dev.received
      .filter((r) => r.method === 'POST' && r.body.includes('PUBLISHJOBFINISH'))
      .map((r) => parseXml(r.body));
    expect(pushes).toHaveLength(1);
    const info = pushes[0]!.PublishEventInfo as ParsedXml;
    expect(xmlText(pushes[0]!, 'ToUserName')).toBe(account.original_id);
    expect(xmlText(info, 'publish_id')).toBe(String(publishId));
    expect(xmlText(info, 'publish_status')).toBe('0');

    const status = await wechat('freepublish/get', { publish_id: publishId });
    expect(status.publish_status).toBe(0);
    expect(xmlText(info, 'article_id')).toBe(status.article_id);
    const detail = status.article_detail as { count: number; item: { idx: number; article_url: string }[] };
    expect(detail.count).toBe(1);
    const articleUrl = detail.item[0]!.article_url;
    expect(articleUrl).toMatch(new RegExp(`^${kit.base}/s/`));
    const articleId = new URL(articleUrl).pathname.slice('/s/'.length);

    // 4. The public page, as a browser would fetch it.
    const page = await fetch(articleUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('旅程文章');
    expect(html).toContain('正文开始 journey body');
    expect(html).toContain(`src="${imagePath}"`);
    expect(html).toContain('href="https://example.com/ok"');
    expect(html).not.toMatch(/document\.cookie|alert\(|onerror|javascript:/i);
    // The 2.35:1 cover made from the SDK-uploaded material, and the original-link button.
    expect(html).toContain(`src="/mmbiz/${coverId}/cover-2.35"`);
    const coverFile = await fetch(new URL(`/mmbiz/${coverId}/cover-2.35`, kit.base));
    expect(coverFile.status).toBe(200);
    expect(coverFile.headers.get('content-type')).toMatch(/^image\//);
    expect(html).toContain('href="https://example.com/original"');
    const image = await fetch(new URL(imagePath, kit.base));
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(inlineBytes)).toBe(true);

    // 5. Two followers read (with sources), like, wow, share and comment.
    const readers: { user: UsersTable; follower: FollowersTable }[] = [
      await buildFollower(kit.p.ctx, account),
      await buildFollower(kit.p.ctx, account),
    ];
    const [alice, bob] = readers as [(typeof readers)[0], (typeof readers)[0]];
    const reader = (who: { user: UsersTable }) => `/gz/v1/users/${who.user.id}/articles/${articleId}`;
    const ok = async <T = ReaderArticle>(
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      path: string,
      body?: unknown,
    ): Promise<T> => {
      const res = await call<T>(method, path, body);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body;
    };
    await ok('POST', `${reader(alice)}/read`, { source: 'mass_send' });
    await ok('POST', `${reader(bob)}/read`, { source: 'moments' });
    await ok('POST', `${reader(alice)}/like`, { source: 'mass_send' });
    await ok('POST', `${reader(bob)}/like`, { source: 'moments' });
    await ok('POST', `${reader(alice)}/wow`, { source: 'mass_send' });
    await ok('POST', `${reader(alice)}/share`, { to: 'friend', source: 'mass_send' });
    await ok('POST', `${reader(bob)}/share`, { to: 'moments', source: 'moments' });
    const first = await ok<ReaderComment>('POST', `${reader(alice)}/comments`, {
      content: '写得真好',
      source: 'mass_send',
    });
    const second = await ok<ReaderComment>('POST', `${reader(bob)}/comments`, {
      content: '学到了',
      source: 'moments',
    });
    expect([first.user_comment_id, second.user_comment_id]).toEqual([1, 2]);
    const aliceView = await ok('GET', reader(alice));
    expect(aliceView).toMatchObject({
      read_count: 2,
      like_count: 2,
      wow_count: 1,
      share_count: 2,
      comment_count: 2,
      liked: true,
      wowed: true,
    });

    // 6. The operator's view.
    const publications = await ok<{ items: { publish_id: number; counts: Record<string, number> }[] }>(
      'GET',
      `/gz/v1/accounts/${account.appid}/publications`,
    );
    expect(publications.items.find((p) => p.publish_id === publishId)?.counts).toEqual({
      read: 2,
      like: 2,
      wow: 1,
      share: 2,
      comment: 2,
    });
    const articles = await ok<{ items: { id: string; url: string; [k: string]: unknown }[] }>(
      'GET',
      `/gz/v1/accounts/${account.appid}/articles`,
    );
    expect(articles.items.find((a) => a.id === articleId)).toMatchObject({
      url: articleUrl,
      read_count: 2,
      like_count: 2,
      wow_count: 1,
      share_count: 2,
      comment_count: 2,
    });

    const msgDataId = submitted.msg_data_id as number;
    const listed = await wechat('comment/list', {
      msg_data_id: msgDataId,
      index: 0,
      begin: 0,
      count: 50,
      type: 0,
    });
    expect(listed.total).toBe(2);
    expect(listed.comment).toMatchObject([
      { user_comment_id: 1, openid: alice.follower.openid, content: '写得真好', comment_type: 0 },
      { user_comment_id: 2, openid: bob.follower.openid, content: '学到了', comment_type: 0 },
    ]);
    await wechat('comment/markelect', { msg_data_id: msgDataId, index: 0, user_comment_id: 2 });
    await wechat('comment/reply/add', {
      msg_data_id: msgDataId,
      index: 0,
      user_comment_id: 2,
      content: '谢谢支持',
    });

    // 7. Another reader sees the elected comment and its reply.
    const aliceAgain = await ok('GET', reader(alice));
    const elected = aliceAgain.comments.find((c) => c.user_comment_id === 2);
    expect(elected).toMatchObject({
      content: '学到了',
      elected: true,
      mine: false,
      reply: { content: '谢谢支持' },
    });
    expect(await fetch(articleUrl).then((r) => r.text())).toContain('谢谢支持');

    // 8. The event log: every action with the follower and its source.
    const log = await ok<{
      items: { type: string; user_id: string; openid: string; detail: Record<string, unknown> }[];
    }>('GET', `/gz/v1/events?appid=${account.appid}&limit=1000`);
    const actions = log.items
      .filter((e) => e.type.startsWith('article_') && e.detail.article_id === articleId)
      .map((e) => [
        e.type,
        e.user_id,
        e.openid,
        e.detail.source ?? null,
        e.detail.to ?? null,
        e.detail.msg_data_id,
      ]);
    const a = [alice.user.id, alice.follower.openid];
    const b = [bob.user.id, bob.follower.openid];
    expect(actions).toEqual([
      ['article_read', ...a, 'mass_send', null, msgDataId],
      ['article_read', ...b, 'moments', null, msgDataId],
      ['article_like', ...a, 'mass_send', null, msgDataId],
      ['article_like', ...b, 'moments', null, msgDataId],
      ['article_wow', ...a, 'mass_send', null, msgDataId],
      ['article_share', ...a, 'mass_send', 'friend', msgDataId],
      ['article_share', ...b, 'moments', 'moments', msgDataId],
      ['article_comment', ...a, 'mass_send', null, msgDataId],
      ['article_comment', ...b, 'moments', null, msgDataId],
    ]);
  });
});
