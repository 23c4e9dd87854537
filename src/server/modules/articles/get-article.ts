import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { ArticleRow } from './record-articles.ts';
import { selectArticleById, selectArticleByMsgData } from './articles.queries.ts';

/** The article with this id (deleted ones too: the page says so), or ARTICLE_NOT_FOUND. */
export async function getArticle(ctx: AppContext, articleId: string): Promise<ArticleRow> {
  const row = await selectArticleById(ctx.db, articleId);
  if (!row) throw new AppError('ARTICLE_NOT_FOUND', `no article ${articleId}`);
  return row;
}

/** The article with this id that a reader can act on: ARTICLE_DELETED once its publisher deleted it. */
export async function getLiveArticle(ctx: AppContext, articleId: string): Promise<ArticleRow> {
  const row = await getArticle(ctx, articleId);
  if (row.deleted_at !== null) throw new AppError('ARTICLE_DELETED', `article ${articleId} was deleted`);
  return row;
}

/** An article of the account that belongs to it (console routes), or ARTICLE_NOT_FOUND. */
export async function getAccountArticle(
  ctx: AppContext,
  accountId: string,
  articleId: string,
): Promise<ArticleRow> {
  const row = await selectArticleById(ctx.db, articleId);
  if (!row || row.account_id !== accountId)
    throw new AppError('ARTICLE_NOT_FOUND', `the account has no article ${articleId}`);
  return row;
}

/**
 * The live article comment/* address: (msg_data_id, 0-based index) of the
 * calling account. Unknown, another account's or deleted: 88001.
 */
export async function getArticleByMsgData(
  ctx: AppContext,
  accountId: string,
  msgDataId: number,
  index: number,
): Promise<ArticleRow> {
  const row = await selectArticleByMsgData(ctx.db, accountId, msgDataId, index);
  if (!row || row.deleted_at !== null)
    throw new AppError(
      'COMMENT_ARTICLE_NOT_FOUND',
      `no article at msg_data_id ${msgDataId}, index ${index} (0-based)`,
    );
  return row;
}
