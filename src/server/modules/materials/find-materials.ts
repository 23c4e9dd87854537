import type { AppContext } from '../../context.ts';
import type { MaterialNewsArticlesTable, MaterialNewsTable, MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  countFileMaterials,
  countNews,
  mediaTypesOf,
  selectFileMaterialPage,
  selectNewsArticles,
  selectNewsPage,
} from './materials.queries.ts';
import type { MaterialKind } from './materials.schemas.ts';

/** One page of materials of one kind, newest first, and how many there are in all. */
export type MaterialPage =
  | { kind: 'file'; total: number; rows: MediaTable[] }
  | {
      kind: 'news';
      total: number;
      rows: { news: MaterialNewsTable; articles: MaterialNewsArticlesTable[] }[];
    };

/** The kind batchget_material names, or MEDIA_TYPE_INVALID (40004); thumbs are listed under image. */
export function parseMaterialKind(type: string): MaterialKind {
  if (type === 'image' || type === 'voice' || type === 'video' || type === 'news') return type;
  throw new AppError(
    'MEDIA_TYPE_INVALID',
    `type must be image, video, voice or news, got ${JSON.stringify(type)}`,
  );
}

/**
 * A page of the account's permanent materials of `kind` (`batchget_material`
 * and the console): newest first, `offset` rows skipped, at most `count`.
 */
export async function findMaterials(
  ctx: AppContext,
  accountId: string,
  kind: MaterialKind,
  offset: number,
  count: number,
): Promise<MaterialPage> {
  if (kind === 'news') {
    const [total, page] = await Promise.all([
      countNews(ctx.db, accountId),
      selectNewsPage(ctx.db, accountId, offset, count),
    ]);
    const articles = await selectNewsArticles(
      ctx.db,
      page.map((n) => n.media_id),
    );
    return {
      kind,
      total,
      rows: page.map((news) => ({ news, articles: articles.filter((a) => a.media_id === news.media_id) })),
    };
  }
  const types = mediaTypesOf(kind);
  const [total, rows] = await Promise.all([
    countFileMaterials(ctx.db, accountId, types),
    selectFileMaterialPage(ctx.db, accountId, types, offset, count),
  ]);
  return { kind: 'file', total, rows };
}
