/**
 * Set-up for the article suites: a platform per dialect, a verified account
 * with a cover material and an uploadimg image, articles made through
 * recordArticles inside a transaction (as the publish job and mpnews mass
 * sends make them), and helpers for the reader's API, comment/* and pages.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { DialectName } from '../../src/server/db/index.ts';
import type { AccountsTable, ArticleFields } from '../../src/server/db/schema.ts';
import { recordArticles, type ArticleRow } from '../../src/server/modules/articles/record-articles.ts';
import { addMaterial } from '../../src/server/modules/materials/add-material.ts';
import { samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { uploadArticleImage } from '../../src/server/modules/media/upload-article-image.ts';
import { buildAccount, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, type TestPlatform } from '../helpers/platform.ts';

export interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

let nextMsgDataId = 2_247_483_000;

/** An account with a cover (permanent image) and an article image (uploadimg). */
export interface ArticleAccount {
  account: AccountsTable;
  cover: string;
  image: string;
}

export async function startArticlePlatform(dialect: DialectName) {
  const p: TestPlatform = await createTestPlatform(dialect);

  async function newAccount(overrides: Parameters<typeof buildAccount>[1] = {}): Promise<ArticleAccount> {
    const account = await buildAccount(p.ctx, overrides);
    const cover = await addMaterial(p.ctx, account.id, {
      type: 'image',
      file: { filename: 'cover.png', bytes: await samplePng(235, 100), contentType: 'image/png' },
    });
    const image = await uploadArticleImage(p.ctx, account.id, {
      filename: 'inline.png',
      bytes: await samplePng(60, 40),
      contentType: 'image/png',
    });
    return { account, cover: cover.media_id, image: image.media_id };
  }

  function fields(thumb: string, extra: Partial<ArticleFields> = {}): ArticleFields {
    return {
      article_type: 'news',
      title: '标题',
      author: '编辑部',
      digest: '摘要',
      content: '<p>正文</p>',
      content_source_url: '',
      thumb_media_id: thumb,
      show_cover_pic: 1,
      need_open_comment: 1,
      only_fans_can_comment: 0,
      pic_crop_235_1: '',
      pic_crop_1_1: '',
      image_info: null,
      ...extra,
    };
  }

  /** Articles as the publish job makes them: recordArticles in a transaction. */
  async function publish(
    target: ArticleAccount,
    articles: Partial<ArticleFields>[],
    options: { publishedAt?: number; source?: 'publish' | 'mass_send' } = {},
  ): Promise<ArticleRow[]> {
    const msgDataId = ++nextMsgDataId;
    return p.ctx.db.transaction().execute((trx) =>
      recordArticles(trx, target.account.id, {
        source: options.source ?? 'publish',
        msgDataId,
        articleId: options.source === 'mass_send' ? null : `art_${msgDataId}`,
        publishedAt: options.publishedAt ?? p.ctx.clock.now(),
        articles: articles.map((a) => fields(target.cover, a)),
      }),
    );
  }

  const tokens = new Map<string, string>();
  async function comment(account: AccountsTable, path: string, body: unknown): Promise<WechatBody> {
    let token = tokens.get(account.id);
    if (!token) {
      token = await fetchToken(p, account);
      tokens.set(account.id, token);
    }
    const res = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/comment/${path}?access_token=${token}`,
      payload: JSON.stringify(body),
    });
    return res.json<WechatBody>();
  }

  return {
    p,
    newAccount,
    publish,
    /** comment/<path> with the account's token; the parsed `{errcode, errmsg, …}`. */
    comment,
    api: <T = Record<string, unknown>>(
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      body?: unknown,
    ) => ownApi<T>(p, method, url, body),
    page: (path: string): Promise<LightMyRequestResponse> => p.app.inject({ method: 'GET', url: path }),
    /** The event log entries of an account, oldest first. */
    async events(account: AccountsTable) {
      const res = await ownApi<{
        items: { type: string; user_id: string; openid: string; detail: Record<string, unknown> }[];
      }>(p, 'GET', `/accounts/${account.appid}/events?limit=1000`);
      return res.body.items;
    },
    async article(id: string): Promise<ArticleRow> {
      return p.ctx.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    },
  };
}

export type ArticleKit = Awaited<ReturnType<typeof startArticlePlatform>>;
