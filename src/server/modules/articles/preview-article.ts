import type { AppContext } from '../../context.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { coverPath } from './articles.presenter.ts';
import { sanitizeAccountHtml } from './sanitize-account-html.ts';

/** What a preview page shows of a news material or draft article. */
export interface ArticlePreview {
  title: string;
  author: string;
  accountName: string;
  content: string;
  contentSourceUrl: string;
  cover: string | null;
  publishedAt: null;
}

/**
 * The article at 1-based `idx` of a news material (add_news) or a draft,
 * for the preview links WeChat hands out for them (`/s/<media_id>?idx=n`);
 * null when neither has it. Content is sanitised here, since materials and
 * drafts keep the HTML as given.
 */
export async function previewArticle(
  ctx: AppContext,
  mediaId: string,
  idx: number,
): Promise<ArticlePreview | null> {
  const material = await ctx.db
    .selectFrom('material_news_articles')
    .innerJoin('material_news', 'material_news.media_id', 'material_news_articles.media_id')
    .selectAll('material_news_articles')
    .select('material_news.account_id')
    .where('material_news_articles.media_id', '=', mediaId)
    .where('material_news_articles.idx', '=', idx - 1)
    .executeTakeFirst();
  const found =
    material ??
    (await ctx.db
      .selectFrom('draft_articles')
      .innerJoin('drafts', 'drafts.media_id', 'draft_articles.media_id')
      .selectAll('draft_articles')
      .select('drafts.account_id')
      .where('draft_articles.media_id', '=', mediaId)
      .where('draft_articles.idx', '=', idx - 1)
      .executeTakeFirst());
  if (!found) return null;
  const account = await selectAccountById(ctx.db, found.account_id);
  const [content] = await sanitizeAccountHtml(ctx.db, found.account_id, [found.content]);
  return {
    title: found.title,
    author: found.author,
    accountName: account?.name ?? '',
    content: content!,
    contentSourceUrl: found.content_source_url,
    cover: coverPath(found),
    publishedAt: null,
  };
}
