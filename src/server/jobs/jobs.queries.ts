import type { Db, JobStatus, JobsTable } from '../db/schema.ts';

/**
 * Identifies one claim of a job: the worker and the attempt number it
 * claimed. Writes from a run filter on it, so a worker whose lease expired
 * (and whose job was reclaimed elsewhere) cannot overwrite the new run.
 */
export interface JobLease {
  id: string;
  workerId: string;
  attempts: number;
}

/**
 * Inserts a job; with a dedupe key an existing job wins silently. ON CONFLICT
 * rather than catching the unique violation because, on PostgreSQL, a failed
 * statement aborts the caller's whole transaction. Returns false when the
 * key was already taken.
 */
export async function insertJob(db: Db, row: JobsTable): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function selectJobById(db: Db, id: string): Promise<JobsTable | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function selectJobByDedupeKey(db: Db, dedupeKey: string): Promise<JobsTable | undefined> {
  return db.selectFrom('jobs').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/** Jobs newest first, optionally of one status and/or name. */
export function selectJobs(
  db: Db,
  filter: { status?: JobStatus | undefined; name?: string | undefined; limit: number },
): Promise<JobsTable[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.name) q = q.where('name', '=', filter.name);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * Updates a running job only while `lease` still holds it. Returns false when
 * the lease was lost, in which case nothing was written.
 */
export async function updateLeasedJob(db: Db, lease: JobLease, patch: Partial<JobsTable>): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(patch)
    .where('id', '=', lease.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', lease.workerId)
    .where('attempts', '=', lease.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
