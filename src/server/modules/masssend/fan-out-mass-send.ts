import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, MassSendsTable } from '../../db/schema.ts';
import { exponentialBackoff, defineJob, PermanentJobError } from '../../jobs/define-job.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { registerJob } from '../../jobs/job-registry.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { selectMessagesByIds } from '../messages/messages.queries.ts';
import { subscriberCount } from '../realtime/message-hub.ts';
import { announceMessageIds, publishMessages } from '../realtime/publish-messages.ts';
import { SPEED_PER_MINUTE } from './mass-send-speed.ts';
import { lockAccount } from './mass-send-limits.ts';
import {
  fanOutBatch,
  nextFanOutRange,
  selectBatchMessageIds,
  selectMassSendById,
  transitionMassSend,
  type FanOutRange,
} from './masssend.queries.ts';
import { pushMassSendFinish } from './push-mass-send-finish.ts';

/**
 * Followers per batch: one transaction each, so progress is durable batch by
 * batch and a statement never holds the database for long.
 */
export const MASS_SEND_BATCH_SIZE = 5000;

/** What one run of the job did. */
export interface FanOutResult {
  status: MassSendsTable['status'];
  batches: number;
  /** Set when the speed limit paused the send: a continuation job runs at this time. */
  resumes_at?: number;
}

/**
 * Whether sends keep to their speed level. Always in production; a sandbox
 * may switch it off (`massSendThrottle: false`) so big sends finish at once.
 */
export function massSendThrottled(ctx: AppContext): boolean {
  return !ctx.config.sandbox || ctx.config.massSendThrottle;
}

/**
 * Runs a mass send to its end: batch after batch (each one set-based SQL in
 * its own transaction, the cursor moving with it, so a rerun resumes exactly
 * after the last committed batch and never copies a message twice), pausing
 * when ahead of the send's speed level by queueing a continuation job at the
 * time the rate allows (on the platform clock, so a sandbox can move it),
 * stopping when the send is cancelled, and pushing MASSSENDJOBFINISH to the
 * developer server at the end.
 */
export async function fanOutMassSend(
  ctx: AppContext,
  massSendId: string,
  options: {
    batchSize?: number;
    signal?: AbortSignal;
    onBatch?: (send: MassSendsTable) => Promise<void>;
  } = {},
): Promise<FanOutResult> {
  const batchSize = options.batchSize ?? MASS_SEND_BATCH_SIZE;
  let send = await selectMassSendById(ctx.db, massSendId);
  if (!send) throw new PermanentJobError(`mass send ${massSendId} no longer exists`);
  const account = await selectAccountById(ctx.db, send.account_id);
  if (!account) throw new PermanentJobError(`account ${send.account_id} no longer exists`);
  // A scheduled send cancelled before its time never started: nobody to
  // tell, no MASSSENDJOBFINISH.
  if (send.status === 'cancelled' && send.started_at === null && send.scheduled_at !== null)
    return { status: send.status, batches: 0 };
  const startedAt = send.started_at ?? ctx.clock.now();
  if (send.status === 'queued')
    await transitionMassSend(ctx.db, send.id, ['queued'], {
      status: 'sending',
      started_at: startedAt,
      updated_at: ctx.clock.now(),
    });

  let ran = 0;
  for (;;) {
    send = (await selectMassSendById(ctx.db, massSendId))!;
    if (send.status !== 'sending') break;
    options.signal?.throwIfAborted();
    const batch = await runBatch(ctx, account, send, batchSize);
    if (!batch) continue;
    ran += 1;
    send = batch.send;
    await publishBatch(ctx, send, batch.range);
    await options.onBatch?.(send);
    if (send.status !== 'sending') break;
    const resumesAt = throttleUntil(ctx, send, startedAt, batchSize);
    if (resumesAt !== null) {
      await enqueueJob(
        ctx,
        fanOutMassSendJob,
        { mass_send_id: send.id, batch_size: batchSize },
        { runAt: resumesAt, dedupeKey: `masssend.fan-out:${send.id}:${send.batches}` },
      );
      return { status: send.status, batches: ran, resumes_at: resumesAt };
    }
  }
  if (send.status === 'sent' || send.status === 'cancelled' || send.status === 'failed')
    await pushMassSendFinish(ctx, account, send);
  return { status: send.status, batches: ran };
}

/**
 * One batch in one transaction. The send row is re-read inside it (locked
 * on PostgreSQL) so two runs of the same job — a reclaimed lease — cannot
 * both take the same batch: the second sees the moved cursor. Returns null
 * when the row changed under us and the loop should look again.
 */
