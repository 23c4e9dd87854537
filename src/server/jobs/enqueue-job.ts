import type { AppContext } from '../context.ts';
import type { Db, JobsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { newId } from '../lib/ids.ts';
import { validate } from '../lib/validate.ts';
import type { AnyJobDefinition, JobPayloadInput } from './define-job.ts';
import { announceDueJobs } from './job-wakeups.ts';
import { presentJob, type JobView } from './jobs.presenter.ts';
import { insertJob, selectJobByDedupeKey } from './jobs.queries.ts';

export interface EnqueueJobOptions {
  /** Earliest run time, epoch ms on the platform clock. Default now. */
  runAt?: number;
  /**
   * Idempotency key, unique across all jobs ever enqueued (including finished
   * ones): a second enqueue with the same key returns the first job.
   */
  dedupeKey?: string;
  /**
   * The caller's transaction, so the job exists if and only if the write that
   * caused it commits. Default `ctx.db`.
   */
  trx?: Db;
}

/** The job that now stands for the request; `created` is false when a dedupe key matched an earlier job. */
export interface EnqueuedJob {
  job: JobView;
  created: boolean;
}

/**
 * Validates `payload` against the definition's schema (VALIDATION_FAILED
 * when it does not fit) and queues a job, or returns the existing one for a
 * repeated dedupe key.
 */
export async function enqueueJob<D extends AnyJobDefinition>(
  ctx: AppContext,
  def: D,
  payload: JobPayloadInput<D>,
  options: EnqueueJobOptions = {},
): Promise<EnqueuedJob> {
  const parsed: unknown = validate(def.payload, payload);
  const db = options.trx ?? ctx.db;
  const now = ctx.clock.now();
  const row: JobsTable = {
    id: newId('job'),
    name: def.name,
    version: def.version,
    // The parsed form, so defaults are fixed at enqueue time and a later
    // change of default does not change what a queued job does.
    payload: JSON.stringify(parsed) ?? 'null',
    status: 'queued',
    attempts: 0,
    max_attempts: def.maxAttempts,
    run_at: options.runAt ?? now,
    locked_by: null,
    locked_until: null,
    last_error: null,
    dedupe_key: options.dedupeKey ?? null,
    progress: null,
    result: null,
    created_at: now,
    updated_at: now,
  };
  const created = await insertJob(db, row);
  if (!created) {
    const existing = await selectJobByDedupeKey(db, row.dedupe_key!);
    // Only possible if the conflicting job was deleted between the two statements.
    if (!existing)
      throw new AppError('SYSTEM_ERROR', `job with dedupe key ${row.dedupe_key} vanished while enqueuing`);
    return { job: presentJob(existing), created: false };
  }
  if (row.run_at <= now) await announceDueJobs(ctx, db);
  return { job: presentJob(row), created: true };
}
