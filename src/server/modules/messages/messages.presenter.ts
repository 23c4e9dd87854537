import { fromStored } from './message-content.ts';
import type { MessageWithParties } from './messages.queries.ts';

/**
 * A conversation message as our API and the live stream show it: the body in
 * the custom-send shape (`msgtype` plus an object named after it).
 */
export function presentMessage(row: MessageWithParties) {
  return {
    id: row.id,
    appid: row.appid,
    openid: row.openid,
    /** `in`: follower → account; `out`: account → follower. */
    direction: row.direction,
    source: row.source,
    ...fromStored(row.msg_type, row.content),
    /** WeChat MsgId (64-bit, as a string) for follower messages; null otherwise. */
    msg_id: row.msg_id,
    delivery_id: row.delivery_id,
    /** The kf account that sent a customer-service message, when one did. */
    kf_account: row.kf_account ?? null,
    created_at: row.created_at,
  };
}

export type MessageView = ReturnType<typeof presentMessage>;
