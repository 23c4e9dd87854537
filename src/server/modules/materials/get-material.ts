import type { AppContext } from '../../context.ts';
import type { MaterialNewsArticlesTable, MaterialNewsTable, MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectFileMaterial, selectNews, selectNewsArticles } from './materials.queries.ts';

/** A permanent material: a file (image, voice, video, thumb) or news with its articles. */
export type Material =
  | { kind: 'file'; row: MediaTable }
  | { kind: 'news'; news: MaterialNewsTable; articles: MaterialNewsArticlesTable[] };

/**
 * The account's permanent material by id, file or news. Unknown ids, other
 * accounts' materials and temporary media all throw MEDIA_NOT_FOUND (40007).
 */
export async function getMaterial(ctx: AppContext, accountId: string, mediaId: string): Promise<Material> {
  if (mediaId) {
    const row = await selectFileMaterial(ctx.db, accountId, mediaId);
    if (row) return { kind: 'file', row };
    const news = await selectNews(ctx.db, accountId, mediaId);
    if (news) return { kind: 'news', news, articles: await selectNewsArticles(ctx.db, [mediaId]) };
  }
  throw new AppError('MEDIA_NOT_FOUND', 'no permanent material of this account has that media_id');
}
