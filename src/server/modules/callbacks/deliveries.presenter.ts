import type { DeliveriesTable, DeliveryAttemptsTable } from '../../db/schema.ts';

/** One try as the delivery log shows it. */
export function presentAttempt(row: DeliveryAttemptsTable) {
  return {
    attempt: row.attempt,
    started_at: row.started_at,
    duration_ms: row.duration_ms,
    outcome: row.outcome,
    error: row.error,
    request: { method: 'POST', url: row.request_url, body: row.request_body },
    response:
      row.response_status === null
        ? null
        : {
            status: row.response_status,
            headers: row.response_headers ? (JSON.parse(row.response_headers) as Record<string, string>) : {},
            body: row.response_body,
          },
  };
}

/** A delivery (one push and its tries) as our API shows it. */
export function presentDelivery(
  row: DeliveriesTable & { appid: string },
  attempts?: DeliveryAttemptsTable[],
) {
  return {
    id: row.id,
    appid: row.appid,
    openid: row.openid,
    msg_type: row.msg_type,
    event: row.event,
    dedupe_key: row.dedupe_key,
    message_id: row.message_id,
    url: row.url,
    message_mode: row.message_mode,
    /** replied, no_reply, failed, transferred, or pending while tries run. */
    outcome: row.outcome,
    error: row.error,
    request_xml: row.request_xml,
    reply_xml: row.reply_xml,
    attempt_count: row.attempt_count,
    replay_of: row.replay_of,
    created_at: row.created_at,
    finished_at: row.finished_at,
    ...(attempts ? { attempts: attempts.map(presentAttempt) } : {}),
  };
}

export type DeliveryView = ReturnType<typeof presentDelivery>;
