import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { PublicationsTable } from '../../db/schema.ts';
import { defineJob, exponentialBackoff } from '../../jobs/define-job.ts';
import { registerJob } from '../../jobs/job-registry.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { recordArticles } from '../articles/record-articles.ts';
import { findFailingArticles } from './check-sensitive-words.ts';
import { publicationArticles } from './publishing.presenter.ts';
import {
  selectPublicationById,
  selectPublishedArticles,
  selectSensitiveWords,
} from './publishing.queries.ts';
import { pushPublishFinish } from './push-publish-finish.ts';

/**
 * Runs the publish check on a pending publication and settles it, in one
 * transaction guarded by `publish_status = 1` (so a rerun, or a cancel that
 * got there first, changes nothing):
 * - an article containing one of the organisation's sensitive words →
 *   status 4 ("platform review rejected") with the 1-based `fail_idx`;
 * - otherwise status 0 with an article_id, the articles made readable
 *   (recordArticles, source 'publish') and the draft removed from the
 *   draft box, as WeChat's publishing does.
 * Returns the publication as it now stands (undefined if it was cancelled).
 */
export async function settlePublication(
  ctx: AppContext,
  publicationId: string,
): Promise<PublicationsTable | undefined> {
  const row = await selectPublicationById(ctx.db, publicationId);
  if (!row || row.publish_status !== 1) return row;
  const account = await selectAccountById(ctx.db, row.account_id);
  if (!account) return row;
  const words = await selectSensitiveWords(ctx.db, account.organization_id);
  const articles = publicationArticles(row);
  const failing = findFailingArticles(
    words.map((w) => w.word),
    articles,
  );
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const pending = trx.updateTable('publications').where('id', '=', row.id).where('publish_status', '=', 1);
    if (failing.length > 0) {
      await pending.set({ publish_status: 4, fail_idx: JSON.stringify(failing), finished_at: now }).execute();
      return;
    }
    const articleId = randomUrlSafe(43);
    const moved = await pending
      .set({ publish_status: 0, article_id: articleId, finished_at: now })
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return;
    await recordArticles(trx, row.account_id, {
      source: 'publish',
      msgDataId: row.msg_data_id!,
      articleId,
      publicationId: row.id,
      publishedAt: now,
      articles,
    });
    await trx.deleteFrom('draft_articles').where('media_id', '=', row.draft_media_id).execute();
    await trx
      .deleteFrom('drafts')
      .where('media_id', '=', row.draft_media_id)
      .where('account_id', '=', row.account_id)
      .execute();
  });
  return selectPublicationById(ctx.db, row.id);
}

/** `publishing.publish`: settles one publication (settlePublication), then pushes PUBLISHJOBFINISH. */
export const publishPublicationJob = registerJob(
  defineJob({
    name: 'publishing.publish',
    version: 1,
    payload: z.object({ publication_id: z.string() }),
    maxAttempts: 5,
    backoff: exponentialBackoff({ baseMs: 5_000, maxMs: 300_000 }),
    handler: async ({ publication_id }, job) => {
      const { ctx } = job;
      const row = await settlePublication(ctx, publication_id);
      if (!row) return { published: false, reason: 'the publication was cancelled' };
      const account = await selectAccountById(ctx.db, row.account_id);
      if (!account || row.publish_status === 1)
        return { published: false, publish_status: row.publish_status };
      const articles = await selectPublishedArticles(ctx.db, [row.id]);
      const push = await pushPublishFinish(ctx, account, row, articles);
      return { publish_status: row.publish_status, ...push };
    },
  }),
);
