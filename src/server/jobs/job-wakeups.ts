import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { DatabaseHandle } from '../db/index.ts';
import type { Db } from '../db/schema.ts';

/** PostgreSQL channel on which enqueues announce themselves to every node. */
export const JOBS_CHANNEL = 'gongzhong_jobs';

// One emitter per open database, not per process, so that several test
// platforms in one process do not wake each other's workers.
const emitters = new WeakMap<DatabaseHandle, EventEmitter>();

/** The in-process signal a worker on this database listens to for "jobs are due now". */
export function jobWakeups(ctx: AppContext): EventEmitter {
  let emitter = emitters.get(ctx.database);
  if (!emitter) {
    emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    emitters.set(ctx.database, emitter);
  }
  return emitter;
}

/**
 * Tells workers that a due job was enqueued through `db`. On PostgreSQL this
 * is a NOTIFY on the same connection: inside a transaction it is delivered
 * only at commit (so no worker looks before the row is visible), it reaches
 * every node, and PostgreSQL folds identical notifications of one
 * transaction into one, so bulk enqueues cost one wakeup. On SQLite there is
 * one process; a worker woken during the caller's transaction waits on
 * Kysely's single connection until the commit anyway.
 */
export async function announceDueJobs(ctx: AppContext, db: Db): Promise<void> {
  if (ctx.dialect === 'postgres') {
    await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(db);
    return;
  }
  jobWakeups(ctx).emit('due');
}
