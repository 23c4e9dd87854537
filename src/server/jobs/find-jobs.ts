import type { AppContext } from '../context.ts';
import { validate } from '../lib/validate.ts';
import { presentJob, type JobView } from './jobs.presenter.ts';
import { selectJobs } from './jobs.queries.ts';
import { FindJobsQuerySchema } from './jobs.schemas.ts';

/** Jobs newest first, filtered by status and/or name; see FindJobsQuerySchema. */
export async function findJobs(ctx: AppContext, query: unknown = {}): Promise<JobView[]> {
  const filter = validate(FindJobsQuerySchema, query);
  const rows = await selectJobs(ctx.db, filter);
  return rows.map(presentJob);
}
