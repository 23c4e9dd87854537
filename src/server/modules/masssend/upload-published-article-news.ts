import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectArticleById } from '../articles/articles.queries.ts';
import { uploadMassNews, type MassMediaUploaded } from './upload-mass-news.ts';

/**
 * The console's "send a published article": copies one of the account's
 * live articles into a media/uploadnews item (the same rules and 3-day
 * lifetime), whose id an mpnews mass message takes. A published article
 * has no media_id of its own, and its draft left the draft box when it was
 * published, so this is the route WeChat's own console takes too: the mass
 * message carries a copy. ARTICLE_NOT_FOUND for another account's or an
 * unknown id, ARTICLE_DELETED once deleted.
 */
export async function uploadPublishedArticleNews(
  ctx: AppContext,
  account: AccountsTable,
  articleId: string,
): Promise<MassMediaUploaded> {
  const article = await selectArticleById(ctx.db, articleId);
  if (!article || article.account_id !== account.id)
    throw new AppError('ARTICLE_NOT_FOUND', `no article ${articleId} on this account`);
  if (article.deleted_at !== null) throw new AppError('ARTICLE_DELETED', `article ${articleId} was deleted`);
  return uploadMassNews(ctx, account, [
    {
      title: article.title,
      thumb_media_id: article.thumb_media_id,
      author: article.author,
      digest: article.digest,
      show_cover_pic: article.show_cover_pic === 1 ? 1 : 0,
      content: article.content,
      content_source_url: article.content_source_url,
      need_open_comment: article.need_open_comment === 1 ? 1 : 0,
      only_fans_can_comment: article.only_fans_can_comment === 1 ? 1 : 0,
    },
  ]);
}
