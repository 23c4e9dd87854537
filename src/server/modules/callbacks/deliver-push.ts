import type { AppContext } from '../../context.ts';
import type {
  AccountsTable,
  AttemptOutcome,
  DeliveriesTable,
  DeliveryOutcome,
  FollowersTable,
} from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { storableText } from '../../lib/storable-text.ts';
import { requestDeveloper, type Exchange } from './developer-http.ts';
import { keepNewestRows } from '../../db/keep-newest-rows.ts';
import { finishDelivery, insertAttempt, insertDelivery } from './deliveries.queries.ts';
import type { PushEnvelope } from './push-xml.ts';
import { readReply, type ReplyReading } from './read-reply.ts';
import { signPush } from './sign-push.ts';

/** Longest response body kept in the delivery log per attempt. */
const LOGGED_BODY_CHARS = 64 * 1024;

export interface DeliveryResult {
  delivery: DeliveriesTable;
  /** What the developer's last answer meant; null when no try got an answer. */
  reading: ReplyReading | null;
}

export interface DeliverOptions {
  /** The delivery id, when the caller already linked a message to it. */
  id?: string;
  /** The follower message that caused the push. */
  messageId?: string | null;
  /** Set when an operator replays an earlier delivery. */
  replayOf?: string | null;
  /** Replies to follower messages show one news article; events up to 8. */
  triggeredByMessage: boolean;
}

/**
 * Pushes one message or event to the account's developer server the way
 * WeChat does (§2.2, §2.5): signed (and encrypted in compatible/safe mode),
 * each try bounded by the callback deadline, up to `callbackTries` tries with
 * the identical request, so MsgId (or FromUserName + CreateTime) lets the
 * developer de-duplicate. Timeouts, connection failures and 5xx answers are
 * retried; a 4xx or an unusable reply is final. Every try is written to the
 * delivery log with what was sent and what came back.
 */
export async function deliverPush(
  ctx: AppContext,
  account: AccountsTable,
  /** id null for account-level events (MASSSENDJOBFINISH), which no follower caused. */
  follower: Pick<FollowersTable, 'openid'> & { id: string | null },
  envelope: PushEnvelope,
  options: DeliverOptions,
): Promise<DeliveryResult> {
  const { xml } = envelope;
  const signed = signPush(account, follower.openid, xml, String(Math.floor(ctx.clock.now() / 1000)));
  const delivery: DeliveriesTable = {
    id: options.id ?? newId('dlv'),
    account_id: account.id,
    follower_id: follower.id,
    openid: follower.openid,
    msg_type: envelope.msgType,
    event: envelope.event,
    dedupe_key: envelope.dedupeKey,
    message_id: options.messageId ?? null,
    url: account.server_url ?? '',
    message_mode: account.message_mode,
    request_xml: xml,
    outcome: 'pending',
    error: null,
    reply_xml: null,
    attempt_count: 0,
    replay_of: options.replayOf ?? null,
    created_at: ctx.clock.now(),
    finished_at: null,
  };
  await insertDelivery(ctx.db, delivery);

  let reading: ReplyReading | null = null;
  let error: string | null = null;
  let attempt = 0;
  while (attempt < ctx.config.callbackTries) {
    attempt += 1;
    const startedAt = ctx.clock.now();
    const exchange = await requestDeveloper({
      method: 'POST',
      url: signed.url,
      body: signed.body,
      timeoutMs: ctx.config.callbackTimeoutMs,
      maxResponseBytes: ctx.config.callbackMaxResponseBytes,
      blockInternal: ctx.config.callbackBlockPrivate,
    });
    const judged = judge(account, follower.openid, exchange, options.triggeredByMessage);
    reading = judged.reading;
    error = judged.error;
    await insertAttempt(ctx.db, {
      id: newId('att'),
      delivery_id: delivery.id,
      attempt,
      request_url: signed.url,
      request_body: signed.body,
      response_status: exchange.status,
      response_headers:
        exchange.outcome === 'ok' || exchange.status ? JSON.stringify(exchange.headers) : null,
      response_body:
        exchange.status === null ? null : storableText(exchange.body.slice(0, LOGGED_BODY_CHARS)),
      duration_ms: exchange.durationMs,
      outcome: judged.outcome,
      error,
      started_at: startedAt,
    });
    if (!judged.retry) break;
  }

  const outcome = outcomeOf(reading);
  const finished = {
    outcome,
    error: outcome === 'failed' ? (error ?? 'the developer server did not answer') : null,
    reply_xml: reading?.xml == null ? null : storableText(reading.xml),
    attempt_count: attempt,
    finished_at: ctx.clock.now(),
  };
  await finishDelivery(ctx.db, delivery.id, finished);
  schedulePrune(ctx, account.id);
  return { delivery: { ...delivery, ...finished }, reading };
}

interface Judgement {
  outcome: AttemptOutcome;
  reading: ReplyReading | null;
  error: string | null;
  retry: boolean;
}

function judge(
  account: AccountsTable,
  openid: string,
  exchange: Exchange,
  triggeredByMessage: boolean,
): Judgement {
  switch (exchange.outcome) {
    case 'timeout':
    case 'network_error':
      return { outcome: exchange.outcome, reading: null, error: exchange.error, retry: true };
    case 'blocked':
    case 'too_large':
      return { outcome: exchange.outcome, reading: null, error: exchange.error, retry: false };
    case 'ok':
      break;
  }
  const status = exchange.status ?? 0;
  if (status < 200 || status > 299) {
    return {
      outcome: 'http_error',
      reading: null,
      error: `the developer server answered HTTP ${status}`,
      retry: status >= 500,
    };
  }
  const reading = readReply(account, exchange.body, { openid, triggeredByMessage });
  if (reading.kind === 'invalid')
    return { outcome: 'bad_reply', reading, error: reading.error, retry: false };
  return { outcome: reading.kind === 'none' ? 'empty' : 'reply', reading, error: null, retry: false };
}

const OUTCOME_OF_READING: Record<ReplyReading['kind'], DeliveryOutcome> = {
  none: 'no_reply',
  reply: 'replied',
  transfer: 'transferred',
  invalid: 'failed',
};

function outcomeOf(reading: ReplyReading | null): DeliveryOutcome {
  return reading ? OUTCOME_OF_READING[reading.kind] : 'failed';
}

// Pruning scans the account's newest rows; doing it on every push would tax
// the hot path, so each node prunes an account every `interval` deliveries.
const sincePrune = new WeakMap<AppContext, Map<string, number>>();

function schedulePrune(ctx: AppContext, accountId: string): void {
  const limit = ctx.config.deliveryLogLimit;
  const interval = Math.max(1, Math.floor(limit / 100));
  let counts = sincePrune.get(ctx);
  if (!counts) sincePrune.set(ctx, (counts = new Map<string, number>()));
  const n = (counts.get(accountId) ?? 0) + 1;
  if (n < interval) {
    counts.set(accountId, n);
    return;
  }
  counts.set(accountId, 0);
  keepNewestRows(ctx.db, 'deliveries', accountId, limit).catch((err: unknown) =>
    ctx.log.warn({ err, accountId }, 'could not prune the delivery log'),
  );
}
