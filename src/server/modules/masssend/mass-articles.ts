import type { AppContext } from '../../context.ts';
import type { AccountsTable, ArticleFields, Db, MassSendsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { presentArticleCard } from '../articles/articles.presenter.ts';
import { recordArticles, type ArticleRow } from '../articles/record-articles.ts';
import type { NewsArticle } from '../materials/materials.schemas.ts';
import { selectLiveMassMedia } from './mass-media.queries.ts';

/** Where an mpnews media_id was found: a news material, a media/uploadnews item or a draft. */
export type MpnewsSource = 'material' | 'uploadnews' | 'draft';

/** The articles an mpnews mass message carries, read when the send is made. */
export interface MpnewsArticles {
  source: MpnewsSource;
  articles: ArticleFields[];
}

/**
 * The articles behind an mpnews `media_id`: a news material, a live
 * uploadnews item, or a draft of the account (looked up in that order; the
 * ids are random, so they never clash). 40007 when it is none of them.
 * Content is handed over as written: recordArticles sanitises what it stores.
 */
export async function loadMpnewsArticles(
  ctx: AppContext,
  account: AccountsTable,
  mediaId: string,
): Promise<MpnewsArticles> {
  const material = await ctx.db
    .selectFrom('material_news_articles as a')
    .innerJoin('material_news as n', 'n.media_id', 'a.media_id')
    .selectAll('a')
    .where('n.account_id', '=', account.id)
    .where('a.media_id', '=', mediaId)
    .orderBy('a.idx')
    .execute();
  if (material.length > 0) return { source: 'material', articles: material.map((a) => fromNewsArticle(a)) };

  const uploaded = await selectLiveMassMedia(ctx.db, account.id, mediaId, 'news', ctx.clock.now());
  if (uploaded)
    return {
      source: 'uploadnews',
      articles: (JSON.parse(uploaded.articles ?? '[]') as NewsArticle[]).map((a) => fromNewsArticle(a)),
    };

  const draft = await ctx.db
    .selectFrom('draft_articles as a')
    .innerJoin('drafts as d', 'd.media_id', 'a.media_id')
    .selectAll('a')
    .where('d.account_id', '=', account.id)
    .where('a.media_id', '=', mediaId)
    .orderBy('a.idx')
    .execute();
  if (draft.length > 0)
    return {
      source: 'draft',
      articles: draft.map(({ media_id: _m, idx: _i, ...fields }) => fields),
    };

  throw new AppError(
    'MEDIA_NOT_FOUND',
    `mpnews.media_id ${mediaId} is not a news material, a live media/uploadnews id or a draft of this account`,
  );
}

/** A news material's or uploadnews article as the fields an article row takes. */
function fromNewsArticle(
  a: Omit<NewsArticle, 'show_cover_pic' | 'need_open_comment' | 'only_fans_can_comment'> & {
    show_cover_pic: number;
    need_open_comment: number;
    only_fans_can_comment: number;
  },
): ArticleFields {
  return {
    article_type: 'news',
    title: a.title,
    author: a.author,
    digest: a.digest,
    content: a.content,
    content_source_url: a.content_source_url,
    thumb_media_id: a.thumb_media_id,
    show_cover_pic: a.show_cover_pic,
    need_open_comment: a.need_open_comment,
    only_fans_can_comment: a.only_fans_can_comment,
    pic_crop_235_1: '',
    pic_crop_1_1: '',
    image_info: null,
  };
}

/**
 * Makes an mpnews send's articles readable (recordArticles, inside the
 * send's transaction) and returns the message content followers receive:
 * the media_id, the article count and, per article, its title, digest,
 * cover and the page it opens. One content for every recipient, so the
 * fan-out stays one INSERT … SELECT.
 */
export async function recordMassArticles(
  ctx: AppContext,
  trx: Db,
  send: Pick<MassSendsTable, 'id' | 'account_id' | 'msg_data_id'>,
  mediaId: string,
  articles: ArticleFields[],
  publishedAt: number,
): Promise<Record<string, unknown>> {
  const rows = await recordArticles(trx, send.account_id, {
    source: 'mass_send',
    msgDataId: send.msg_data_id!,
    massSendId: send.id,
    publishedAt,
    articles,
  });
  return mpnewsContent(ctx, mediaId, rows);
}

function mpnewsContent(ctx: AppContext, mediaId: string, rows: ArticleRow[]): Record<string, unknown> {
  return {
    media_id: mediaId,
    article_count: rows.length,
    articles: rows.map((r) => presentArticleCard(ctx, r)),
  };
}

/**
 * Marks a mass send's articles deleted (mass/delete): the 1-based
 * `articleNumbers`, or every one when omitted. Their pages then say the
 * article was deleted; followers keep the card they received.
 */
export async function deleteMassArticles(
  db: Db,
  send: Pick<MassSendsTable, 'id' | 'account_id'>,
  now: number,
  articleNumbers?: number[],
): Promise<void> {
  let q = db
    .updateTable('articles')
    .set({ deleted_at: now })
    .where('account_id', '=', send.account_id)
    .where('mass_send_id', '=', send.id)
    .where('deleted_at', 'is', null);
  if (articleNumbers)
    q = q.where(
      'idx',
      'in',
      articleNumbers.map((n) => n - 1),
    );
  await q.execute();
}
