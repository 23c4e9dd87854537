import type { AppContext } from '../../context.ts';
import type { ArticleRow } from './record-articles.ts';

/**
 * comment/open and comment/close: whether readers may write comments.
 * Existing comments stay (and stay manageable); closing only stops new ones.
 */
export async function setCommentsOpen(ctx: AppContext, article: ArticleRow, open: boolean): Promise<void> {
  await ctx.db
    .updateTable('articles')
    .set({ need_open_comment: open ? 1 : 0 })
    .where('id', '=', article.id)
    .execute();
}
