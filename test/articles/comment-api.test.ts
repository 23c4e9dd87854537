/**
 * Comment management over the Open API (spec §15), on both dialects:
 * comment/open|close|list|markelect|unmarkelect|delete|reply/add|reply/delete
 * with (msg_data_id, 0-based index) addressing, list paging and types, each
 * success and WeChat's 88xxx errcodes; and the console's routes over the
 * same operations.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UsersTable } from '../../src/server/db/schema.ts';
import type { ArticleRow } from '../../src/server/modules/articles/record-articles.ts';
import { buildFollower, fetchToken } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { startArticlePlatform, type ArticleAccount, type ArticleKit } from './article-kit.ts';

interface ListedComment {
  user_comment_id: number;
  openid: string;
  create_time: number;
  content: string;
  comment_type: number;
  reply?: { content: string; create_time: number };
}

describe.each(DIALECTS)('comment/* on %s', (dialect) => {
  let kit: ArticleKit;
  let acc: ArticleAccount;
  let users: { user: UsersTable; openid: string }[];
  let first: ArticleRow;
  let second: ArticleRow;
  beforeAll(async () => {
    kit = await startArticlePlatform(dialect);
    acc = await kit.newAccount();
    users = [];
    for (let i = 0; i < 3; i++) {
      const f = await buildFollower(kit.p.ctx, acc.account);
      users.push({ user: f.user, openid: f.follower.openid });
    }
  });
  afterAll(async () => kit.p.close());

  /** A fresh two-article send, with comments 1..n on its second article (index 1). */
  beforeEach(async () => {
    const rows = await kit.publish(acc, [{ title: '第一篇' }, { title: '第二篇' }], { source: 'mass_send' });
    first = rows[0]!;
    second = rows[1]!;
  });
  const addComments = async (n: number) => {
    for (let i = 1; i <= n; i++) {
      const u = users[(i - 1) % users.length]!;
      const res = await kit.api('POST', `/users/${u.user.id}/articles/${second.id}/comments`, {
        content: `留言${i}`,
      });
      expect(res.status).toBe(201);
    }
  };
  const at = (extra: Record<string, unknown> = {}) => ({
    msg_data_id: second.msg_data_id,
    index: 1,
    ...extra,
  });
  const list = (extra: Record<string, unknown> = {}) =>
    kit.comment(acc.account, 'list', at({ begin: 0, count: 50, type: 0, ...extra }));

  it('lists comments oldest first with openid, time, type and reply; pages with begin/count; filters by type', async () => {
    // Seconds, read around the writes: a loaded machine may cross a second between them.
    const before = Math.floor(kit.p.ctx.clock.now() / 1000);
    await addComments(5);
    const after = Math.floor(kit.p.ctx.clock.now() / 1000);
    const all = await list();
    expect(all.errcode).toBe(0);
    expect(all.errmsg).toBe('ok');
    expect(all.total).toBe(5);
    const comments = all.comment as ListedComment[];
    expect(comments.map((c) => c.user_comment_id)).toEqual([1, 2, 3, 4, 5]);
    const { create_time: createTime, ...firstComment } = comments[0]!;
    expect(firstComment).toEqual({
      user_comment_id: 1,
      openid: users[0]!.openid,
      content: '留言1',
      comment_type: 0,
    });
    expect(createTime).toBeGreaterThanOrEqual(before);
    expect(createTime).toBeLessThanOrEqual(after);
    const page = await list({ begin: 2, count: 2 });
    expect(page.total).toBe(5);
    expect((page.comment as ListedComment[]).map((c) => c.user_comment_id)).toEqual([3, 4]);
    expect((await list({ begin: 10 })).comment as ListedComment[]).toEqual([]);

    expect((await kit.comment(acc.account, 'markelect', at({ user_comment_id: 2 }))).errcode).toBe(0);
    expect((await kit.comment(acc.account, 'markelect', at({ user_comment_id: 4 }))).errcode).toBe(0);
    // Electing twice is fine.
    expect((await kit.comment(acc.account, 'markelect', at({ user_comment_id: 4 }))).errcode).toBe(0);
    const elected = await list({ type: 2 });
    expect(elected.total).toBe(2);
    expect((elected.comment as ListedComment[]).map((c) => [c.user_comment_id, c.comment_type])).toEqual([
      [2, 1],
      [4, 1],
    ]);
    expect(((await list({ type: 1 })).comment as ListedComment[]).map((c) => c.user_comment_id)).toEqual([
      1, 3, 5,
    ]);
    expect((await kit.comment(acc.account, 'unmarkelect', at({ user_comment_id: 2 }))).errcode).toBe(0);
    expect((await list({ type: 2 })).total).toBe(1);

    // index defaults to 0: the first article, which has none. String ids are accepted.
    const firstList = await kit.comment(acc.account, 'list', {
      msg_data_id: String(first.msg_data_id),
      begin: 0,
      count: 10,
      type: 0,
    });
    expect(firstList).toMatchObject({ errcode: 0, total: 0, comment: [] });
  });

  it('answers 88010 for count outside 1–50, and 47001 for a bad type', async () => {
    expect((await list({ count: 0 })).errcode).toBe(88010);
    expect((await list({ count: 51 })).errcode).toBe(88010);
    expect((await list({ count: 50 })).errcode).toBe(0);
    expect((await list({ type: 3 })).errcode).toBe(47001);
  });

  it('answers 88001 for an unknown msg_data_id, an index past the articles, another account and a deleted article', async () => {
    expect((await kit.comment(acc.account, 'open', { msg_data_id: 999_999, index: 0 })).errcode).toBe(88001);
    expect((await kit.comment(acc.account, 'open', at({ index: 2 }))).errcode).toBe(88001);
    const other = await kit.newAccount();
    expect((await kit.comment(other.account, 'list', at({ begin: 0, count: 5, type: 0 }))).errcode).toBe(
      88001,
    );
    await kit.p.ctx.db
      .updateTable('articles')
      .set({ deleted_at: kit.p.ctx.clock.now() })
      .where('id', '=', second.id)
      .execute();
    const res = await kit.comment(acc.account, 'close', at());
    expect(res.errcode).toBe(88001);
    expect(res.errmsg).toMatch(/^msg_data is not exists/);
  });

  it('closes and opens comments: readers cannot write while closed', async () => {
    expect((await kit.comment(acc.account, 'close', at())).errcode).toBe(0);
    const refused = await kit.api<{ code: string }>(
      'POST',
      `/users/${users[0]!.user.id}/articles/${second.id}/comments`,
      { content: 'x' },
    );
    expect(refused.body.code).toBe('COMMENT_NO_PERMISSION');
    expect((await kit.article(second.id)).need_open_comment).toBe(0);
    expect((await kit.comment(acc.account, 'open', at())).errcode).toBe(0);
    expect(
      (await kit.api('POST', `/users/${users[0]!.user.id}/articles/${second.id}/comments`, { content: 'x' }))
        .status,
    ).toBe(201);
  });

  it('replies once (88005 twice, 88007 empty or too long), deletes the reply (88009 without one)', async () => {
    await addComments(1);
    const target = at({ user_comment_id: 1 });
    expect((await kit.comment(acc.account, 'reply/add', { ...target, content: '' })).errcode).toBe(88007);
    expect(
      (await kit.comment(acc.account, 'reply/add', { ...target, content: '长'.repeat(1001) })).errcode,
    ).toBe(88007);
    const before = Math.floor(kit.p.ctx.clock.now() / 1000);
    expect((await kit.comment(acc.account, 'reply/add', { ...target, content: '感谢留言' })).errcode).toBe(0);
    const after = Math.floor(kit.p.ctx.clock.now() / 1000);
    expect((await kit.comment(acc.account, 'reply/add', { ...target, content: '再回复' })).errcode).toBe(
      88005,
    );
    const listed = (await list()).comment as ListedComment[];
    expect(listed[0]!.reply?.content).toBe('感谢留言');
    expect(listed[0]!.reply?.create_time).toBeGreaterThanOrEqual(before);
    expect(listed[0]!.reply?.create_time).toBeLessThanOrEqual(after);
    // The writer sees the reply under their comment.
    const view = await kit.api<{ comments: { reply: { content: string } | null }[] }>(
      'GET',
      `/users/${users[0]!.user.id}/articles/${second.id}`,
    );
    expect(view.body.comments[0]!.reply?.content).toBe('感谢留言');

    expect((await kit.comment(acc.account, 'reply/delete', target)).errcode).toBe(0);
    expect(((await list()).comment as ListedComment[])[0]!.reply).toBeUndefined();
    expect((await kit.comment(acc.account, 'reply/delete', target)).errcode).toBe(88009);
  });

  it('deletes a comment (88008 afterwards and for unknown numbers; 88004 once its writer deleted it)', async () => {
    await addComments(3);
    expect((await kit.comment(acc.account, 'delete', at({ user_comment_id: 2 }))).errcode).toBe(0);
    expect((await list()).total).toBe(2);
    expect((await kit.article(second.id)).comment_count).toBe(2);
    for (const path of ['delete', 'markelect', 'unmarkelect', 'reply/delete']) {
      expect((await kit.comment(acc.account, path, at({ user_comment_id: 2 }))).errcode, path).toBe(88008);
      expect((await kit.comment(acc.account, path, at({ user_comment_id: 99 }))).errcode, path).toBe(88008);
    }
    expect(
      (await kit.comment(acc.account, 'reply/add', at({ user_comment_id: 2, content: 'x' }))).errcode,
    ).toBe(88008);

    // Comment 1 is users[0]'s: they delete it themselves.
    expect(
      (await kit.api('DELETE', `/users/${users[0]!.user.id}/articles/${second.id}/comments/1`)).status,
    ).toBe(204);
    for (const path of ['delete', 'markelect', 'unmarkelect', 'reply/delete']) {
      const res = await kit.comment(acc.account, path, at({ user_comment_id: 1 }));
      expect(res.errcode, path).toBe(88004);
      expect(res.errmsg).toMatch(/^comment was deleted by user/);
    }
    expect(
      (await kit.comment(acc.account, 'reply/add', at({ user_comment_id: 1, content: 'x' }))).errcode,
    ).toBe(88004);
    expect((await list()).total).toBe(1);
  });

  it('caps elected comments at 100 (88003)', async () => {
    // 101 comments straight into the table: the cap, not the writing, is under test.
    const now = kit.p.ctx.clock.now();
    const rows = Array.from({ length: 101 }, (_, i) => ({
      id: `cmt_cap_${second.id}_${i}`,
      article_ref: second.id,
      user_comment_id: i + 1,
      user_id: users[0]!.user.id,
      openid: users[0]!.openid,
      content: `c${i}`,
      comment_type: i < 100 ? 1 : 0,
      reply_content: null,
      reply_created_at: null,
      deleted_by: null,
      created_at: now,
    }));
    await kit.p.ctx.db.insertInto('article_comments').values(rows).execute();
    expect((await kit.comment(acc.account, 'markelect', at({ user_comment_id: 101 }))).errcode).toBe(88003);
    expect((await kit.comment(acc.account, 'unmarkelect', at({ user_comment_id: 1 }))).errcode).toBe(0);
    expect((await kit.comment(acc.account, 'markelect', at({ user_comment_id: 101 }))).errcode).toBe(0);
  });

  it('needs the comment permission: an unverified subscription account gets 48001', async () => {
    const plain = await kit.newAccount({ type: 'subscription', verified: false });
    const token = await fetchToken(kit.p, plain.account);
    const res = await kit.p.app.inject({
      method: 'POST',
      url: `/cgi-bin/comment/open?access_token=${token}`,
      payload: JSON.stringify(at()),
    });
    expect(res.json<{ errcode: number }>().errcode).toBe(48001);
  });

  it('gives the console the same operations under /gz/v1/accounts/:appid/articles/:id/comments', async () => {
    await addComments(2);
    const base = `/accounts/${acc.account.appid}/articles/${second.id}`;
    const listed = await kit.api<{
      total: number;
      items: { user_comment_id: number; nickname: string; comment_type: number }[];
    }>('GET', `${base}/comments?type=0&begin=0&count=10`);
    expect(listed.body.total).toBe(2);
    expect(listed.body.items[0]!.nickname).toBe(users[0]!.user.nickname);
    expect((await kit.api('PUT', `${base}/comments/1/elected`)).status).toBe(204);
    expect((await kit.api('PUT', `${base}/comments/1/reply`, { content: '谢谢' })).status).toBe(204);
    const again = await kit.api<{ code: string }>('PUT', `${base}/comments/1/reply`, { content: '谢谢' });
    expect([again.status, again.body.code]).toEqual([409, 'COMMENT_ALREADY_REPLIED']);
    const elected = await kit.api<{ items: { user_comment_id: number; reply?: { content: string } }[] }>(
      'GET',
      `${base}/comments?type=2`,
    );
    expect(elected.body.items).toMatchObject([{ user_comment_id: 1, reply: { content: '谢谢' } }]);
    expect((await kit.api('DELETE', `${base}/comments/1/reply`)).status).toBe(204);
    expect((await kit.api('DELETE', `${base}/comments/1/elected`)).status).toBe(204);
    expect((await kit.api('DELETE', `${base}/comments/2`)).status).toBe(204);
    const gone = await kit.api<{ code: string }>('DELETE', `${base}/comments/2`);
    expect([gone.status, gone.body.code]).toEqual([404, 'COMMENT_NOT_FOUND']);
    expect((await kit.api('PUT', `${base}/comment-settings`, { open: false })).body).toEqual({ open: false });
    expect((await kit.article(second.id)).need_open_comment).toBe(0);
    const tooMany = await kit.api('GET', `${base}/comments?count=51`);
    expect(tooMany.status).toBe(400);
    // Another account's article is not found under this account.
    const other = await kit.newAccount();
    expect(
      (await kit.api('GET', `/accounts/${other.account.appid}/articles/${second.id}/comments`)).status,
    ).toBe(404);
    const one = await kit.api<{ title: string; comment_count: number; content: string }>('GET', base);
    expect(one.body).toMatchObject({ title: '第二篇', comment_count: 1, content: '<p>正文</p>' });
  });
});
