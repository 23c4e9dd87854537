import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { ApiCallLogTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { keepNewestRows } from '../../db/keep-newest-rows.ts';
import { insertApiCalls } from './api-calls.queries.ts';

/** Calls wait at most this long in memory before their batch is written. */
const FLUSH_AFTER_MS = 250;
/** A batch this large is written at once. */
const FLUSH_AT_ROWS = 500;

interface Recorder {
  pending: Insertable<ApiCallLogTable>[];
  timer: NodeJS.Timeout | null;
  /** The write in progress, so a reader (or close) can wait for it. */
  writing: Promise<void>;
  /** Calls per account since its last prune. */
  sincePrune: Map<string, number>;
}

const recorders = new WeakMap<AppContext, Recorder>();

function recorderOf(ctx: AppContext): Recorder {
  let r = recorders.get(ctx);
  if (!r)
    recorders.set(ctx, (r = { pending: [], timer: null, writing: Promise.resolve(), sincePrune: new Map() }));
  return r;
}

/**
 * Notes one Open API call of an account for the API call log. Called from
 * the response hook, after the answer has gone out: it only appends to an
 * in-memory batch, which one multi-row INSERT writes a moment later, so the
 * call path never waits on the log. Each account is pruned back to
 * apiCallLogLimit every limit/100 calls (as the delivery log is).
 */
export function recordApiCall(
  ctx: AppContext,
  call: { accountId: string; method: string; endpoint: string; errcode: number; latencyMs: number },
): void {
  const r = recorderOf(ctx);
  r.pending.push({
    id: newId('call'),
    account_id: call.accountId,
    method: call.method,
    endpoint: call.endpoint,
    errcode: call.errcode,
    latency_ms: Math.max(0, Math.round(call.latencyMs)),
    created_at: ctx.clock.now(),
  });
  if (r.pending.length >= FLUSH_AT_ROWS) void flushApiCalls(ctx);
  else r.timer ??= setTimeout(() => void flushApiCalls(ctx), FLUSH_AFTER_MS).unref();
}

/**
 * Writes the calls noted so far (and waits for a write under way). Readers
 * of the log call it first, so a list shows every call this node answered;
 * the app calls it on close.
 */
export async function flushApiCalls(ctx: AppContext): Promise<void> {
  const r = recorderOf(ctx);
  if (r.timer) clearTimeout(r.timer);
  r.timer = null;
  const batch = r.pending.splice(0);
  const previous = r.writing;
  r.writing = previous.then(() => writeBatch(ctx, r, batch));
  await r.writing;
}

async function writeBatch(ctx: AppContext, r: Recorder, batch: Insertable<ApiCallLogTable>[]) {
  if (batch.length === 0) return;
  try {
    await insertApiCalls(ctx.db, batch);
    const limit = ctx.config.apiCallLogLimit;
    const interval = Math.max(1, Math.floor(limit / 100));
    const counts = new Map<string, number>();
    for (const row of batch) counts.set(row.account_id, (counts.get(row.account_id) ?? 0) + 1);
    for (const [accountId, n] of counts) {
      const total = (r.sincePrune.get(accountId) ?? 0) + n;
      if (total < interval) r.sincePrune.set(accountId, total);
      else {
        r.sincePrune.set(accountId, 0);
        await keepNewestRows(ctx.db, 'api_call_log', accountId, limit);
      }
    }
  } catch (err) {
    // A lost log batch must never fail or slow the calls it describes.
    ctx.log.warn({ err, rows: batch.length }, 'could not write the API call log');
  }
}
