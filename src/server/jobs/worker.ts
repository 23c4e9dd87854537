import os from 'node:os';
import type pg from 'pg';
import type { AppContext } from '../context.ts';
import { randomHex } from '../lib/ids.ts';
import { claimJobs } from './claim-jobs.ts';
import { jobRegistry, type JobRegistry } from './job-registry.ts';
import { JOBS_CHANNEL, jobWakeups } from './job-wakeups.ts';
import { runClaimedJob } from './run-claimed-job.ts';

/** A running background worker. */
export interface Worker {
  /** Stops claiming, waits for running jobs up to the grace period, then returns. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Written to `locked_by`; default host:pid:random, unique per worker. */
  workerId?: string;
  /** Jobs run at the same time. Default 4. */
  concurrency?: number;
  /** Claim lifetime, renewed while a job runs; a crashed worker's jobs are retried after it. Default 60 s. */
  leaseMs?: number;
  /** How long stop() waits for running jobs. Default 10 s. */
  stopTimeoutMs?: number;
  /** Which definitions this worker runs. Default the process-wide registry. */
  registry?: JobRegistry;
}

const DEFAULT_LEASE_MS = 60_000;
const LISTEN_RETRY_MS = 5_000;

function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomHex(3)}`;
}

/**
 * Claims up to `limit` due jobs, runs them concurrently and waits for all to
 * finish; returns how many it claimed. One polling pass, for tests and for
 * callers (a CLI command) that want jobs run without a background worker.
 */
export async function runDueJobs(
  ctx: AppContext,
  opts: { workerId?: string; limit?: number; leaseMs?: number; registry?: JobRegistry } = {},
): Promise<number> {
  const workerId = opts.workerId ?? defaultWorkerId();
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const registry = opts.registry ?? jobRegistry;
  const rows = await claimJobs(ctx, { workerId, limit: opts.limit ?? 10, leaseMs });
  await Promise.all(rows.map((row) => runClaimedJob(ctx, row, { workerId, leaseMs, registry })));
  return rows.length;
}

/**
 * Starts the background worker: polls every `config.jobPollMs`, wakes early
 * when this node (or, on PostgreSQL, any node) enqueues a due job, and runs
 * at most `concurrency` jobs at a time. Several workers may share a
 * PostgreSQL database; on SQLite run one per database.
 */
export function startWorker(ctx: AppContext, options: WorkerOptions = {}): Worker {
  const workerId = options.workerId ?? defaultWorkerId();
  const concurrency = options.concurrency ?? 4;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const registry = options.registry ?? jobRegistry;
  const log = ctx.log.child({ workerId });

  const running = new Set<Promise<void>>();
  const shutdown = new AbortController();
  let stopping = false;
  let pumping: Promise<void> | null = null;
  let wakeAgain = false;
  // Set while the last claim filled every free slot: more jobs are probably
  // waiting, so a finished job should trigger the next claim at once.
  let backlog = false;
  let timer: NodeJS.Timeout | undefined;

  const runOne = (row: Parameters<typeof runClaimedJob>[1]) => {
    const done = runClaimedJob(ctx, row, { workerId, leaseMs, registry, signal: shutdown.signal })
      .then(
        () => undefined,
        (err: unknown) =>
          log.error(
            { err, jobId: row.id },
            'could not record job outcome; it will be retried when its lease expires',
          ),
      )
      .finally(() => {
        running.delete(done);
        if (backlog) wake();
      });
    running.add(done);
  };

  const pump = async () => {
    do {
      wakeAgain = false;
      const free = concurrency - running.size;
      if (free <= 0 || stopping) return;
      const rows = await claimJobs(ctx, { workerId, limit: free, leaseMs });
      backlog = rows.length === free;
      for (const row of rows) runOne(row);
    } while (wakeAgain && !stopping);
  };

  // Wakeups during a pass are remembered, not dropped: the job that caused
  // one may have committed after the pass's claim looked.
  function wake(): void {
    if (stopping) return;
    if (pumping) {
      wakeAgain = true;
      return;
    }
    pumping = pump()
      .catch((err: unknown) => log.error({ err }, 'could not claim jobs; retrying at the next poll'))
      .finally(() => {
        pumping = null;
      });
  }

  const tick = () => {
    wake();
    void ensureListening();
    timer = setTimeout(tick, ctx.config.jobPollMs);
    timer.unref();
  };

  const onDue = () => wake();
  jobWakeups(ctx).on('due', onDue);

  // PostgreSQL: LISTEN on a dedicated pooled connection so enqueues on other
  // nodes wake us too. Best effort: if it fails, polling still finds the jobs.
  let listener: pg.PoolClient | null = null;
  let dropListener: () => void = () => undefined;
  let listening: Promise<void> | null = null;
  let lastListenAttempt = 0;
  const ensureListening = async () => {
    const pool = ctx.database.pool;
    if (!pool || listener || listening || stopping || Date.now() - lastListenAttempt < LISTEN_RETRY_MS)
      return;
    lastListenAttempt = Date.now();
    listening = (async () => {
      let client: pg.PoolClient | undefined;
      let released = false;
      // The error event, the catch below and stop() can all want to drop the
      // connection; pg throws on a second release.
      const drop = (err?: Error) => {
        if (released || !client) return;
        released = true;
        if (listener === client) listener = null;
        client.release(err ?? true);
      };
      try {
        client = await pool.connect();
        client.on('notification', (msg) => {
          if (msg.channel === JOBS_CHANNEL) wake();
        });
        client.on('error', (err) => {
          log.warn({ err }, 'job LISTEN connection lost; polling until it is back');
          drop(err);
        });
        await client.query(`LISTEN ${JOBS_CHANNEL}`);
        if (stopping || released) {
          drop();
          return;
        }
        listener = client;
        dropListener = drop;
        // Anything enqueued between our last claim and the LISTEN sent its
        // NOTIFY to nobody; one pass now covers that gap.
        wake();
      } catch (err) {
        log.warn({ err }, 'could not LISTEN for job notifications; polling only');
        drop();
      }
    })().finally(() => {
      listening = null;
    });
    await listening;
  };

  tick();
  log.info({ concurrency, pollMs: ctx.config.jobPollMs, jobs: registry.names() }, 'job worker started');

  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      jobWakeups(ctx).off('due', onDue);
      await pumping;
      await listening;
      // Destroyed rather than returned to the pool: it is still subscribed.
      dropListener();
      if (running.size > 0) {
        let timeout: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          Promise.allSettled([...running]).then(() => false),
          new Promise<boolean>((resolve) => {
            timeout = setTimeout(() => resolve(true), stopTimeoutMs);
          }),
        ]);
        clearTimeout(timeout);
        if (timedOut) {
          // The handlers cannot be killed; abort tells them to stop, and their
          // leases stop being renewed, so another worker retries them later.
          log.warn(
            { running: running.size },
            'jobs still running at shutdown; they will be retried after their leases expire',
          );
          shutdown.abort(new Error('worker stopping'));
        }
      }
      log.info('job worker stopped');
    },
  };
}
