import type { JobsTable } from '../db/schema.ts';

/**
 * What the `progress` column holds: the handler's latest report plus the
 * values of completed checkpoints. One column keeps both because both are
 * "where to resume", written under the same lease check.
 */
export interface StoredProgress {
  report: Record<string, unknown> | null;
  steps: Record<string, unknown>;
}

/** Reads the `progress` column; anything unreadable counts as no progress rather than failing the job. */
export function parseProgress(json: string | null): StoredProgress {
  const empty: StoredProgress = { report: null, steps: {} };
  if (json === null) return empty;
  try {
    const value = JSON.parse(json) as Partial<StoredProgress> | null;
    if (!value || typeof value !== 'object') return empty;
    return {
      report: isRecord(value.report) ? value.report : null,
      steps: isRecord(value.steps) ? value.steps : {},
    };
  } catch {
    return empty;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** A job as our API and console show it: JSON columns parsed, times as ISO strings. */
export function presentJob(row: JobsTable) {
  const progress = parseProgress(row.progress);
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    status: row.status,
    payload: parseJson(row.payload),
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    run_at: iso(row.run_at)!,
    locked_by: row.locked_by,
    locked_until: iso(row.locked_until),
    /** Kept after a later success, so the console can show a job that needed retries. */
    last_error: row.last_error,
    dedupe_key: row.dedupe_key,
    progress: progress.report,
    completed_steps: Object.keys(progress.steps),
    result: parseJson(row.result),
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
  };
}

export type JobView = ReturnType<typeof presentJob>;
