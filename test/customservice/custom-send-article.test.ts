/**
 * message/custom/send with `mpnewsarticle` (§7.1) on both dialects: the
 * article_id must be a publication of this account that is still published
 * (40007 with a clear errmsg for an unknown one, another account's, or one
 * freepublish/delete removed), and the follower's copy carries each live
 * article as a card (title, digest, cover thumb_url, the /s/ page) that a
 * follower client can draw and open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable, UsersTable } from '../../src/server/db/schema.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import type { MessageBody } from '../helpers/api-types.ts';
import { buildAccount, buildFollower, ownApi } from '../helpers/factories.ts';
import { DIALECTS } from '../helpers/platform.ts';
import { expectErrcode, expectOk, startMediaPlatform } from '../media/media-kit.ts';

interface Card {
  title: string;
  author: string;
  digest: string;
  thumb_media_id: string;
  thumb_url: string;
  url: string;
}

describe.each(DIALECTS)('custom/send mpnewsarticle on %s', (dialect) => {
  let kit: Awaited<ReturnType<typeof startMediaPlatform>>;
  let account: AccountsTable;
  let token: string;
  let cover: string;
  let reader: { user: UsersTable; openid: string };

  beforeAll(async () => {
    kit = await startMediaPlatform(dialect);
    account = await buildAccount(kit.p.ctx);
    token = await kit.token(account);
    cover = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${token}&type=image`, {
        filename: 'cover.png',
        bytes: await samplePng(235, 100),
      }),
    ).media_id as string;
    const f = await buildFollower(kit.p.ctx, account);
    reader = { user: f.user, openid: f.follower.openid };
  });
  afterAll(async () => kit.p.close());

  const post = (path: string, body: unknown, as = token) =>
    kit.postJson(`/cgi-bin/${path}?access_token=${as}`, body);
  const drain = async () => {
    while ((await runDueJobs(kit.p.ctx, { limit: 4 })) > 0);
  };

  /**
   * A published publication of `account` with these titles: its article_id
   * and article URLs. WeChat keeps a digest for single-article news only.
   */
  async function publish(
    titles: string[],
    as = token,
    thumb = cover,
  ): Promise<{ articleId: string; urls: string[] }> {
    const articles = titles.map((title) => ({
      title,
      digest: `${title}的摘要`,
      content: `<p>${title}</p>`,
      thumb_media_id: thumb,
    }));
    const draft = expectOk(await post('draft/add', { articles }, as)).media_id as string;
    const publishId = expectOk(await post('freepublish/submit', { media_id: draft }, as)).publish_id;
    await drain();
    const status = expectOk(await post('freepublish/get', { publish_id: publishId }, as));
    expect(status.publish_status).toBe(0);
    const items = (status.article_detail as { item: { article_url: string }[] }).item;
    return { articleId: status.article_id as string, urls: items.map((i) => i.article_url) };
  }

  /** The follower writes (opening the service window), then the account sends. */
  async function send(body: Record<string, unknown>) {
    const wrote = await ownApi(kit.p, 'POST', `/users/${reader.user.id}/accounts/${account.appid}/messages`, {
      msgtype: 'text',
      text: { content: '有新文章吗' },
    });
    expect(wrote.status).toBe(200);
    return post('message/custom/send', { touser: reader.openid, ...body });
  }
  const sendArticle = (articleId: string) =>
    send({ msgtype: 'mpnewsarticle', mpnewsarticle: { article_id: articleId } });

  async function lastReceived(): Promise<MessageBody & { mpnewsarticle?: Record<string, unknown> }> {
    const res = await ownApi<{ items: (MessageBody & { mpnewsarticle?: Record<string, unknown> })[] }>(
      kit.p,
      'GET',
      `/users/${reader.user.id}/accounts/${account.appid}/messages?limit=1`,
    );
    return res.body.items[0]!;
  }

  it('delivers the publication as article cards the follower can open', async () => {
    const { articleId, urls } = await publish(['单篇']);
    expect(expectOk(await sendArticle(articleId))).toEqual({ errcode: 0, errmsg: 'ok' });

    const got = await lastReceived();
    expect(got).toMatchObject({ direction: 'out', source: 'customer_service', msgtype: 'mpnewsarticle' });
    expect(got.mpnewsarticle).toEqual({
      article_id: articleId,
      article_count: 1,
      articles: [
        {
          title: '单篇',
          author: '',
          digest: '单篇的摘要',
          thumb_media_id: cover,
          thumb_url: `${kit.base}/mmbiz/${cover}`,
          url: urls[0],
        },
      ],
    });
    // The card opens the article's page, and its cover loads.
    const card = (got.mpnewsarticle!.articles as Card[])[0]!;
    const page = await fetch(card.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('单篇');
    expect((await fetch(card.thumb_url)).status).toBe(200);
  });

  it('answers 40007 for an article_id that is unknown, another account’s, or deleted', async () => {
    const unknown = expectErrcode(await sendArticle('art_never_published'), 40007);
    expect(unknown.errmsg).toContain('art_never_published is not an article_id this account published');

    const other = await buildAccount(kit.p.ctx);
    const otherToken = await kit.token(other);
    const otherCover = expectOk(
      await kit.upload(`/cgi-bin/material/add_material?access_token=${otherToken}&type=image`, {
        filename: 'c.png',
        bytes: await samplePng(20, 20),
      }),
    ).media_id as string;
    const theirs = await publish(['别人的'], otherToken, otherCover);
    expectErrcode(await sendArticle(theirs.articleId), 40007);

    // Deleting one article leaves the other to send; deleting all ends it.
    const { articleId, urls } = await publish(['第一篇', '第二篇']);
    expectOk(await post('freepublish/delete', { article_id: articleId, index: 1 }));
    expectOk(await sendArticle(articleId));
    const got = await lastReceived();
    expect(got.mpnewsarticle).toMatchObject({
      article_count: 1,
      articles: [{ title: '第二篇', url: urls[1] }],
    });
    expectOk(await post('freepublish/delete', { article_id: articleId, index: 0 }));
    const gone = expectErrcode(await sendArticle(articleId), 40007);
    expect(gone.errmsg).toContain('was deleted (freepublish/delete)');
  });

  it('never takes the cards from the sender', async () => {
    const { articleId } = await publish(['不可伪造']);
    const res = await send({
      msgtype: 'mpnewsarticle',
      mpnewsarticle: { article_id: articleId, articles: [{ title: 'forged', url: 'https://evil.example' }] },
    });
    expect(res.json<{ errcode: number }>().errcode).not.toBe(0);
    expect((await lastReceived()).msgtype).toBe('text');
  });
});
