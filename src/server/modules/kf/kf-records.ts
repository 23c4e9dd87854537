import type { Db } from '../../db/schema.ts';
import type { MessageContent } from '../messages/message-content.ts';
import { insertKfRecords } from './kf.queries.ts';

/** msgrecord opercodes (spec §7.5). */
export const OPERCODE = {
  /** A waiting session was created (transfer to the queue). */
  waiting: 1000,
  /** An agent accepted a session waiting for them. */
  accepted: 1001,
  /** An agent started a session (kfsession/create). */
  started: 1002,
  /** The session moved to another agent. */
  transferred: 1003,
  /** The session was closed. */
  closed: 1004,
  /** An agent grabbed a session from the common queue. */
  grabbed: 1005,
  /** The account received the follower's message for customer service (the transferred one). */
  accountReceived: 2001,
  /** An agent sent a message. */
  kfSent: 2002,
  /** An agent received the follower's message in a session. */
  kfReceived: 2003,
} as const;

/**
 * A message as the chat record shows it: text as written; images, voice and
 * video as `[image]`, `[voice]`, `[video]` (WeChat's rendering); any other
 * type as its bracketed name.
 */
export function recordText(message: MessageContent): string {
  if (message.msgtype === 'text') return message.text.content;
  return message.msgtype === 'shortvideo' ? '[video]' : `[${message.msgtype}]`;
}

/** Appends one line to the account's chat record. */
export async function recordKf(
  db: Db,
  line: { account_id: string; openid: string; opercode: number; worker: string | null; text?: string },
  now: number,
): Promise<void> {
  await insertKfRecords(db, [
    {
      account_id: line.account_id,
      openid: line.openid,
      opercode: line.opercode,
      text: line.text ?? '',
      worker: line.worker ?? '',
      created_at: now,
    },
  ]);
}
