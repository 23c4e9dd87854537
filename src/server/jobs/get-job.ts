import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { presentJob, type JobView } from './jobs.presenter.ts';
import { selectJobById } from './jobs.queries.ts';

/** One job by id, presented, or NOT_FOUND. */
export async function getJob(ctx: AppContext, id: string): Promise<JobView> {
  const row = await selectJobById(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', `no job with id ${id}`);
  return presentJob(row);
}
