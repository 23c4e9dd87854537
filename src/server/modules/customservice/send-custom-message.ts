import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, MediaType } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { presentArticleCard } from '../articles/articles.presenter.ts';
import type { ArticleRow } from '../articles/record-articles.ts';
import { OPENID_PATTERN } from '../followers/openids.ts';
import { getKfAccount } from '../kf/get-kf-account.ts';
import { OPERCODE, recordKf, recordText } from '../kf/kf-records.ts';
import { storeOutgoing } from '../messages/dispatch-follower-action.ts';
import { OutboundMessageSchema, type OutboundMessage } from '../messages/message-content.ts';
import type { MessageView } from '../messages/messages.presenter.ts';
import { consumeServiceWindow } from './service-window.ts';

/** The msgtypes message/custom/send takes (spec §7.1). */
export const CUSTOM_MSGTYPES = [
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'mpnewsarticle',
  'msgmenu',
  'wxcard',
  'miniprogrampage',
  'link',
] as const;

/**
 * Longest customer-service text in UTF-8 bytes. WeChat documents no number
 * on the page; 2048 bytes is the limit its kf text is known to enforce
 * (45002 past it), and what SDK docs repeat.
 */
export const MAX_CUSTOM_TEXT_BYTES = 2048;
/** A customer-service news message carries one article (formerly 8). */
export const MAX_CUSTOM_NEWS_ARTICLES = 1;

/** Body of `/cgi-bin/message/custom/send`: checked loosely first so an unknown msgtype is 40008, not 47001. */
export const CustomSendBodySchema = z
  .object({
    touser: z.string().max(64),
    msgtype: z.string().max(32),
    /** Send as this kf account (`test1@kftest`). */
    customservice: z
      .object({ kf_account: z.string().max(64) })
      .partial()
      .optional(),
  })
  .loose();

/**
 * Sends a customer-service message to a follower, as
 * `/cgi-bin/message/custom/send` does: the follower must follow (43004),
 * not be blacklisted (43019), and be inside their service window (45015,
 * 45047 — see service-window.ts); media must be this account's and alive
 * (40007); an mpnewsarticle's article_id must be one of its publications
 * still published (40007). The message joins the conversation and the live stream.
 * `customservice.kf_account` must be one of the account's kf accounts
 * (KF_ACCOUNT_NOT_FOUND, 65401).
 */
export async function sendCustomMessage(
  ctx: AppContext,
  account: AccountsTable,
  body: z.infer<typeof CustomSendBodySchema>,
): Promise<MessageView> {
  if (!(CUSTOM_MSGTYPES as readonly string[]).includes(body.msgtype))
    throw new AppError(
      'INVALID_MSGTYPE',
      `msgtype ${body.msgtype} is not one of ${CUSTOM_MSGTYPES.join(', ')}`,
    );
  const parsed = OutboundMessageSchema.safeParse({
    msgtype: body.msgtype,
    [body.msgtype]: body[body.msgtype],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'BAD_REQUEST_BODY',
      `${issue?.path.join('.') ?? body.msgtype}: ${issue?.message ?? 'invalid'}`,
    );
  }
  checkLimits(parsed.data);
  const follower = await getReachableFollower(ctx, account, body.touser);
  const message = await prepareCustomMessage(ctx, account, parsed.data);
  // Sending as a kf account needs one of the account's (65401); it is kept
  // on the message and in the chat record (msgrecord, 2002).
  const kfAccount = body.customservice?.kf_account
    ? (await getKfAccount(ctx, account, body.customservice.kf_account)).kf_account
    : null;

  const now = ctx.clock.now();
  await consumeServiceWindow(ctx.db, follower, now);
  const [stored] = await storeOutgoing(
    ctx,
    account,
    follower,
    [{ message, source: 'customer_service', kfAccount }],
    null,
    now,
  );
  if (kfAccount)
    await recordKf(
      ctx.db,
      {
        account_id: account.id,
        openid: follower.openid,
        opercode: OPERCODE.kfSent,
        worker: kfAccount,
        text: recordText(message),
      },
      now,
    );
  return stored!;
}

/**
 * A customer-service message as the follower receives it, whoever sends it
 * (this API or an agent in a session), after the checks every one passes:
 * length and article limits (45002, 45008), media that are this account's
 * and alive (40007), and for `mpnewsarticle` a publication of this account
 * that is still published (40007 otherwise). The follower's copy of an
 * `mpnewsarticle` carries the publication's live articles as cards (title,
 * digest, cover, the /s/ page), like an mpnews mass message, so the client
 * can draw it and open each article.
 */
export async function prepareCustomMessage(
  ctx: AppContext,
  account: AccountsTable,
  message: OutboundMessage,
): Promise<OutboundMessage> {
  checkLimits(message);
  await checkMedia(ctx, account, message);
  if (message.msgtype !== 'mpnewsarticle') return message;
  const articleId = message.mpnewsarticle.article_id;
  const articles = await loadPublishedArticles(ctx, account, articleId);
  // The cards are the platform's, never the sender's: the input schema
  // takes article_id alone, and the stored copy adds what the client draws.
  return {
    msgtype: 'mpnewsarticle',
    mpnewsarticle: {
      article_id: articleId,
      article_count: articles.length,
      articles: articles.map((a) => presentArticleCard(ctx, a)),
    },
  } as OutboundMessage;
}

