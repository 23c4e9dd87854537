import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { selectApiCalls, selectCalledEndpoints, type ApiCallRow } from './api-calls.queries.ts';
import { flushApiCalls } from './record-api-call.ts';
import type { FindApiCallsQuery } from './requests.schemas.ts';

/** Buckets the chart splits its window into. */
const BUCKETS = 30;

/**
 * The account's API call log (issue 8): the newest calls matching the
 * filters, the endpoints it has called, and per time bucket of the window
 * the call count, failures and average and maximum latency (the console's
 * latency/volume chart). The log is capped per account, so the window's rows
 * are few enough to bucket here rather than in dialect-specific SQL.
 */
export async function findApiCalls(ctx: AppContext, account: AccountsTable, query: FindApiCallsQuery) {
  await flushApiCalls(ctx);
  const filter = { endpoint: query.endpoint, failedOnly: query.failed === '1' };
  const now = ctx.clock.now();
  const windowMs = query.window * 60_000;
  const since = now - windowMs;
  const [rows, endpoints, inWindow] = await Promise.all([
    selectApiCalls(ctx.db, account.id, filter, query.limit),
    selectCalledEndpoints(ctx.db, account.id),
    selectApiCalls(ctx.db, account.id, { ...filter, since }, ctx.config.apiCallLogLimit),
  ]);
  return { items: rows.map(presentApiCall), endpoints, series: bucketCalls(inWindow, since, windowMs) };
}

function presentApiCall(r: ApiCallRow) {
  return {
    id: r.id,
    method: r.method,
    endpoint: r.endpoint,
    errcode: r.errcode,
    latency_ms: r.latency_ms,
    created_at: r.created_at,
  };
}

function bucketCalls(rows: ApiCallRow[], since: number, windowMs: number) {
  const size = windowMs / BUCKETS;
  const buckets = Array.from({ length: BUCKETS }, (_, i) => ({
    start: Math.round(since + i * size),
    calls: 0,
    failed: 0,
    latencySum: 0,
    max_latency_ms: 0,
  }));
  for (const r of rows) {
    const b = buckets[Math.min(BUCKETS - 1, Math.floor((r.created_at - since) / size))];
    if (!b) continue;
    b.calls += 1;
    if (r.errcode !== 0) b.failed += 1;
    b.latencySum += r.latency_ms;
    b.max_latency_ms = Math.max(b.max_latency_ms, r.latency_ms);
  }
  return buckets.map(({ latencySum, ...b }) => ({
    ...b,
    avg_latency_ms: b.calls ? Math.round((latencySum / b.calls) * 10) / 10 : null,
  }));
}
