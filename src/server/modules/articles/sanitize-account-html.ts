import type { Db } from '../../db/schema.ts';
import { mediaIdsIn, sanitizeArticleHtml } from './sanitize-article-html.ts';

/**
 * Sanitises article HTML of one account (sanitizeArticleHtml), keeping
 * images and videos only when they are the account's uploadimg images or
 * permanent materials: not temporary media (gone in 3 days), followers'
 * uploads or another account's files. One query for all of `htmls`.
 */
export async function sanitizeAccountHtml(db: Db, accountId: string, htmls: string[]): Promise<string[]> {
  const ids = [...new Set(htmls.flatMap(mediaIdsIn))];
  const own = new Set<string>();
  if (ids.length > 0) {
    const rows = await db
      .selectFrom('media')
      .select('media_id')
      .where('account_id', '=', accountId)
      .where('origin', 'in', ['article_image', 'permanent'])
      .where('media_id', 'in', ids)
      .execute();
    for (const r of rows) own.add(r.media_id);
  }
  return htmls.map((html) => sanitizeArticleHtml(html, (id) => own.has(id)));
}
