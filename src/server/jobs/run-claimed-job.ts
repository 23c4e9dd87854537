import type { AppContext } from '../context.ts';
import type { JobsTable } from '../db/schema.ts';
import {
  JobLeaseLostError,
  PermanentJobError,
  type AnyJobDefinition,
  type JobContext,
} from './define-job.ts';
import type { JobRegistry } from './job-registry.ts';
import { parseProgress } from './jobs.presenter.ts';
import { updateLeasedJob, type JobLease } from './jobs.queries.ts';

/** How one run ended; `lease-lost` means another worker owns the job now and nothing was recorded. */
export type JobOutcome = 'succeeded' | 'retrying' | 'failed' | 'lease-lost';

export interface RunClaimedJobOptions {
  workerId: string;
  leaseMs: number;
  registry: JobRegistry;
  /** Aborting it (worker shutdown) aborts the handler's `signal`. */
  signal?: AbortSignal;
}

const MAX_ERROR_LENGTH = 4000;

function describeError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `thrown: ${String(err)}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

/**
 * Runs a job this worker has just claimed and records the outcome: success
 * with its result, a retry after the definition's backoff, or failure once
 * attempts are exhausted. Never throws for anything the handler does; it
 * rejects only when the database itself fails, and then the lease expiry
 * hands the job to the next claim.
 */
export async function runClaimedJob(
  ctx: AppContext,
  row: JobsTable,
  opts: RunClaimedJobOptions,
): Promise<JobOutcome> {
  const log = ctx.log.child({ jobId: row.id, job: row.name, attempt: row.attempts });
  const lease: JobLease = { id: row.id, workerId: opts.workerId, attempts: row.attempts };
  const finish = async (patch: Partial<JobsTable>, outcome: JobOutcome): Promise<JobOutcome> => {
    const now = ctx.clock.now();
    const written = await updateLeasedJob(ctx.db, lease, {
      locked_by: null,
      locked_until: null,
      updated_at: now,
      ...patch,
    });
    if (written) return outcome;
    log.warn('job was reclaimed by another worker before this run finished; its outcome is discarded');
    return 'lease-lost';
  };
  const fail = (message: string) => {
    log.error({ error: message }, 'job failed');
    return finish({ status: 'failed', last_error: message }, 'failed');
  };

  // Attempts are counted at claim, so a job whose worker dies every time (a
  // crash the handler triggers) still runs out instead of looping forever.
  if (row.attempts > row.max_attempts) {
    return fail(
      `gave up after ${row.max_attempts} attempts: the last one never finished (worker stopped or crashed while running it)`,
    );
  }
  // No retry for these: a rerun would see the same definition and payload.
  const def = opts.registry.get(row.name);
  if (!def) return fail(`no job named ${row.name} is registered on this node`);
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return fail('payload is not valid JSON');
  }
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`,
    );
    return fail(`payload does not match ${row.name} v${def.version}: ${problems.join('; ')}`);
  }

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onOuterAbort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const state = parseProgress(row.progress);
  const saveState = async () => {
    const now = ctx.clock.now();
    const kept = await updateLeasedJob(ctx.db, lease, {
      progress: JSON.stringify(state),
      locked_until: now + opts.leaseMs,
      updated_at: now,
    });
    if (!kept) {
      const err = new JobLeaseLostError(row.id);
      abort.abort(err);
      throw err;
    }
  };
  // A handler that runs longer than the lease would otherwise be reclaimed
  // and run twice at once; renewing at a third of the lease leaves room for
  // two missed beats.
  const heartbeat = setInterval(
    () => {
      const now = ctx.clock.now();
      updateLeasedJob(ctx.db, lease, { locked_until: now + opts.leaseMs, updated_at: now }).then(
        (kept) => {
          if (!kept) abort.abort(new JobLeaseLostError(row.id));
        },
        (err: unknown) => log.warn({ err }, 'could not renew job lease'),
      );
    },
    Math.max(10, Math.floor(opts.leaseMs / 3)),
  );
  heartbeat.unref();
  // Once aborted (shutdown grace period over, lease lost) the lease must be
  // left to expire so another worker can take the job.
  abort.signal.addEventListener('abort', () => clearInterval(heartbeat), { once: true });

  const jobCtx: JobContext = {
    ctx,
    job: {
      id: row.id,
      name: row.name,
      version: row.version,
      attempts: row.attempts,
      maxAttempts: row.max_attempts,
    },
    progress: state.report,
    async reportProgress(progress) {
      state.report = progress;
      jobCtx.progress = progress;
      await saveState();
    },
    async checkpoint<T>(step: string, fn: () => Promise<T>): Promise<T> {
      if (Object.hasOwn(state.steps, step)) return state.steps[step] as T;
      const value = await fn();
      state.steps[step] = value ?? null;
      await saveState();
      return value;
    },
    signal: abort.signal,
    log,
  };

  let outcome: { ok: true; result: unknown } | { ok: false; error: unknown };
  try {
    log.debug('job started');
    outcome = { ok: true, result: await runHandler(def, parsed.data, jobCtx) };
  } catch (error) {
    outcome = { ok: false, error };
  } finally {
    clearInterval(heartbeat);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }

  // Recording happens outside the handler's try, so a database error here
  // propagates (the lease will expire) instead of passing for a handler failure.
  if (
    abort.signal.reason instanceof JobLeaseLostError ||
    (!outcome.ok && outcome.error instanceof JobLeaseLostError)
  ) {
    log.warn('job was reclaimed by another worker during this run; stopping without recording an outcome');
    return 'lease-lost';
  }
  if (outcome.ok) {
    log.info('job succeeded');
    return finish({ status: 'succeeded', result: JSON.stringify(outcome.result ?? null) }, 'succeeded');
  }
  const message = describeError(outcome.error);
  if (outcome.error instanceof PermanentJobError) return fail(message);
  if (row.attempts >= row.max_attempts)
    return fail(`attempt ${row.attempts} of ${row.max_attempts}: ${message}`);
  const delay = safeDelay(def, row.attempts);
  log.warn({ err: outcome.error, retryInMs: delay }, 'job failed; will retry');
  return finish({ status: 'queued', run_at: ctx.clock.now() + delay, last_error: message }, 'retrying');
}

// The result is serialised inside the try so that an unserialisable result
// (a BigInt, a cycle) counts as the handler's failure, not the worker's.
async function runHandler(def: AnyJobDefinition, payload: unknown, jobCtx: JobContext): Promise<unknown> {
  const result = await def.handler(payload, jobCtx);
  JSON.stringify(result ?? null);
  return result;
}

function safeDelay(def: AnyJobDefinition, attempt: number): number {
  const ms = def.backoff(attempt);
  return Number.isFinite(ms) && ms >= 0 ? ms : 0;
}
