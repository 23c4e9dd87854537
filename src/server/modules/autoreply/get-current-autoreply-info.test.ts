import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, fetchToken } from '../../../../test/helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { createAutoreplyRule } from './create-autoreply-rule.ts';
import { reorderAutoreplyRules } from './reorder-autoreply-rules.ts';
import { updateAutoreplySettings } from './update-autoreply-settings.ts';

describe.each(DIALECTS)('GET /cgi-bin/get_current_autoreply_info on %s', (dialect) => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function fetchInfo(account: AccountsTable) {
    const token = await fetchToken(p, account);
    const res = await p.app.inject({
      method: 'GET',
      url: `/cgi-bin/get_current_autoreply_info?access_token=${encodeURIComponent(token)}`,
    });
    expect(res.statusCode).toBe(200);
    return { raw: res.body, body: res.json<Record<string, unknown>>() };
  }

  it('answers an account on the defaults with both switches and an empty rule list', async () => {
    const account = await buildAccount(p.ctx);
    const { raw } = await fetchInfo(account);
    expect(raw).toBe(
      '{"is_add_friend_reply_open":0,"is_autoreply_open":1,"keyword_autoreply_info":{"list":[]}}',
    );
  });

  it("renders every reply type in WeChat's console vocabulary", async () => {
    // An unverified subscription account: WeChat gives this API to every account type.
    const account = await buildAccount(p.ctx, { type: 'subscription', verified: false });
    await updateAutoreplySettings(p.ctx, account.appid, {
      follow_reply: { msgtype: 'text', text: { content: '感谢关注' } },
      default_reply: { msgtype: 'image', image: { media_id: 'IMG_DEFAULT' } },
    });
    const news = await createAutoreplyRule(p.ctx, account.appid, {
      rule_name: '图文',
      keywords: [
        { match_mode: 'contain', content: 'news测试' },
        { match_mode: 'full', content: 'NEWS' },
      ],
      replies: [
        {
          msgtype: 'news',
          news: {
            articles: [
              {
                title: "it's news",
                description: "it's digest",
                url: 'https://mp.example.com/s/1',
                picurl: 'https://img.example.com/cover.jpg',
              },
              { title: 'second' },
            ],
          },
        },
        { msgtype: 'text', text: { content: 'and text' } },
      ],
    });
    const media = await createAutoreplyRule(p.ctx, account.appid, {
      rule_name: 'media',
      keywords: [{ match_mode: 'equal', content: 'media' }],
      replies: [
        { msgtype: 'voice', voice: { media_id: 'VOICE_ID' } },
        { msgtype: 'video', video: { media_id: 'VIDEO_ID', title: 'ignored by WeChat' } },
        { msgtype: 'image', image: { media_id: 'IMG_ID' } },
      ],
      reply_mode: 'random_one',
    });
    // Milliseconds are dropped, not rounded: create_time is whole seconds.
    const stamp = (id: string, ms: number) =>
      p.ctx.db.updateTable('autoreply_rules').set({ created_at: ms }).where('id', '=', id).execute();
    await stamp(news.id, 1_423_028_166_678);
    await stamp(media.id, 1_423_027_971_999);
    // Listed in matching order, not creation order.
    await reorderAutoreplyRules(p.ctx, account.appid, { rule_ids: [media.id, news.id] });

    const { body } = await fetchInfo(account);
    expect(body).toStrictEqual({
      is_add_friend_reply_open: 1,
      is_autoreply_open: 1,
      add_friend_autoreply_info: { type: 'text', content: '感谢关注' },
      message_default_autoreply_info: { type: 'img', content: 'IMG_DEFAULT' },
      keyword_autoreply_info: {
        list: [
          {
            rule_name: 'media',
            create_time: 1423027971,
            reply_mode: 'random_one',
            keyword_list_info: [{ type: 'text', match_mode: 'equal', content: 'media' }],
            reply_list_info: [
              { type: 'voice', content: 'VOICE_ID' },
              { type: 'video', content: 'VIDEO_ID' },
              { type: 'img', content: 'IMG_ID' },
            ],
          },
          {
            rule_name: '图文',
            create_time: 1423028166,
            reply_mode: 'reply_all',
            keyword_list_info: [
              { type: 'text', match_mode: 'contain', content: 'news测试' },
              { type: 'text', match_mode: 'equal', content: 'NEWS' },
            ],
            reply_list_info: [
              {
                type: 'news',
                news_info: {
                  list: [
                    {
                      title: "it's news",
                      author: '',
                      digest: "it's digest",
                      show_cover: 1,
                      cover_url: 'https://img.example.com/cover.jpg',
                      content_url: 'https://mp.example.com/s/1',
                      source_url: '',
                    },
                    {
                      title: 'second',
                      author: '',
                      digest: '',
                      show_cover: 0,
                      cover_url: '',
                      content_url: '',
                      source_url: '',
                    },
                  ],
                },
              },
              { type: 'text', content: 'and text' },
            ],
          },
        ],
      },
    });
  });

  it('reports the switches as 0/1 numbers and hides a default reply that is off', async () => {
    const account = await buildAccount(p.ctx);
    await updateAutoreplySettings(p.ctx, account.appid, {
      autoreply_open: false,
      follow_reply_open: false,
      follow_reply: { msgtype: 'voice', voice: { media_id: 'V' } },
      default_reply_open: false,
      default_reply: { msgtype: 'text', text: { content: 'off' } },
    });
    const { body } = await fetchInfo(account);
    expect(body).toStrictEqual({
      is_add_friend_reply_open: 0,
      is_autoreply_open: 0,
      add_friend_autoreply_info: { type: 'voice', content: 'V' },
      keyword_autoreply_info: { list: [] },
    });
  });

  it('follows the Open API conventions: token required, GET only', async () => {
    const missing = await p.app.inject({ method: 'GET', url: '/cgi-bin/get_current_autoreply_info' });
    expect(missing.json<{ errcode: number }>().errcode).toBe(41001);
    const account = await buildAccount(p.ctx);
    const token = await fetchToken(p, account);
    const post = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/get_current_autoreply_info?access_token=${encodeURIComponent(token)}`,
      payload: {},
    });
    expect(post.json<{ errcode: number }>().errcode).toBe(43001);
  });
});
