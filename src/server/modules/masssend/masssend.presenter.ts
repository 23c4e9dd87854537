import type { MassSendsTable, MassSendStatus } from '../../db/schema.ts';

/** WeChat's msg_status for each of our states (mass/get). */
const MSG_STATUS: Record<MassSendStatus, 'SENDING' | 'SEND_SUCCESS' | 'SEND_FAIL' | 'DELETE'> = {
  queued: 'SENDING',
  sending: 'SENDING',
  sent: 'SEND_SUCCESS',
  failed: 'SEND_FAIL',
  cancelled: 'SEND_FAIL',
  deleted: 'DELETE',
};

export function msgStatus(status: MassSendStatus) {
  return MSG_STATUS[status];
}

/** A mass send as the console sees it: audience, message, state, progress and counts. */
export function presentMassSend(row: MassSendsTable, appid: string) {
  const openids = row.kind === 'openids' ? (JSON.parse(row.touser ?? '[]') as string[]) : null;
  return {
    msg_id: row.msg_id,
    msg_data_id: row.msg_data_id,
    appid,
    /** all, tag, openids (mass/send) or preview. */
    kind: row.kind,
    tag_id: row.tag_id,
    openid_count: openids?.length ?? null,
    preview_openid: row.kind === 'preview' ? row.touser : null,
    msgtype: row.msg_type === 'images' ? 'image' : row.msg_type,
    [row.msg_type]: JSON.parse(row.content) as Record<string, unknown>,
    clientmsgid: row.clientmsgid,
    status: row.status,
    /** What mass/get answers. */
    msg_status: msgStatus(row.status),
    speed: row.speed,
    progress: { batches: row.batches, cursor: row.cursor },
    /** As MASSSENDJOBFINISH reports them; `filtered` = total − filter (blacklist, monthly cap). */
    counts: {
      total: row.total_count,
      filter: row.filter_count,
      sent: row.sent_count,
      error: row.error_count,
      filtered: row.total_count - row.filter_count,
    },
    deleted_articles: row.deleted_articles ? (JSON.parse(row.deleted_articles) as number[]) : [],
    /** A scheduled send: when it starts (platform clock); null for one sent at once. */
    scheduled_at: row.scheduled_at,
    job_id: row.job_id,
    finish_delivery_id: row.finish_delivery_id,
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}

export type MassSendView = ReturnType<typeof presentMassSend>;