/**
 * The live articles of the account's publication `articleId` (freepublish's
 * article_id), in order. WeChat's custom-send page names no errcode for a
 * bad article_id; 40007 ("invalid media_id") is what it answers for message
 * content it cannot find, so that is used, with a hint saying which case it
 * is: not this account's, or deleted (freepublish/delete).
 */
async function loadPublishedArticles(
  ctx: AppContext,
  account: AccountsTable,
  articleId: string,
): Promise<ArticleRow[]> {
  const rows = await ctx.db
    .selectFrom('articles')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('source', '=', 'publish')
    .where('article_id', '=', articleId)
    .orderBy('idx')
    .execute();
  if (rows.length === 0)
    throw new AppError(
      'MEDIA_NOT_FOUND',
      `mpnewsarticle.article_id ${articleId} is not an article_id this account published (freepublish/batchget lists them)`,
    );
  const live = rows.filter((r) => r.deleted_at === null);
  if (live.length === 0)
    throw new AppError(
      'MEDIA_NOT_FOUND',
      `mpnewsarticle.article_id ${articleId} was deleted (freepublish/delete) and can no longer be sent`,
    );
  return live;
}

/**
 * The follower an account may message: an openid (40003), of this account
 * (40003), following (43004), not blacklisted (43019).
 */
export async function getReachableFollower(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
): Promise<FollowersTable> {
  if (!OPENID_PATTERN.test(openid)) throw new AppError('INVALID_OPENID', `${openid} is not an openid`);
  const follower = await ctx.db
    .selectFrom('followers')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('openid', '=', openid)
    .executeTakeFirst();
  if (!follower) throw new AppError('INVALID_OPENID', `${openid} is not a follower of this account`);
  if (follower.subscribed !== 1) throw new AppError('NOT_FOLLOWING', `${openid} has unfollowed the account`);
  if (follower.blacklisted === 1)
    throw new AppError('BLACKLISTED', `${openid} is on the account's blacklist (batchunblacklist first)`);
  return follower;
}

function checkLimits(message: OutboundMessage): void {
  if (message.msgtype === 'text') {
    const bytes = Buffer.byteLength(message.text.content, 'utf8');
    if (bytes > MAX_CUSTOM_TEXT_BYTES)
      throw new AppError('CONTENT_TOO_LONG', `text is ${bytes} bytes; at most ${MAX_CUSTOM_TEXT_BYTES}`);
  }
  if (message.msgtype === 'news' && message.news.articles.length > MAX_CUSTOM_NEWS_ARTICLES)
    throw new AppError(
      'NEWS_TOO_MANY_ARTICLES',
      `a customer-service news message carries ${MAX_CUSTOM_NEWS_ARTICLES} article`,
    );
}

/** The media a message refers to, by the type each reference needs. */
function mediaRefs(message: OutboundMessage): { id: string; types: MediaType[]; what: string }[] {
  const thumb: MediaType[] = ['thumb', 'image'];
  switch (message.msgtype) {
    case 'image':
      return [{ id: message.image.media_id, types: ['image'], what: 'image.media_id' }];
    case 'voice':
      return [{ id: message.voice.media_id, types: ['voice'], what: 'voice.media_id' }];
    case 'video':
      return [{ id: message.video.media_id, types: ['video'], what: 'video.media_id' }];
    case 'music':
      return message.music.thumb_media_id
        ? [{ id: message.music.thumb_media_id, types: thumb, what: 'music.thumb_media_id' }]
        : [];
    case 'miniprogrampage':
      return [
        { id: message.miniprogrampage.thumb_media_id, types: thumb, what: 'miniprogrampage.thumb_media_id' },
      ];
    case 'text':
    case 'news':
    case 'notice':
    case 'mpnews':
    case 'mpnewsarticle':
    case 'msgmenu':
    case 'wxcard':
    case 'link':
    case 'template':
    case 'subscribe_notification':
      return [];
  }
}

async function checkMedia(ctx: AppContext, account: AccountsTable, message: OutboundMessage): Promise<void> {
  const now = ctx.clock.now();
  for (const ref of mediaRefs(message)) {
    const row = await ctx.db
      .selectFrom('media')
      .select(['type', 'expires_at'])
      .where('account_id', '=', account.id)
      .where('media_id', '=', ref.id)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && Number(row.expires_at) <= now) || !ref.types.includes(row.type))
      throw new AppError(
        'MEDIA_NOT_FOUND',
        `${ref.what} ${ref.id} is not a live ${ref.types[0]} of this account`,
      );
  }
  if (message.msgtype === 'mpnews') {
    const news = await ctx.db
      .selectFrom('material_news')
      .select('media_id')
      .where('account_id', '=', account.id)
      .where('media_id', '=', message.mpnews.media_id)
      .executeTakeFirst();
    if (!news)
      throw new AppError(
        'MEDIA_NOT_FOUND',
        `mpnews.media_id ${message.mpnews.media_id} is not a news material`,
      );
  }
}
