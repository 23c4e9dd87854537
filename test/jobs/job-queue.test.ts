import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/server/errors.ts';
import { claimJobs } from '../../src/server/jobs/claim-jobs.ts';
import { defineJob, PermanentJobError } from '../../src/server/jobs/define-job.ts';
import { enqueueJob } from '../../src/server/jobs/enqueue-job.ts';
import { findJobs } from '../../src/server/jobs/find-jobs.ts';
import { getJob } from '../../src/server/jobs/get-job.ts';
import { JobRegistry } from '../../src/server/jobs/job-registry.ts';
import { runClaimedJob } from '../../src/server/jobs/run-claimed-job.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

const MINUTE = 60_000;

describe.each(DIALECTS)('job queue on %s', (dialect) => {
  let p: TestPlatform;
  let registry: JobRegistry;
  beforeEach(async () => {
    p = await createTestPlatform(dialect);
    registry = new JobRegistry();
  });
  afterEach(async () => p.close());

  const run = (workerId = 'w1') => runDueJobs(p.ctx, { workerId, registry });
  const advance = (ms: number) => p.ctx.clock.setOffset(p.ctx.clock.getOffset() + ms);

  it('runs a job with its parsed payload and stores the result', async () => {
    const seen: unknown[] = [];
    const greet = defineJob({
      name: 'test.greet',
      version: 2,
      payload: z.object({ name: z.string(), loud: z.boolean().default(false) }),
      handler: async (payload, job) => {
        seen.push({ payload, attempts: job.job.attempts, version: job.job.version });
        return { greeting: `hi ${payload.name}` };
      },
    });
    registry.register(greet);
    const { job, created } = await enqueueJob(p.ctx, greet, { name: 'Ada' });
    expect(created).toBe(true);
    expect(job).toMatchObject({
      status: 'queued',
      attempts: 0,
      max_attempts: 5,
      version: 2,
      payload: { name: 'Ada', loud: false },
    });

    expect(await run()).toBe(1);
    expect(seen).toEqual([{ payload: { name: 'Ada', loud: false }, attempts: 1, version: 2 }]);
    expect(await getJob(p.ctx, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      result: { greeting: 'hi Ada' },
      locked_by: null,
      locked_until: null,
      last_error: null,
    });
    expect(await run()).toBe(0);
  });

  it('waits for run_at before running a scheduled job', async () => {
    const noop = defineJob({
      name: 'test.noop',
      version: 1,
      payload: z.object({}),
      handler: async () => null,
    });
    registry.register(noop);
    const { job } = await enqueueJob(p.ctx, noop, {}, { runAt: p.ctx.clock.now() + 10 * MINUTE });
    expect(await run()).toBe(0);
    advance(10 * MINUTE + 1);
    expect(await run()).toBe(1);
    expect((await getJob(p.ctx, job.id)).status).toBe('succeeded');
  });

  it('retries a failed job after its backoff, then succeeds', async () => {
    let calls = 0;
    const flaky = defineJob({
      name: 'test.flaky',
      version: 1,
      payload: z.object({}),
      backoff: (attempt) => attempt * MINUTE,
      handler: async () => {
        calls++;
        if (calls === 1) throw new Error('upstream timed out');
        return 'ok';
      },
    });
    registry.register(flaky);
    const { job } = await enqueueJob(p.ctx, flaky, {});
    const failedAt = p.ctx.clock.now();
    expect(await run()).toBe(1);
    const retrying = await getJob(p.ctx, job.id);
    expect(retrying).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'Error: upstream timed out',
      locked_by: null,
    });
    expect(Date.parse(retrying.run_at)).toBeGreaterThanOrEqual(failedAt + MINUTE);

    // Not due until the backoff has passed on the platform clock.
    expect(await run()).toBe(0);
    advance(MINUTE + 5_000);
    expect(await run()).toBe(1);
    expect(calls).toBe(2);
    expect(await getJob(p.ctx, job.id)).toMatchObject({ status: 'succeeded', attempts: 2, result: 'ok' });
  });

  it('fails a job for good once max attempts are used up', async () => {
    let calls = 0;
    const broken = defineJob({
      name: 'test.broken',
      version: 1,
      payload: z.object({}),
      maxAttempts: 3,
      backoff: () => MINUTE,
      handler: async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    });
    registry.register(broken);
    const { job } = await enqueueJob(p.ctx, broken, {});
    for (let i = 0; i < 3; i++) {
      expect(await run()).toBe(1);
      advance(MINUTE + 1);
    }
    expect(await run()).toBe(0);
    expect(calls).toBe(3);
    expect(await getJob(p.ctx, job.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'attempt 3 of 3: Error: boom 3',
    });
  });

  it('fails at once on PermanentJobError, an unknown job name or a payload that no longer fits', async () => {
    const permanent = defineJob({
      name: 'test.permanent',
      version: 1,
      payload: z.object({}),
      handler: async () => {
        throw new PermanentJobError('account was deleted');
      },
    });
    const unknown = defineJob({
      name: 'test.unregistered',
      version: 1,
      payload: z.object({}),
      handler: async () => null,
    });
    const strict = defineJob({
      name: 'test.strict',
      version: 1,
      payload: z.object({ n: z.number() }),
      handler: async () => null,
    });
    registry.register(permanent);
    registry.register(strict);
    const a = await enqueueJob(p.ctx, permanent, {});
    const b = await enqueueJob(p.ctx, unknown, {});
    const c = await enqueueJob(p.ctx, strict, { n: 1 });
    // As if enqueued by older code with a different payload shape.
    await p.ctx.db
      .updateTable('jobs')
      .set({ payload: JSON.stringify({ n: 'one' }) })
      .where('id', '=', c.job.id)
      .execute();

    expect(await run()).toBe(3);
    expect(await getJob(p.ctx, a.job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'PermanentJobError: account was deleted',
    });
    expect(await getJob(p.ctx, b.job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'no job named test.unregistered is registered on this node',
    });
    const strictJob = await getJob(p.ctx, c.job.id);
    expect(strictJob.status).toBe('failed');
    expect(strictJob.last_error).toMatch(/^payload does not match test\.strict v1: n: /);
    advance(24 * 60 * MINUTE);
    expect(await run()).toBe(0);
  });

  it('rejects a payload that does not match the schema at enqueue', async () => {
    const typed = defineJob({
      name: 'test.typed',
      version: 1,
      payload: z.object({ count: z.number().int() }),
      handler: async () => null,
    });
    const attempt = enqueueJob(p.ctx, typed, { count: 1.5 });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(attempt).rejects.toThrow(/count/);
    expect(await findJobs(p.ctx)).toEqual([]);
  });

  it('returns the existing job for a repeated dedupe key', async () => {
    const once = defineJob({
      name: 'test.once',
      version: 1,
      payload: z.object({ v: z.number() }),
      handler: async () => null,
    });
    const first = await enqueueJob(p.ctx, once, { v: 1 }, { dedupeKey: 'welcome:u1' });
    const second = await enqueueJob(p.ctx, once, { v: 2 }, { dedupeKey: 'welcome:u1' });
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, job: first.job });
    const other = await enqueueJob(p.ctx, once, { v: 3 }, { dedupeKey: 'welcome:u2' });
    expect(other.job.id).not.toBe(first.job.id);
    expect(await findJobs(p.ctx, { name: 'test.once' })).toHaveLength(2);
  });

  it('enqueues atomically with the caller transaction', async () => {
    const once = defineJob({ name: 'test.tx', version: 1, payload: z.object({}), handler: async () => null });
    await expect(
      p.ctx.db.transaction().execute(async (trx) => {
        await enqueueJob(p.ctx, once, {}, { trx, dedupeKey: 'rolled-back' });
        throw new Error('the causing write failed');
      }),
    ).rejects.toThrow('the causing write failed');
    expect(await findJobs(p.ctx)).toEqual([]);

    // A dedupe hit inside a transaction must not poison it (PostgreSQL aborts
    // a transaction on any failed statement).
    const ids = await p.ctx.db.transaction().execute(async (trx) => {
      const a = await enqueueJob(p.ctx, once, {}, { trx, dedupeKey: 'k' });
      const b = await enqueueJob(p.ctx, once, {}, { trx, dedupeKey: 'k' });
      const c = await enqueueJob(p.ctx, once, {}, { trx });
      return [a.job.id, b.job.id, c.job.id];
    });
    expect(ids[0]).toBe(ids[1]);
    expect((await findJobs(p.ctx)).map((j) => j.id).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it('persists progress and checkpoints so a retry resumes where the last attempt stopped', async () => {
    const work: string[] = [];
    const seenProgress: unknown[] = [];
    const steps = defineJob({
      name: 'test.steps',
      version: 1,
      payload: z.object({}),
      backoff: () => 0,
      handler: async (_payload, job) => {
        seenProgress.push(job.progress);
        const a = await job.checkpoint('fetch', async () => {
          work.push('fetch');
          return { items: 3 };
        });
        await job.reportProgress({ done: 1, total: a.items });
        if (job.job.attempts === 1) throw new Error('crashed mid-way');
        await job.checkpoint('send', async () => {
          work.push('send');
        });
        await job.reportProgress({ done: 3, total: a.items });
        return { sent: a.items };
      },
    });
    registry.register(steps);
    const { job } = await enqueueJob(p.ctx, steps, {});
    expect(await run()).toBe(1);
    expect(await getJob(p.ctx, job.id)).toMatchObject({
      status: 'queued',
      progress: { done: 1, total: 3 },
      completed_steps: ['fetch'],
    });

    expect(await run()).toBe(1);
    expect(work).toEqual(['fetch', 'send']);
    expect(seenProgress).toEqual([null, { done: 1, total: 3 }]);
    expect(await getJob(p.ctx, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      progress: { done: 3, total: 3 },
      completed_steps: ['fetch', 'send'],
      result: { sent: 3 },
      last_error: 'Error: crashed mid-way',
    });
  });

  it('reclaims a job whose worker died (lease expired) and ignores the dead worker if it comes back', async () => {
    const runs: number[] = [];
    const resumable = defineJob({
      name: 'test.resumable',
      version: 1,
      payload: z.object({}),
      handler: async (_p, job) => {
        runs.push(job.job.attempts);
        return `attempt ${job.job.attempts}`;
      },
    });
    registry.register(resumable);
    const { job } = await enqueueJob(p.ctx, resumable, {});
    // A worker claims the job and then the process dies: nothing runs it.
    const [stale] = await claimJobs(p.ctx, { workerId: 'crashed-node', limit: 10, leaseMs: 30_000 });
    expect(stale).toMatchObject({ id: job.id, status: 'running', locked_by: 'crashed-node', attempts: 1 });

    // While the lease holds, nobody else may take it.
    expect(await run('w2')).toBe(0);
    advance(30_001);
    expect(await run('w2')).toBe(1);
    expect(runs).toEqual([2]);
    expect(await getJob(p.ctx, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      result: 'attempt 2',
    });

    // The first worker wakes up late and finishes its copy: its outcome must not overwrite the real one.
    expect(await runClaimedJob(p.ctx, stale!, { workerId: 'crashed-node', leaseMs: 30_000, registry })).toBe(
      'lease-lost',
    );
    expect(await getJob(p.ctx, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      result: 'attempt 2',
    });
  });

  it('gives up on a job whose worker keeps dying on its last attempt', async () => {
    const fragile = defineJob({
      name: 'test.fragile',
      version: 1,
      payload: z.object({}),
      maxAttempts: 1,
      handler: async () => 'never',
    });
    registry.register(fragile);
    const { job } = await enqueueJob(p.ctx, fragile, {});
    await claimJobs(p.ctx, { workerId: 'crashed-node', limit: 1, leaseMs: 1_000 });
    advance(1_001);
    expect(await run()).toBe(1);
    const failed = await getJob(p.ctx, job.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, result: null });
    expect(failed.last_error).toMatch(/^gave up after 1 attempts/);
  });

  it('lists jobs by status and name and reports a missing one as NOT_FOUND', async () => {
    const a = defineJob({
      name: 'test.list-a',
      version: 1,
      payload: z.object({}),
      handler: async () => null,
    });
    const b = defineJob({
      name: 'test.list-b',
      version: 1,
      payload: z.object({}),
      handler: async () => null,
    });
    registry.register(a);
    await enqueueJob(p.ctx, a, {});
    await enqueueJob(p.ctx, b, {}, { runAt: p.ctx.clock.now() + MINUTE });
    await run();
    expect((await findJobs(p.ctx, { status: 'succeeded' })).map((j) => j.name)).toEqual(['test.list-a']);
    expect((await findJobs(p.ctx, { status: 'queued' })).map((j) => j.name)).toEqual(['test.list-b']);
    expect(await findJobs(p.ctx, { name: 'test.list-b', limit: '1' })).toHaveLength(1);
    await expect(getJob(p.ctx, 'job_missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
