import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppContext } from '../../src/server/context.ts';
import { createContext } from '../../src/server/create-context.ts';
import { claimJobs } from '../../src/server/jobs/claim-jobs.ts';
import { defineJob } from '../../src/server/jobs/define-job.ts';
import { enqueueJob } from '../../src/server/jobs/enqueue-job.ts';
import { findJobs } from '../../src/server/jobs/find-jobs.ts';
import { JobRegistry } from '../../src/server/jobs/job-registry.ts';
import { runDueJobs } from '../../src/server/jobs/worker.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

const JOBS = 50;

// Two nodes sharing one database: separate contexts, so separate connection
// pools (PostgreSQL) or connections (SQLite), claiming at the same time.
describe.each(DIALECTS)('concurrent claimers on %s', (dialect) => {
  let p: TestPlatform;
  let second: AppContext;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    second = await createContext(p.ctx.config, p.ctx.log);
  });
  afterAll(async () => {
    await second.database.close();
    await p.close();
  });

  it('never runs the same job twice', async () => {
    const runsById = new Map<string, string[]>();
    const registry = new JobRegistry();
    const count = defineJob({
      name: 'test.count',
      version: 1,
      payload: z.object({ i: z.number() }),
      handler: async (_payload, job) => {
        // Touch the database so claims and runs of both nodes interleave.
        await job.reportProgress({ seen: true });
        runsById.set(job.job.id, [...(runsById.get(job.job.id) ?? []), job.ctx === second ? 'b' : 'a']);
        return null;
      },
    });
    registry.register(count);
    for (let i = 0; i < JOBS; i++) await enqueueJob(p.ctx, count, { i });

    const drain = async (ctx: AppContext, workerId: string) => {
      let total = 0;
      for (;;) {
        const n = await runDueJobs(ctx, { workerId, limit: 3, registry });
        if (n === 0) return total;
        total += n;
      }
    };
    // Three claimers per node, each taking small batches, to maximise overlap.
    const claimers = [p.ctx, second].flatMap((ctx, node) =>
      [0, 1, 2].map((k) => drain(ctx, `node-${node}-${k}`)),
    );
    const claimed = await Promise.all(claimers);

    expect(claimed.reduce((a, b) => a + b, 0)).toBe(JOBS);
    expect(runsById.size).toBe(JOBS);
    for (const runs of runsById.values()) expect(runs).toHaveLength(1);
    const jobs = await findJobs(p.ctx, { limit: 200 });
    expect(jobs.filter((j) => j.status === 'succeeded' && j.attempts === 1)).toHaveLength(JOBS);
  });

  it('hands each due job to exactly one of many simultaneous claims', async () => {
    const noop = defineJob({
      name: 'test.claim-race',
      version: 1,
      payload: z.object({}),
      handler: async () => null,
    });
    const ids = new Set<string>();
    for (let i = 0; i < JOBS; i++) ids.add((await enqueueJob(p.ctx, noop, {})).job.id);

    const claimedIds: string[] = [];
    for (let round = 0; round < 10; round++) {
      const batches = await Promise.all(
        Array.from({ length: 12 }, (_, k) =>
          claimJobs(k % 2 ? second : p.ctx, { workerId: `claimer-${k}`, limit: 3, leaseMs: 60_000 }),
        ),
      );
      const got = batches.flat().map((row) => row.id);
      if (got.length === 0) break;
      claimedIds.push(...got);
    }
    expect(claimedIds.filter((id) => ids.has(id)).sort()).toEqual([...ids].sort());
  });
});
