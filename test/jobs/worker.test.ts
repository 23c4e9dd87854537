import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../src/server/jobs/define-job.ts';
import { enqueueJob } from '../../src/server/jobs/enqueue-job.ts';
import { getJob } from '../../src/server/jobs/get-job.ts';
import { JobRegistry } from '../../src/server/jobs/job-registry.ts';
import { startWorker, type Worker } from '../../src/server/jobs/worker.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

describe.each(DIALECTS)('background worker on %s', (dialect) => {
  let p: TestPlatform;
  let worker: Worker | undefined;
  let registry: JobRegistry;
  beforeEach(async () => {
    // A poll interval far beyond the test timeout: jobs that run promptly
    // were picked up by the enqueue wakeup, not by polling.
    p = await createTestPlatform(dialect, { jobPollMs: 600_000 });
    registry = new JobRegistry();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await p.close();
  });

  it('picks up a newly enqueued job without waiting for the next poll', async () => {
    const echo = defineJob({
      name: 'test.echo',
      version: 1,
      payload: z.object({ v: z.string() }),
      handler: async ({ v }) => v,
    });
    registry.register(echo);
    worker = startWorker(p.ctx, { registry, workerId: 'bg' });
    const { job } = await enqueueJob(p.ctx, echo, { v: 'hello' });
    await vi.waitFor(
      async () => expect(await getJob(p.ctx, job.id)).toMatchObject({ status: 'succeeded', result: 'hello' }),
      { timeout: 10_000 },
    );
  });

  it('keeps running after a handler throws, and stop() waits for a running job', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const bad = defineJob({
      name: 'test.bad',
      version: 1,
      payload: z.object({}),
      maxAttempts: 1,
      handler: async () => {
        throw new TypeError('handler bug');
      },
    });
    const slow = defineJob({
      name: 'test.slow',
      version: 1,
      payload: z.object({}),
      handler: async () => {
        started = true;
        await released;
        return 'finished';
      },
    });
    registry.register(bad);
    registry.register(slow);
    worker = startWorker(p.ctx, { registry, concurrency: 2 });
    const b = await enqueueJob(p.ctx, bad, {});
    await vi.waitFor(async () => expect((await getJob(p.ctx, b.job.id)).status).toBe('failed'), {
      timeout: 10_000,
    });

    const s = await enqueueJob(p.ctx, slow, {});
    await vi.waitFor(() => expect(started).toBe(true), { timeout: 10_000 });
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    worker = undefined;
    // Let the event loop turn a few times: stop() must still be waiting.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    expect((await getJob(p.ctx, s.job.id)).status).toBe('running');
    release();
    await stopping;
    expect(await getJob(p.ctx, s.job.id)).toMatchObject({ status: 'succeeded', result: 'finished' });
  });

  it('gives up waiting at the stop timeout and aborts the handler', async () => {
    let aborted = false;
    const stuck = defineJob({
      name: 'test.stuck',
      version: 1,
      payload: z.object({}),
      handler: async (_p, job) => {
        await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
        aborted = true;
        throw new Error('aborted');
      },
    });
    registry.register(stuck);
    worker = startWorker(p.ctx, { registry, stopTimeoutMs: 50 });
    const { job } = await enqueueJob(p.ctx, stuck, {});
    await vi.waitFor(async () => expect((await getJob(p.ctx, job.id)).status).toBe('running'), {
      timeout: 10_000,
    });
    await worker.stop();
    worker = undefined;
    await vi.waitFor(() => expect(aborted).toBe(true));
  });
});
