import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { platformUrl } from '../../lib/platform-url.ts';
import { MEDIA_FILE_PREFIX, mediaUrl } from '../media/media-url.ts';
import type { CommentWithNickname } from './articles.queries.ts';
import { articleUrl, type ArticleRow } from './record-articles.ts';

/** Epoch ms → WeChat's epoch seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * The path of an article's 2.35:1 cover (a derived image of its thumb), or
 * null without one. The variant takes the article's pic_crop_235_1 (as
 * WeChat cuts the feed cover to the editor's box); without a crop, the centre.
 */
export function coverPath(
  article: Pick<ArticleRow, 'thumb_media_id'> & Partial<Pick<ArticleRow, 'pic_crop_235_1'>>,
): string | null {
  if (!article.thumb_media_id) return null;
  const crop = article.pic_crop_235_1 ? `?crop=${encodeURIComponent(article.pic_crop_235_1)}` : '';
  return `${MEDIA_FILE_PREFIX}/${article.thumb_media_id}/cover-2.35${crop}`;
}

/** The path of an article's 1:1 cover (shares, small cards), cut to pic_crop_1_1 when set. */
export function squareCoverPath(
  article: Pick<ArticleRow, 'thumb_media_id'> & Partial<Pick<ArticleRow, 'pic_crop_1_1'>>,
): string | null {
  if (!article.thumb_media_id) return null;
  const crop = article.pic_crop_1_1 ? `?crop=${encodeURIComponent(article.pic_crop_1_1)}` : '';
  return `${MEDIA_FILE_PREFIX}/${article.thumb_media_id}/cover-1${crop}`;
}

/** The counters readers see (and the console lists). */
export function presentCounts(article: ArticleRow) {
  return {
    read_count: article.read_count,
    like_count: article.like_count,
    wow_count: article.wow_count,
    share_count: article.share_count,
    comment_count: article.comment_count,
  };
}

/**
 * An article as a message card in a follower's conversation (an mpnews mass
 * message, a custom/send mpnewsarticle): what the client draws and the page
 * it opens.
 */
export function presentArticleCard(ctx: AppContext, article: ArticleRow) {
  return {
    title: article.title,
    author: article.author,
    digest: article.digest,
    thumb_media_id: article.thumb_media_id,
    thumb_url: article.thumb_media_id ? mediaUrl(ctx, { media_id: article.thumb_media_id }) : '',
    url: articleUrl(ctx, article),
  };
}

/** One article in the console's list and the search results (no content). */
export function presentArticleSummary(ctx: AppContext, article: ArticleRow) {
  const cover = coverPath(article);
  const square = squareCoverPath(article);
  return {
    id: article.id,
    source: article.source,
    msg_data_id: article.msg_data_id,
    idx: article.idx,
    article_id: article.article_id,
    title: article.title,
    author: article.author,
    digest: article.digest,
    url: articleUrl(ctx, article),
    cover_url: cover ? platformUrl(ctx, cover) : null,
    square_cover_url: square ? platformUrl(ctx, square) : null,
    content_source_url: article.content_source_url,
    need_open_comment: article.need_open_comment,
    only_fans_can_comment: article.only_fans_can_comment,
    ...presentCounts(article),
    published_at: article.published_at,
    deleted: article.deleted_at !== null,
  };
}

/** A comment as readers see it under the article. */
export function presentReaderComment(comment: CommentWithNickname, readerId: string | null) {
  return {
    user_comment_id: comment.user_comment_id,
    nickname: comment.nickname,
    content: comment.content,
    create_time: seconds(comment.created_at),
    elected: comment.comment_type === 1,
    mine: readerId !== null && comment.user_id === readerId,
    reply:
      comment.reply_content !== null
        ? { content: comment.reply_content, create_time: seconds(comment.reply_created_at ?? 0) }
        : null,
  };
}

/**
 * The article for a reader (the follower client): the content and counts,
 * this person's like/wow state and the comments they can see. A deleted
 * article keeps its title and says `deleted: true`, without content.
 */
export function presentArticleForReader(
  ctx: AppContext,
  article: ArticleRow,
  account: Pick<AccountsTable, 'appid' | 'name'>,
  reader: { userId: string; liked: boolean; wowed: boolean; following: boolean } | null,
  comments: CommentWithNickname[],
) {
  const summary = presentArticleSummary(ctx, article);
  if (article.deleted_at !== null)
    return {
      id: article.id,
      appid: account.appid,
      account_name: account.name,
      title: article.title,
      deleted: true,
    };
  return {
    ...summary,
    appid: account.appid,
    account_name: account.name,
    content: article.content,
    show_cover_pic: article.show_cover_pic,
    liked: reader?.liked ?? false,
    wowed: reader?.wowed ?? false,
    can_comment:
      article.need_open_comment === 1 &&
      (article.only_fans_can_comment !== 1 || (reader?.following ?? false)),
    comments: comments.map((c) => presentReaderComment(c, reader?.userId ?? null)),
  };
}

/** comment/list's comment: `{user_comment_id, openid, create_time, content, comment_type, reply?}`. */
export function presentOpenApiComment(comment: CommentWithNickname) {
  return {
    user_comment_id: comment.user_comment_id,
    openid: comment.openid,
    create_time: seconds(comment.created_at),
    content: comment.content,
    comment_type: comment.comment_type,
    ...(comment.reply_content !== null
      ? { reply: { content: comment.reply_content, create_time: seconds(comment.reply_created_at ?? 0) } }
      : {}),
  };
}

/** A comment in the console: the Open API shape plus who wrote it and its state. */
export function presentConsoleComment(comment: CommentWithNickname) {
  return { ...presentOpenApiComment(comment), nickname: comment.nickname, user_id: comment.user_id };
}
