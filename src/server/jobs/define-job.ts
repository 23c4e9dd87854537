import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../context.ts';

/** What a handler gets besides its payload. */
export interface JobContext {
  ctx: AppContext;
  /** `attempts` counts this run: 1 on the first try. */
  job: { id: string; name: string; version: number; attempts: number; maxAttempts: number };
  /**
   * The last progress reported by this or an earlier attempt (null before
   * any), so a retried handler can resume instead of starting over.
   */
  progress: Readonly<Record<string, unknown>> | null;
  /**
   * Persists `progress` (replacing the previous report) and renews the lease.
   * Throws JobLeaseLostError when another worker has taken the job over.
   */
  reportProgress(progress: Record<string, unknown>): Promise<void>;
  /**
   * Runs `fn` once per job, across retries: the first successful run's value
   * (which must be JSON) is stored, and later attempts get it back without
   * calling `fn`. Use it to split long work into steps that are not redone.
   */
  checkpoint<T>(step: string, fn: () => Promise<T>): Promise<T>;
  /** Aborted when the worker shuts down past its grace period or loses the lease. */
  signal: AbortSignal;
  /** Child logger carrying `jobId`. */
  log: FastifyBaseLogger;
}

/** A job type: a name, a version, a payload schema, a retry policy and a handler. */
export interface JobDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  /** Stable identifier stored in `jobs.name`; renaming strands queued jobs. */
  readonly name: string;
  /** Stored with each job so a handler can migrate payloads enqueued by older code. */
  readonly version: number;
  /** Validated at enqueue and again before each run; must accept the JSON of its own output. */
  readonly payload: S;
  /** Runs in total, including the first. */
  readonly maxAttempts: number;
  /** Delay in ms before retry number `attempt + 1`, given the `attempt` that just failed (1-based). */
  readonly backoff: (attempt: number) => number;
  /**
   * Does the work; the return value (JSON) is stored as the job's result.
   * Runs at least once, possibly more (retries, crashes), so it must be
   * safe to rerun. Declared as a method so definitions with specific
   * payload types fit in one registry.
   */
  handler(payload: z.output<S>, job: JobContext): Promise<R>;
}

/** Any definition, whatever its payload and result types. */
export type AnyJobDefinition = JobDefinition<z.ZodType, unknown>;

/** The payload type a definition accepts at enqueue time. */
export type JobPayloadInput<D extends AnyJobDefinition> = z.input<D['payload']>;

/**
 * Thrown by a handler when retrying cannot help (the account was deleted,
 * the input is impossible): the job fails at once instead of burning its
 * remaining attempts.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** Thrown from job-context writes once another worker has reclaimed the job. */
export class JobLeaseLostError extends Error {
  override name = 'JobLeaseLostError';
  constructor(jobId: string) {
    super(`job ${jobId} was reclaimed by another worker (its lease expired)`);
  }
}

/**
 * Exponential backoff with ±20% jitter, capped at `maxMs`. The jitter keeps
 * jobs that failed together (an upstream outage) from all retrying in the
 * same instant.
 */
export function exponentialBackoff(
  opts: { baseMs?: number; maxMs?: number } = {},
): (attempt: number) => number {
  const base = opts.baseMs ?? 10_000;
  const max = opts.maxMs ?? 3_600_000;
  return (attempt) => {
    const raw = Math.min(base * 2 ** Math.max(0, attempt - 1), max);
    return Math.round(raw * (0.8 + Math.random() * 0.4));
  };
}

/** Defaults for definitions that do not choose: 5 runs, 10 s doubling to at most 1 h. */
export const DEFAULT_MAX_ATTEMPTS = 5;
export const defaultBackoff = exponentialBackoff();

/**
 * Declares a job type. Throws at module load for a malformed definition,
 * which is a programming error rather than an expected failure.
 *
 * @example
 * export const syncFollowersJob = defineJob({
 *   name: 'followers.sync',
 *   version: 1,
 *   payload: z.object({ account_id: z.string() }),
 *   handler: async ({ account_id }, job) => { ... },
 * });
 */
export function defineJob<S extends z.ZodType, R>(def: {
  name: string;
  version: number;
  payload: S;
  maxAttempts?: number;
  backoff?: (attempt: number) => number;
  handler: (payload: z.output<S>, job: JobContext) => Promise<R>;
}): JobDefinition<S, R> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(def.name))
    throw new Error(`job name ${JSON.stringify(def.name)} must be letters, digits, ".", "_" or "-"`);
  if (!Number.isInteger(def.version) || def.version < 1)
    throw new Error(`job ${def.name}: version must be a positive integer`);
  const maxAttempts = def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error(`job ${def.name}: maxAttempts must be a positive integer`);
  return {
    name: def.name,
    version: def.version,
    payload: def.payload,
    maxAttempts,
    backoff: def.backoff ?? defaultBackoff,
    handler: def.handler,
  };
}
