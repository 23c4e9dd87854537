/**
 * The reader's API (what the follower client calls) on both dialects:
 * viewing, reads with their source, likes and wows (idempotent), shares,
 * comments (open/closed, followers only, length) and deleting one's own;
 * every counter and event-log row a user or an analyst would check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersTable } from '../../src/server/db/schema.ts';
import { buildFollower } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { startArticlePlatform, type ArticleAccount, type ArticleKit } from './article-kit.ts';

interface ReaderArticle {
  id: string;
  title: string;
  content?: string;
  deleted?: boolean;
  read_count: number;
  like_count: number;
  wow_count: number;
  share_count: number;
  comment_count: number;
  liked: boolean;
  wowed: boolean;
  can_comment: boolean;
  comments: { user_comment_id: number; content: string; mine: boolean; elected: boolean }[];
}

describe.each(DIALECTS)('reading articles on %s', (dialect) => {
  let kit: ArticleKit;
  let acc: ArticleAccount;
  let follower: UsersTable;
  let openid: string;
  beforeAll(async () => {
    kit = await startArticlePlatform(dialect);
    acc = await kit.newAccount();
    const f = await buildFollower(kit.p.ctx, acc.account);
    follower = f.user;
    openid = f.follower.openid;
  });
  afterAll(async () => kit.p.close());

  const reader = (userId: string, articleId: string) => `/users/${userId}/articles/${articleId}`;

  it('counts each read with its source and logs it for the follower', async () => {
    const [a] = await kit.publish(acc, [{ title: '阅读计数', content: '<p>正文</p>' }]);
    const first = await kit.api<ReaderArticle>('POST', `${reader(follower.id, a!.id)}/read`, {
      source: 'mass_send',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      title: '阅读计数',
      content: '<p>正文</p>',
      read_count: 1,
      liked: false,
      wowed: false,
    });
    await kit.api('POST', `${reader(follower.id, a!.id)}/read`, { source: 'moments' });
    expect((await kit.article(a!.id)).read_count).toBe(2);

    const reads = (await kit.events(acc.account)).filter(
      (e) => e.type === 'article_read' && e.detail.article_id === a!.id,
    );
    expect(
      reads.map((e) => [e.user_id, e.openid, e.detail.source, e.detail.msg_data_id, e.detail.idx]),
    ).toEqual([
      [follower.id, openid, 'mass_send', a!.msg_data_id, 0],
      [follower.id, openid, 'moments', a!.msg_data_id, 0],
    ]);
    const bad = await kit.api('POST', `${reader(follower.id, a!.id)}/read`, { source: 'telepathy' });
    expect(bad.status).toBe(400);
    expect(
      (await kit.api('POST', `${reader(follower.id, 'art_missing')}/read`, { source: 'search' })).status,
    ).toBe(404);
    expect((await kit.api('POST', `${reader('usr_missing', a!.id)}/read`, { source: 'search' })).status).toBe(
      404,
    );
  });

  it('gives a non-follower reading from Moments an openid (unsubscribed) for the log', async () => {
    const [a] = await kit.publish(acc, [{ title: '朋友圈' }]);
    const stranger = await kit.api<{ id: string }>('POST', '/users', { nickname: '路人' });
    expect(
      (await kit.api('POST', `${reader(stranger.body.id, a!.id)}/read`, { source: 'moments' })).status,
    ).toBe(200);
    const row = await kit.p.ctx.db
      .selectFrom('followers')
      .selectAll()
      .where('account_id', '=', acc.account.id)
      .where('user_id', '=', stranger.body.id)
      .executeTakeFirstOrThrow();
    expect(row.subscribed).toBe(0);
    const entry = (await kit.events(acc.account)).find(
      (e) => e.type === 'article_read' && e.user_id === stranger.body.id,
    );
    expect(entry).toMatchObject({ openid: row.openid, detail: { source: 'moments', subscribed: false } });
  });

  it('likes and wows idempotently, moving the counters with the state, and undoes them', async () => {
    const [a] = await kit.publish(acc, [{ title: '点赞' }]);
    const other = await buildFollower(kit.p.ctx, acc.account);
    const url = reader(follower.id, a!.id);
    let view = (await kit.api<ReaderArticle>('POST', `${url}/like`, { source: 'conversation' })).body;
    expect(view).toMatchObject({ liked: true, like_count: 1, wowed: false });
    view = (await kit.api<ReaderArticle>('POST', `${url}/like`)).body;
    expect(view.like_count).toBe(1);
    await kit.api('POST', `${reader(other.user.id, a!.id)}/like`);
    view = (await kit.api<ReaderArticle>('POST', `${url}/wow`)).body;
    expect(view).toMatchObject({ liked: true, wowed: true, like_count: 2, wow_count: 1 });

    view = (await kit.api<ReaderArticle>('DELETE', `${url}/like`)).body;
    expect(view).toMatchObject({ liked: false, like_count: 1 });
    view = (await kit.api<ReaderArticle>('DELETE', `${url}/like`)).body;
    expect(view.like_count).toBe(1);
    // The other reader still sees their own like.
    expect((await kit.api<ReaderArticle>('GET', reader(other.user.id, a!.id))).body).toMatchObject({
      liked: true,
      wowed: false,
    });

    const log = (await kit.events(acc.account))
      .filter((e) => e.detail.article_id === a!.id && e.user_id === follower.id)
      .map((e) => [e.type, e.detail.on, e.detail.source]);
    expect(log).toEqual([
      ['article_like', true, 'conversation'],
      ['article_wow', true, null],
      ['article_like', false, null],
    ]);
    const page = (await kit.page(`/s/${a!.id}`)).body;
    expect(page).toContain('赞 1');
    expect(page).toContain('在看 1');
  });

  it('counts shares to a friend and to Moments with an event each', async () => {
    const [a] = await kit.publish(acc, [{ title: '分享' }]);
    const url = reader(follower.id, a!.id);
    await kit.api('POST', `${url}/share`, { to: 'friend', source: 'mass_send' });
    const view = (await kit.api<ReaderArticle>('POST', `${url}/share`, { to: 'moments' })).body;
    expect(view.share_count).toBe(2);
    expect((await kit.api('POST', `${url}/share`, { to: 'weibo' })).status).toBe(400);
    const shares = (await kit.events(acc.account)).filter(
      (e) => e.type === 'article_share' && e.detail.article_id === a!.id,
    );
    expect(shares.map((e) => [e.detail.to, e.detail.source])).toEqual([
      ['friend', 'mass_send'],
      ['moments', null],
    ]);
  });

  it('takes comments where open, shows a writer their own unelected ones, and lets them delete them', async () => {
    const [a] = await kit.publish(acc, [{ title: '留言' }]);
    const url = reader(follower.id, a!.id);
    const posted = await kit.api<{
      user_comment_id: number;
      mine: boolean;
      elected: boolean;
      content: string;
    }>('POST', `${url}/comments`, { content: '  写得好  ', source: 'mass_send' });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ user_comment_id: 1, mine: true, elected: false, content: '写得好' });
    const second = await kit.api<{ user_comment_id: number }>('POST', `${url}/comments`, {
      content: '第二条',
    });
    expect(second.body.user_comment_id).toBe(2);

    const mine = (await kit.api<ReaderArticle>('GET', url)).body;
    expect(mine.comment_count).toBe(2);
    expect(mine.comments.map((c) => [c.user_comment_id, c.mine])).toEqual([
      [1, true],
      [2, true],
    ]);
    // Someone else sees none of them until one is elected.
    const other = await buildFollower(kit.p.ctx, acc.account);
    expect((await kit.api<ReaderArticle>('GET', reader(other.user.id, a!.id))).body.comments).toEqual([]);
    await kit.comment(acc.account, 'markelect', {
      msg_data_id: a!.msg_data_id,
      index: 0,
      user_comment_id: 2,
    });
    expect(
      (await kit.api<ReaderArticle>('GET', reader(other.user.id, a!.id))).body.comments.map((c) => c.content),
    ).toEqual(['第二条']);

    // The writer deletes comment 1: gone from their view, the counter drops, comment/* answers 88004.
    expect((await kit.api('DELETE', `${url}/comments/1`)).status).toBe(204);
    expect((await kit.api('DELETE', `${url}/comments/1`)).status).toBe(204);
    expect((await kit.api('DELETE', `${reader(other.user.id, a!.id)}/comments/2`)).status).toBe(404);
    const after = (await kit.api<ReaderArticle>('GET', url)).body;
    expect(after.comment_count).toBe(1);
    expect(after.comments.map((c) => c.user_comment_id)).toEqual([2]);
    const answer = await kit.comment(acc.account, 'markelect', {
      msg_data_id: a!.msg_data_id,
      index: 0,
      user_comment_id: 1,
    });
    expect(answer.errcode).toBe(88004);

    const log = (await kit.events(acc.account))
      .filter((e) => e.type === 'article_comment' && e.detail.article_id === a!.id)
      .map((e) => [e.detail.action, e.detail.user_comment_id, e.detail.source ?? null]);
    expect(log).toEqual([
      ['add', 1, 'mass_send'],
      ['add', 2, null],
      ['delete', 1, null],
    ]);
  });

  it('refuses comments when closed (88000), from non-followers when only_fans_can_comment, and empty or over 600 characters', async () => {
    const [closed, fansOnly] = await kit.publish(acc, [
      { title: '关闭留言', need_open_comment: 0 },
      { title: '仅粉丝', only_fans_can_comment: 1 },
    ]);
    const no = await kit.api<{ code: string; message: string }>(
      'POST',
      `${reader(follower.id, closed!.id)}/comments`,
      { content: 'x' },
    );
    expect(no.status).toBe(403);
    expect(no.body.code).toBe('COMMENT_NO_PERMISSION');
    expect((await kit.api<ReaderArticle>('GET', reader(follower.id, closed!.id))).body.can_comment).toBe(
      false,
    );

    const left = await buildFollower(kit.p.ctx, acc.account, { subscribed: false });
    const refused = await kit.api<{ code: string; message: string }>(
      'POST',
      `${reader(left.user.id, fansOnly!.id)}/comments`,
      {
        content: '我已取关',
      },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('COMMENTS_FOLLOWERS_ONLY');
    expect(refused.body.message).toContain('follow');
    expect((await kit.api<ReaderArticle>('GET', reader(left.user.id, fansOnly!.id))).body.can_comment).toBe(
      false,
    );
    expect(
      (await kit.api('POST', `${reader(follower.id, fansOnly!.id)}/comments`, { content: '粉丝留言' }))
        .status,
    ).toBe(201);
    const blocked = await buildFollower(kit.p.ctx, acc.account);
    await kit.p.ctx.db
      .updateTable('followers')
      .set({ blacklisted: 1 })
      .where('id', '=', blocked.follower.id)
      .execute();
    const noBlocked = await kit.api<{ code: string }>(
      'POST',
      `${reader(blocked.user.id, fansOnly!.id)}/comments`,
      {
        content: '被拉黑',
      },
    );
    expect([noBlocked.status, noBlocked.body.code]).toEqual([403, 'COMMENT_NO_PERMISSION']);

    expect(
      (await kit.api('POST', `${reader(follower.id, fansOnly!.id)}/comments`, { content: '   ' })).status,
    ).toBe(400);
    expect(
      (await kit.api('POST', `${reader(follower.id, fansOnly!.id)}/comments`, { content: '长'.repeat(601) }))
        .status,
    ).toBe(400);
    expect(
      (await kit.api('POST', `${reader(follower.id, fansOnly!.id)}/comments`, { content: '长'.repeat(600) }))
        .status,
    ).toBe(201);
    expect((await kit.article(fansOnly!.id)).comment_count).toBe(2);
  });

  it('keeps numbers and counters exact under concurrent comments and double likes', async () => {
    const [a] = await kit.publish(acc, [{ title: '并发' }]);
    const writers = await Promise.all(Array.from({ length: 6 }, () => buildFollower(kit.p.ctx, acc.account)));
    const posted = await Promise.all(
      writers.map((w, i) =>
        kit.api<{ user_comment_id: number }>('POST', `${reader(w.user.id, a!.id)}/comments`, {
          content: `并发${i}`,
        }),
      ),
    );
    expect(posted.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(posted.map((r) => r.body.user_comment_id).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    const likes = await Promise.all(
      [...writers, ...writers].map((w) => kit.api('POST', `${reader(w.user.id, a!.id)}/like`)),
    );
    expect(likes.map((r) => r.status)).toEqual(Array(12).fill(200));
    const row = await kit.article(a!.id);
    expect([row.comment_count, row.like_count]).toEqual([6, 6]);
  });

  it('answers a deleted article as deleted: no content, and actions refused with 410', async () => {
    const [a] = await kit.publish(acc, [{ title: '删除了', content: '<p>秘密</p>' }]);
    await kit.p.ctx.db
      .updateTable('articles')
      .set({ deleted_at: kit.p.ctx.clock.now() })
      .where('id', '=', a!.id)
      .execute();
    const view = await kit.api<ReaderArticle>('GET', reader(follower.id, a!.id));
    expect(view.body).toMatchObject({ deleted: true, title: '删除了' });
    expect(view.body.content).toBeUndefined();
    const read = await kit.api<{ code: string }>('POST', `${reader(follower.id, a!.id)}/read`, {
      source: 'profile',
    });
    expect(read.status).toBe(410);
    expect(read.body.code).toBe('ARTICLE_DELETED');
    expect((await kit.api('POST', `${reader(follower.id, a!.id)}/like`)).status).toBe(410);
  });
});
