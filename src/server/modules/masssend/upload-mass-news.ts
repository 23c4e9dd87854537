import type { AppContext } from '../../context.ts';
import type { AccountsTable, MassMediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { checkArticle } from '../materials/create-news-material.ts';
import { MAX_NEWS_ARTICLES, type NewsArticle } from '../materials/materials.schemas.ts';
import { TEMPORARY_MEDIA_TTL_MS } from '../media/media.schemas.ts';
import { deleteExpiredMassMedia, insertMassMedia } from './mass-media.queries.ts';

/** What uploadnews and uploadvideo answer (spec §12.3). */
export interface MassMediaUploaded {
  type: 'news' | 'video';
  media_id: string;
  /** Seconds, as media/upload's. */
  created_at: number;
}

/**
 * `/cgi-bin/media/uploadnews`: 1 to 8 articles (44003 / 45008), each under
 * the same rules as a news material (checkArticle: 40035, 45002–45004,
 * 40066; a cover that is a permanent image or thumb material, 40007). The
 * id is an mpnews media_id for mass send and expires after 3 days like
 * media/upload's; it is neither a material nor a draft, so their lists and
 * counts never show it.
 */
export async function uploadMassNews(
  ctx: AppContext,
  account: AccountsTable,
  articles: readonly NewsArticle[],
): Promise<MassMediaUploaded> {
  if (articles.length === 0) throw new AppError('NEWS_EMPTY', 'send 1 to 8 articles');
  if (articles.length > MAX_NEWS_ARTICLES)
    throw new AppError(
      'NEWS_TOO_MANY_ARTICLES',
      `a news message holds at most ${MAX_NEWS_ARTICLES} articles`,
    );
  for (const [i, article] of articles.entries()) await checkArticle(ctx, account.id, article, i);
  const now = ctx.clock.now();
  const row: MassMediaTable = {
    media_id: randomUrlSafe(64),
    account_id: account.id,
    type: 'news',
    articles: JSON.stringify(articles),
    video_media_id: null,
    title: null,
    description: null,
    created_at: now,
    expires_at: now + TEMPORARY_MEDIA_TTL_MS,
  };
  await deleteExpiredMassMedia(ctx.db, account.id, now);
  await insertMassMedia(ctx.db, row);
  return { type: 'news', media_id: row.media_id, created_at: Math.floor(now / 1000) };
}
