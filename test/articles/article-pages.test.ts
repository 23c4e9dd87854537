/**
 * The public article page (/s/:id) and the previews of news materials, over
 * HTTP on both dialects: what a visitor sees, what never reaches the page
 * (scripts, handlers, script URLs, foreign images), deleted and unknown
 * articles; and the search over an account's articles, CJK included.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/platform.ts';
import { startArticlePlatform, type ArticleAccount, type ArticleKit } from './article-kit.ts';

describe.each(DIALECTS)('article pages on %s', (dialect) => {
  let kit: ArticleKit;
  let acc: ArticleAccount;
  beforeAll(async () => {
    kit = await startArticlePlatform(dialect);
    acc = await kit.newAccount({ name: '校园<新闻>&公众号' });
  });
  afterAll(async () => kit.p.close());

  it('shows title, author, account, date, cover, the content, 阅读原文 and the counts, escaped', async () => {
    const [a] = await kit.publish(
      acc,
      [
        {
          title: '开学典礼 <script>alert("t")</script>',
          author: '王"记者"',
          content: `<h2>第一部分</h2><p>欢迎 <strong>新同学</strong></p><img src="http://any.host/mmbiz/${acc.image}">`,
          content_source_url: 'https://example.com/original?a=1&b=2',
        },
      ],
      { publishedAt: Date.UTC(2026, 10, 21, 2, 30) },
    );
    const res = await kit.page(`/s/${a!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html).toContain('<title>开学典礼 &#60;script&#62;alert(&#34;t&#34;)&#60;/script&#62;</title>');
    expect(html).toContain('data-testid="author">王&#34;记者&#34;</span>');
    expect(html).toContain('data-testid="account">校园&#60;新闻&#62;&#38;公众号</span>');
    // Beijing time (UTC+8).
    expect(html).toContain('data-testid="date">2026-11-21 10:30</em>');
    expect(html).toContain(`src="/mmbiz/${acc.cover}/cover-2.35"`);
    expect(html).toContain('<h2>第一部分</h2><p>欢迎 <strong>新同学</strong></p>');
    expect(html).toContain(`<img src="/mmbiz/${acc.image}" />`);
    expect(html).toContain('href="https://example.com/original?a=1&#38;b=2"');
    expect(html).toContain('>阅读原文</a>');
    expect(html).toContain('阅读 0');
    expect(html).toContain('赞 0');
    expect(html).toContain('在看 0');
    expect(html).not.toMatch(/<script/i);

    // The cover the page points at is served.
    const cover = await kit.page(`/mmbiz/${acc.cover}/cover-2.35`);
    expect(cover.statusCode).toBe(200);
    expect(cover.headers['content-type']).toMatch(/^image\//);
  });

  it('never lets scripts, event handlers, javascript: URLs or foreign images reach the page', async () => {
    const other = await kit.newAccount();
    const [a] = await kit.publish(acc, [
      {
        title: 'hostile',
        content:
          '<p onclick="steal()">点我</p><script>document.cookie</script><img src=x onerror="alert(1)">' +
          '<a href="javascript:alert(1)">a</a><a href="JAVASCRIPT:alert(2)">b</a><a href="data:text/html,<script>x</script>">c</a>' +
          `<img src="/mmbiz/${other.image}"><img src="https://evil.example/p.png"><iframe src="https://evil.example"></iframe>` +
          '<svg onload="alert(1)"></svg><p style="background:url(javascript:alert(1));color:red">styled</p>',
        content_source_url: 'javascript:alert(3)',
      },
    ]);
    const html = (await kit.page(`/s/${a!.id}`)).body;
    const content = html.slice(html.indexOf('data-testid="content"'));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/data:text/i);
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('<svg');
    expect(content).not.toContain(other.image);
    expect(content).not.toContain('evil.example');
    expect(content).toContain('<p>点我</p>');
    expect(content).toContain('<p style="color:red">styled</p>');
    expect(html).not.toContain('阅读原文');
    // Stored sanitised, so every reader of the row (pages, APIs) gets the clean HTML.
    const stored = (await kit.article(a!.id)).content;
    expect(stored).not.toMatch(/<script|onclick|onerror|javascript:|evil\.example/i);
    expect(stored).toContain('<p>点我</p>');
  });

  it('previews a draft article at /s/<draft media_id>?idx=n', async () => {
    const now = kit.p.ctx.clock.now();
    const mediaId = `draft_preview_${dialect}`;
    await kit.p.ctx.db
      .insertInto('drafts')
      .values({ media_id: mediaId, account_id: acc.account.id, created_at: now, updated_at: now })
      .execute();
    await kit.p.ctx.db
      .insertInto('draft_articles')
      .values({
        media_id: mediaId,
        idx: 0,
        article_type: 'news',
        title: '草稿标题',
        author: '作者',
        digest: '',
        content: `<p>草稿<img src="/mmbiz/${acc.image}" onerror="x()"></p>`,
        content_source_url: '',
        thumb_media_id: acc.cover,
        show_cover_pic: 0,
        need_open_comment: 0,
        only_fans_can_comment: 0,
        pic_crop_235_1: '',
        pic_crop_1_1: '',
        image_info: null,
      })
      .execute();
    const res = await kit.page(`/s/${mediaId}?idx=1`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('草稿标题');
    expect(res.body).toContain(`<p>草稿<img src="/mmbiz/${acc.image}" /></p>`);
    expect(res.body).not.toContain('onerror');
    expect((await kit.page(`/s/${mediaId}?idx=2`)).statusCode).toBe(404);
  });

  it('says 该内容已被发布者删除 for a deleted article and answers 404 for an unknown one', async () => {
    const [a] = await kit.publish(acc, [{ title: '将被删除' }]);
    await kit.p.ctx.db
      .updateTable('articles')
      .set({ deleted_at: kit.p.ctx.clock.now() })
      .where('id', '=', a!.id)
      .execute();
    const deleted = await kit.page(`/s/${a!.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('该内容已被发布者删除');
    expect(deleted.body).not.toContain('将被删除');

    const unknown = await kit.page('/s/art_nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(unknown.body).toContain('此内容不存在');
  });

  it("shows elected comments and the account's replies to visitors, nobody's unelected ones", async () => {
    const [a] = await kit.publish(acc, [{ title: '有留言' }]);
    const u = await kit.api<{ id: string }>('POST', '/users', { nickname: '小<b>明</b>' });
    const write = (content: string) =>
      kit.api('POST', `/users/${u.body.id}/articles/${a!.id}/comments`, { content });
    expect((await write('第一条 <img src=x onerror=alert(1)>')).status).toBe(201);
    expect((await write('还没精选')).status).toBe(201);
    expect(
      (
        await kit.comment(acc.account, 'markelect', {
          msg_data_id: a!.msg_data_id,
          index: 0,
          user_comment_id: 1,
        })
      ).errcode,
    ).toBe(0);
    expect(
      (
        await kit.comment(acc.account, 'reply/add', {
          msg_data_id: a!.msg_data_id,
          index: 0,
          user_comment_id: 1,
          content: '谢谢 <i>支持</i>',
        })
      ).errcode,
    ).toBe(0);
    const html = (await kit.page(`/s/${a!.id}`)).body;
    expect(html).toContain('精选留言');
    expect(html).toContain('小&#60;b&#62;明&#60;/b&#62;');
    expect(html).toContain('第一条 &#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('作者 谢谢 &#60;i&#62;支持&#60;/i&#62;');
    expect(html).not.toContain('还没精选');
    expect(html).not.toMatch(/<img src=x/);
  });

  it('serves the preview link of a news material (/s/<media_id>?idx=n), read-only and sanitised', async () => {
    const token = await (await import('../helpers/factories.ts')).fetchToken(kit.p, acc.account);
    const added = await kit.p.app.inject({
      method: 'POST',
      url: `/cgi-bin/material/add_news?access_token=${token}`,
      payload: JSON.stringify({
        articles: [
          {
            title: '素材一',
            thumb_media_id: acc.cover,
            author: 'A',
            digest: 'd',
            show_cover_pic: 1,
            content: '<p>一</p>',
            content_source_url: '',
          },
          {
            title: '素材二',
            thumb_media_id: acc.cover,
            author: 'B',
            digest: 'd',
            show_cover_pic: 1,
            content: '<p onclick="x()">二</p><script>alert(1)</script>',
            content_source_url: '',
          },
        ],
      }),
    });
    const mediaId = added.json<{ media_id: string }>().media_id;
    const got = await kit.p.app.inject({
      method: 'POST',
      url: `/cgi-bin/material/get_material?access_token=${token}`,
      payload: JSON.stringify({ media_id: mediaId }),
    });
    const url = new URL(got.json<{ news_item: { url: string }[] }>().news_item[1]!.url);
    const preview = await kit.page(`${url.pathname}${url.search}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('素材二');
    expect(preview.body).toContain('<p>二</p>');
    expect(preview.body).toContain('预览');
    expect(preview.body).not.toMatch(/<script|onclick/i);
    expect((await kit.page(`/s/${mediaId}?idx=3`)).statusCode).toBe(404);
  });
});

describe.each(DIALECTS)('article search on %s', (dialect) => {
  let kit: ArticleKit;
  let acc: ArticleAccount;
  beforeAll(async () => {
    kit = await startArticlePlatform(dialect);
    acc = await kit.newAccount();
    const day = 86_400_000;
    const t0 = Date.UTC(2026, 9, 1);
    await kit.publish(
      acc,
      [
        {
          title: '运营手册',
          digest: '新手必读',
          content: '<p>如何运营一个<strong>公众号</strong>：从注册到第一篇文章</p>',
        },
      ],
      { publishedAt: t0 },
    );
    await kit.publish(acc, [{ title: '公众号文章排版技巧', content: '<p>排版让阅读更舒服</p>' }], {
      publishedAt: t0 + day,
    });
    await kit.publish(
      acc,
      [{ title: 'Weekly digest', content: '<p>English text about WeChat Official Accounts</p>' }],
      { publishedAt: t0 + 2 * day },
    );
    const [gone] = await kit.publish(acc, [{ title: '已删除的公众号文章', content: '<p>公众号</p>' }], {
      publishedAt: t0 + 3 * day,
    });
    await kit.p.ctx.db
      .updateTable('articles')
      .set({ deleted_at: t0 + 4 * day })
      .where('id', '=', gone!.id)
      .execute();
    // Another account's article never shows up.
    const other = await kit.newAccount();
    await kit.publish(other, [{ title: '别人的公众号文章' }]);
  });
  afterAll(async () => kit.p.close());

  const search = async (q: string, path = 'article-search') => {
    const res = await kit.api<{ total_count: number; items: { title: string }[] }>(
      'GET',
      `/accounts/${acc.account.appid}/${path}?q=${encodeURIComponent(q)}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  it('finds a 3-character CJK word in titles and text, title matches first, then newest; never deleted ones', async () => {
    const found = await search('公众号');
    expect(found.items.map((i) => i.title)).toEqual(['公众号文章排版技巧', '运营手册']);
    expect(found.total_count).toBe(2);
    expect((await search('第一篇文章')).items.map((i) => i.title)).toEqual(['运营手册']);
    expect((await search('新手必读')).items.map((i) => i.title)).toEqual(['运营手册']);
  });

  it('finds 2-character and 1-character queries (below the trigram length) and ASCII case-insensitively', async () => {
    expect((await search('文章')).items.map((i) => i.title)).toEqual(['公众号文章排版技巧', '运营手册']);
    expect((await search('排')).items.map((i) => i.title)).toEqual(['公众号文章排版技巧']);
    expect((await search('wechat official')).items.map((i) => i.title)).toEqual(['Weekly digest']);
    expect((await search('%')).items).toEqual([]);
    expect((await search('不存在的词')).items).toEqual([]);
  });

  it('searches through the trigram index of the dialect (FTS5 trigram on SQLite, pg_trgm GIN on PostgreSQL)', async () => {
    const db = kit.p.ctx.db;
    if (dialect === 'sqlite') {
      const { rows } = await sql<{
        n: number;
      }>`select count(*) as n from article_search where article_search match ${'"公众号"'}`.execute(db);
      // The deleted article and the other account's stay in the index; the query filters them.
      expect(Number(rows[0]!.n)).toBe(4);
    } else {
      const ext = await sql`select 1 from pg_extension where extname = 'pg_trgm'`.execute(db);
      expect(ext.rows).toHaveLength(1);
      const idx = await sql<{
        indexdef: string;
      }>`select indexdef from pg_indexes where indexname = 'articles_search_trgm_idx'`.execute(db);
      expect(idx.rows[0]!.indexdef).toContain('gin_trgm_ops');
    }
  });

  it("lists the console's articles newest first with counts, deleted ones marked; q searches there too", async () => {
    const list = await kit.api<{
      total_count: number;
      items: { title: string; deleted: boolean; read_count: number }[];
    }>('GET', `/accounts/${acc.account.appid}/articles?limit=2`);
    expect(list.body.total_count).toBe(4);
    expect(list.body.items.map((i) => [i.title, i.deleted])).toEqual([
      ['已删除的公众号文章', true],
      ['Weekly digest', false],
    ]);
    expect(list.body.items[0]!.read_count).toBe(0);
    expect((await search('排版', 'articles')).items.map((i) => i.title)).toEqual(['公众号文章排版技巧']);
    const empty = await kit.api('GET', `/accounts/${acc.account.appid}/article-search?q=`);
    expect(empty.status).toBe(400);
  });
});
