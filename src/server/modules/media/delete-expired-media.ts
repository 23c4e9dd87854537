import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { defineJob } from '../../jobs/define-job.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { registerJob } from '../../jobs/job-registry.ts';
import { mediaStore } from './media-store.ts';
import { deleteMediaRows, selectExpiredMedia } from './media.queries.ts';

/** Rows handled per round: bounded memory and short statements, however many expired at once. */
const SWEEP_BATCH = 200;

/** Sweeps are grouped by the hour their media expire in: one job per hour of uploads, not per file. */
const SWEEP_BUCKET_MS = 3600 * 1000;

/**
 * Deletes every media file and row whose `expires_at` has passed on the
 * platform clock, in batches; returns how many went. Files go first, then
 * rows: a run that stops halfway leaves rows whose files are already gone,
 * which read as expired anyway (40007), and the next run finishes them.
 * Safe to run at any time and more than once.
 */
export async function deleteExpiredMedia(ctx: AppContext): Promise<number> {
  const store = mediaStore(ctx);
  let deleted = 0;
  for (;;) {
    const rows = await selectExpiredMedia(ctx.db, ctx.clock.now(), SWEEP_BATCH);
    if (rows.length === 0) return deleted;
    for (const row of rows) await store.delete(row.storage_key);
    await deleteMediaRows(
      ctx.db,
      rows.map((r) => r.media_id),
    );
    deleted += rows.length;
    if (rows.length < SWEEP_BATCH) return deleted;
  }
}

/** `media.delete-expired`: runs deleteExpiredMedia when a bucket of temporary media has expired. */
export const deleteExpiredMediaJob = registerJob(
  defineJob({
    name: 'media.delete-expired',
    version: 1,
    payload: z.object({}),
    handler: async (_payload, job) => ({ deleted: await deleteExpiredMedia(job.ctx) }),
  }),
);

const lastScheduled = new WeakMap<AppContext, number>();

/**
 * Makes sure a sweep runs once media expiring at `expiresAt` is due: the job
 * for the end of that hour, deduplicated by the hour, so a busy account
 * queues 24 sweeps a day however much it uploads. Reads never depend on the
 * sweep (expired media answer 40007 either way); it only frees the disk.
 * A failure to queue is logged, not thrown: the upload itself succeeded and
 * the next upload's sweep deletes this file too.
 */
export async function scheduleExpiredMediaSweep(ctx: AppContext, expiresAt: number): Promise<void> {
  const runAt = Math.ceil(expiresAt / SWEEP_BUCKET_MS) * SWEEP_BUCKET_MS;
  // Uploads in one hour share a bucket: skip the dedupe lookup after the first.
  if (lastScheduled.get(ctx) === runAt) return;
  try {
    await enqueueJob(ctx, deleteExpiredMediaJob, {}, { runAt, dedupeKey: `media.delete-expired:${runAt}` });
    lastScheduled.set(ctx, runAt);
  } catch (err) {
    ctx.log.warn({ err, runAt }, 'could not queue the expired-media sweep');
  }
}
