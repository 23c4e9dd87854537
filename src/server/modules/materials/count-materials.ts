import type { AppContext } from '../../context.ts';
import { countFileMaterialsByType, countNews } from './materials.queries.ts';

/** get_materialcount's answer. */
export interface MaterialCounts {
  voice_count: number;
  video_count: number;
  image_count: number;
  news_count: number;
}

/** How many permanent materials of each kind the account holds; thumbs count as images. */
export async function countMaterials(ctx: AppContext, accountId: string): Promise<MaterialCounts> {
  const [files, news] = await Promise.all([
    countFileMaterialsByType(ctx.db, accountId),
    countNews(ctx.db, accountId),
  ]);
  return {
    voice_count: files.get('voice') ?? 0,
    video_count: files.get('video') ?? 0,
    image_count: (files.get('image') ?? 0) + (files.get('thumb') ?? 0),
    news_count: news,
  };
}
