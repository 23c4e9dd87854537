import type { AppContext } from '../../context.ts';
import type { Selectable } from 'kysely';
import type { ArticleFields, ArticleSource, ArticlesTable, Db } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { platformUrl } from '../../lib/platform-url.ts';
import { sanitizeAccountHtml } from './sanitize-account-html.ts';
import { articlePlainText } from './sanitize-article-html.ts';

/** An article as read back from the database. */
export type ArticleRow = Selectable<ArticlesTable>;

/** What a publication or an mpnews mass send hands over to become readable articles. */
export interface RecordArticlesInput {
  source: ArticleSource;
  /** The id comment/* address the articles by (publish's or mass send's msg_data_id). */
  msgDataId: number;
  /** publish only: the article_id getarticle and freepublish/delete take. */
  articleId?: string | null;
  publicationId?: string | null;
  massSendId?: string | null;
  publishedAt: number;
  /** In order: the first becomes idx 0. */
  articles: ArticleFields[];
}

/**
 * Makes the articles of one publication or mpnews mass send readable: one
 * `articles` row each, at idx 0, 1, …, inside the caller's transaction so
 * they appear together with the publish or send that made them.
 *
 * Content is stored sanitised (sanitizeArticleHtml): images and videos only
 * from this account's media, no scripts, handlers or script URLs. Its plain
 * text goes to `search_text`, which the search index reads.
 */
export async function recordArticles(
  trx: Db,
  accountId: string,
  input: RecordArticlesInput,
): Promise<ArticleRow[]> {
  const contents = await sanitizeAccountHtml(
    trx,
    accountId,
    input.articles.map((a) => a.content),
  );
  const rows = input.articles.map((article, idx) => {
    const content = contents[idx]!;
    return {
      ...article,
      content,
      search_text: articlePlainText(content),
      id: newId('art'),
      account_id: accountId,
      source: input.source,
      msg_data_id: input.msgDataId,
      idx,
      article_id: input.articleId ?? null,
      publication_id: input.publicationId ?? null,
      mass_send_id: input.massSendId ?? null,
      published_at: input.publishedAt,
      deleted_at: null,
    };
  });
  if (rows.length === 0) return [];
  await trx.insertInto('articles').values(rows).execute();
  return trx
    .selectFrom('articles')
    .selectAll()
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('idx')
    .execute();
}

/** The public page of one article (what `url` / `article_url` point at). */
export function articleUrl(ctx: AppContext, article: Pick<ArticlesTable, 'id'>): string {
  return platformUrl(ctx, `/s/${article.id}`);
}
