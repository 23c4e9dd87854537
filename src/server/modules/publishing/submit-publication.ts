import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, ArticleFields, PublicationsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { newId } from '../../lib/ids.ts';
import { getDraft } from '../drafts/get-draft.ts';
import { newMassMsgId } from '../masssend/mass-send-limits.ts';
import { selectFileMaterial } from '../materials/materials.queries.ts';
import { publishPublicationJob } from './publish-publication.ts';

/**
 * `freepublish/submit` (§13.2), and our console's scheduled publish: copies
 * the draft's articles into a publication (publish_status 1, "publishing")
 * and queues the `publishing.publish` job that runs the publish check, at
 * `publishAt` when that is in the future (platform clock), else now. The
 * draft must still be publishable: a cover or image material deleted since
 * it was saved fails with DRAFT_CHECK_FAILED (53503). publish_id and
 * msg_data_id are JSON numbers below 2^53.
 */
export async function submitPublication(
  ctx: AppContext,
  account: AccountsTable,
  draftMediaId: string,
  publishAt?: number,
): Promise<PublicationsTable> {
  const { articles } = await getDraft(ctx, account.id, draftMediaId);
  for (const [i, a] of articles.entries()) await checkMaterialsStillThere(ctx, account.id, a, i);
  const now = ctx.clock.now();
  const scheduled = publishAt !== undefined && publishAt > now ? publishAt : null;
  const fields: ArticleFields[] = articles.map(({ media_id: _m, idx: _i, ...a }) => a);
  const row: PublicationsTable = {
    id: newId('pub'),
    account_id: account.id,
    publish_id: randomInt(1_000_000_000, 2 ** 47),
    draft_media_id: draftMediaId,
    articles: JSON.stringify(fields),
    publish_status: 1,
    fail_idx: null,
    article_id: null,
    // Shares mass send's id source: comment/* address both kinds of article by msg_data_id.
    msg_data_id: newMassMsgId(now),
    scheduled_at: scheduled,
    job_id: null,
    finish_delivery_id: null,
    created_at: now,
    finished_at: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const { job } = await enqueueJob(
      ctx,
      publishPublicationJob,
      { publication_id: row.id },
      { trx, runAt: scheduled ?? now, dedupeKey: `publishing.publish:${row.id}` },
    );
    row.job_id = job.id;
    await trx.insertInto('publications').values(row).execute();
  });
  return row;
}

async function checkMaterialsStillThere(
  ctx: AppContext,
  accountId: string,
  a: ArticleFields,
  at: number,
): Promise<void> {
  const ids = [
    ...(a.thumb_media_id ? [a.thumb_media_id] : []),
    ...(a.image_info
      ? (JSON.parse(a.image_info) as { image_list: { image_media_id: string }[] }).image_list.map(
          (i) => i.image_media_id,
        )
      : []),
  ];
  for (const id of ids)
    if (!(await selectFileMaterial(ctx.db, accountId, id)))
      throw new AppError(
        'DRAFT_CHECK_FAILED',
        `article ${at}: material ${id} was deleted after the draft was saved; update the draft`,
      );
}