async function runBatch(
  ctx: AppContext,
  account: AccountsTable,
  seen: MassSendsTable,
  batchSize: number,
): Promise<{ send: MassSendsTable; range: FanOutRange } | null> {
  return ctx.db.transaction().execute(async (trx) => {
    // Batches of one account take turns (PostgreSQL row lock on the account;
    // SQLite runs one write transaction at a time anyway): two sends fanning
    // out at once must not both see a follower below the monthly cap of 4.
    if (ctx.dialect === 'postgres') await lockAccount(trx, account.id);
    let q = trx.selectFrom('mass_sends').selectAll().where('id', '=', seen.id);
    if (ctx.dialect === 'postgres') q = q.forUpdate();
    const send = await q.executeTakeFirstOrThrow();
    if (send.status !== 'sending' || send.cursor !== seen.cursor) return null;
    const range = await nextFanOutRange(trx, send, batchSize);
    const now = ctx.clock.now();
    const counts = await fanOutBatch(trx, send, range, { capped: account.type === 'service', now });
    const last = range.kind === 'list' ? range.last : range.hi === null;
    const cursor = range.kind === 'list' ? (range.openids.at(-1) ?? send.cursor) : (range.hi ?? send.cursor);
    const patch: Partial<MassSendsTable> = {
      cursor,
      batches: send.batches + 1,
      total_count: send.total_count + counts.total,
      filter_count: send.filter_count + counts.eligible,
      sent_count: send.sent_count + counts.sent,
      error_count: send.error_count + (counts.eligible - counts.sent),
      updated_at: now,
      ...(last ? { status: 'sent' as const, finished_at: now } : {}),
    };
    await trx.updateTable('mass_sends').set(patch).where('id', '=', send.id).execute();
    return { send: { ...send, ...patch }, range };
  });
}

/**
 * Puts a batch's copies on the live stream in one call (one NOTIFY
 * statement on PostgreSQL), not one per follower. On SQLite, where only
 * this process's subscribers exist, it is skipped when nobody is watching.
 */
async function publishBatch(ctx: AppContext, send: MassSendsTable, range: FanOutRange): Promise<void> {
  if (ctx.dialect !== 'postgres' && subscriberCount(ctx) === 0) return;
  try {
    const copies = await selectBatchMessageIds(ctx.db, send, range);
    // PostgreSQL announces ids only (every node loads what its own watchers
    // need), so the rows are not read here; SQLite hands rows to watchers.
    if (ctx.dialect === 'postgres') {
      await announceMessageIds(ctx, copies);
      return;
    }
    for (let i = 0; i < copies.length; i += 1000)
      await publishMessages(
        ctx,
        await selectMessagesByIds(
          ctx.db,
          copies.slice(i, i + 1000).map((c) => c.id),
        ),
      );
  } catch (err) {
    // The copies are stored; the stream is best effort and clients reload.
    ctx.log.warn({ err, msgId: send.msg_id }, 'could not publish a mass-send batch to live streams');
  }
}

/**
 * When the next batch may start at the send's speed level: the followers
 * handled so far, at that many a minute, measured from the start. Null when
 * it may start now or throttling is off.
 */
function throttleUntil(
  ctx: AppContext,
  send: MassSendsTable,
  startedAt: number,
  batchSize: number,
): number | null {
  if (!massSendThrottled(ctx)) return null;
  const perMinute = SPEED_PER_MINUTE[send.speed] ?? SPEED_PER_MINUTE[0];
  const handled = send.batches * batchSize;
  const due = startedAt + Math.ceil((handled * 60_000) / perMinute);
  return due > ctx.clock.now() ? due : null;
}

/** `masssend.fan-out`: runs fanOutMassSend; continuations (after a speed pause) are more jobs of the same kind. */
export const fanOutMassSendJob = registerJob(
  defineJob({
    name: 'masssend.fan-out',
    version: 1,
    payload: z.object({
      mass_send_id: z.string().min(1),
      /** Followers per batch; default MASS_SEND_BATCH_SIZE. */
      batch_size: z.number().int().min(1).max(100_000).optional(),
    }),
    maxAttempts: 8,
    backoff: exponentialBackoff({ baseMs: 2000, maxMs: 5 * 60_000 }),
    handler: async (payload, job) =>
      fanOutMassSend(job.ctx, payload.mass_send_id, {
        ...(payload.batch_size ? { batchSize: payload.batch_size } : {}),
        signal: job.signal,
        onBatch: (send) =>
          job.reportProgress({
            batches: send.batches,
            cursor: send.cursor,
            total: send.total_count,
            sent: send.sent_count,
          }),
      }),
  }),
);
