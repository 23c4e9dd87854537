import type { ExpressionBuilder } from 'kysely';
import type { AppContext } from '../context.ts';
import type { Database, JobsTable } from '../db/schema.ts';

export interface ClaimJobsOptions {
  /** Written to `locked_by`; every write of the run is checked against it. */
  workerId: string;
  /** At most this many jobs. */
  limit: number;
  /** How long the claim holds before another worker may take the job over, in ms. */
  leaseMs: number;
}

/**
 * A job is due when it is queued and its time has come, or when it is
 * running under a lease that has expired: the worker that held it crashed,
 * was killed or lost the database, and someone must finish the job. That
 * second half is what makes the queue survive restarts.
 */
function isDue(now: number) {
  return (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.or([
      eb.and([eb('jobs.status', '=', 'queued'), eb('jobs.run_at', '<=', now)]),
      eb.and([eb('jobs.status', '=', 'running'), eb('jobs.locked_until', '<', now)]),
    ]);
}

/**
 * Atomically takes up to `limit` due jobs, oldest `run_at` first: marks them
 * running under this worker's lease and counts the attempt. Times come from
 * the platform clock so a sandbox clock jump makes backed-off jobs due.
 */
export async function claimJobs(ctx: AppContext, opts: ClaimJobsOptions): Promise<JobsTable[]> {
  if (opts.limit <= 0) return [];
  const now = ctx.clock.now();
  const claim = {
    status: 'running' as const,
    locked_by: opts.workerId,
    locked_until: now + opts.leaseMs,
    updated_at: now,
  };
  let rows: JobsTable[];
  switch (ctx.dialect) {
    case 'postgres':
      // Several workers on several nodes: SKIP LOCKED lets each take rows the
      // others are not already claiming instead of queueing behind them, and
      // the row locks held to commit make a double claim impossible. The CTE
      // form makes the planner evaluate the LIMITed selection exactly once.
      rows = await ctx.db
        .with('due', (db) =>
          db
            .selectFrom('jobs')
            .select('jobs.id')
            .where(isDue(now))
            .orderBy('jobs.run_at')
            .limit(opts.limit)
            .forUpdate()
            .skipLocked(),
        )
        .updateTable('jobs')
        .from('due')
        .set((eb) => ({ ...claim, attempts: eb('jobs.attempts', '+', 1) }))
        .whereRef('jobs.id', '=', 'due.id')
        .returningAll('jobs')
        .execute();
      break;
    case 'sqlite':
      // One in-process worker, and SQLite runs each statement under its single
      // writer lock, so a plain UPDATE ... WHERE id IN (SELECT ...) is atomic.
      rows = await ctx.db
        .updateTable('jobs')
        .set((eb) => ({ ...claim, attempts: eb('jobs.attempts', '+', 1) }))
        .where('jobs.id', 'in', (eb) =>
          eb.selectFrom('jobs').select('jobs.id').where(isDue(now)).orderBy('jobs.run_at').limit(opts.limit),
        )
        .returningAll()
        .execute();
      break;
  }
  return rows.sort((a, b) => a.run_at - b.run_at);
}
