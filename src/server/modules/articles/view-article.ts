import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { selectFollower } from '../followers/followers.queries.ts';
import { getUser } from '../followers/get-user.ts';
import { selectReaderComments, selectUserReactions, type CommentWithNickname } from './articles.queries.ts';
import { getArticle } from './get-article.ts';
import type { ArticleRow } from './record-articles.ts';

/** Comments shown under an article at most (WeChat shows its elected ones in one list). */
export const READER_COMMENTS_SHOWN = 100;

/** An article as one reader (or an anonymous visitor) sees it. */
export interface ArticleView {
  article: ArticleRow;
  account: AccountsTable;
  reader: { userId: string; liked: boolean; wowed: boolean; following: boolean } | null;
  comments: CommentWithNickname[];
}

/**
 * What a reader sees on an article, without counting a read (the follower
 * client posts the read separately, with its source): the elected comments
 * and the reader's own, and whether they liked or wowed it. `userId` null
 * is an anonymous visitor of the public page: elected comments only.
 */
export async function viewArticle(
  ctx: AppContext,
  articleId: string,
  userId: string | null,
): Promise<ArticleView> {
  const article = await getArticle(ctx, articleId);
  const account = (await selectAccountById(ctx.db, article.account_id))!;
  const user = userId ? await getUser(ctx, userId) : null;
  if (article.deleted_at !== null) return { article, account, reader: null, comments: [] };
  const comments = await selectReaderComments(ctx.db, article.id, user?.id ?? null, READER_COMMENTS_SHOWN);
  if (!user) return { article, account, reader: null, comments };
  const [reactions, follower] = await Promise.all([
    selectUserReactions(ctx.db, article.id, user.id),
    selectFollower(ctx.db, account.id, user.id),
  ]);
  return {
    article,
    account,
    reader: {
      userId: user.id,
      liked: reactions.has('like'),
      wowed: reactions.has('wow'),
      following: follower?.subscribed === 1,
    },
    comments,
  };
}
