import type { AccountsTable } from '../../db/schema.ts';
import { buildXml, type XmlObject } from '../../wechat/xml.ts';

/**
 * One push to a developer server: a follower message or an event, before it
 * becomes XML. `fields` are the type's own elements in WeChat's order.
 */
export interface Push {
  /** `text`, `image`, … for messages; `event` for events. */
  msgType: string;
  /** The event name, case exactly as WeChat sends it (`subscribe`, `CLICK`, …). */
  event?: string;
  /** Unix seconds. */
  createTime: number;
  /** 64-bit MsgId as a decimal string; messages only. */
  msgId?: string;
  fields: XmlObject;
  /** Elements WeChat writes after MsgId (a menu-message tap's `bizmsgmenuid`). */
  trailing?: XmlObject;
}

/**
 * The push as WeChat's XML (spec §3–4): To/From/CreateTime/MsgType, then
 * Event, the type's fields, then MsgId, as WeChat orders them (only
 * `bizmsgmenuid` follows it). MsgId is
 * written bare (a BigInt) so 64-bit values keep every digit.
 */
export function pushXml(account: Pick<AccountsTable, 'original_id'>, openid: string, push: Push): string {
  return buildXml({
    ToUserName: account.original_id,
    FromUserName: openid,
    CreateTime: push.createTime,
    MsgType: push.msgType,
    Event: push.event,
    ...push.fields,
    MsgId: push.msgId === undefined ? undefined : BigInt(push.msgId),
    ...push.trailing,
  });
}

/** A push rendered as XML with what the delivery log records about it (a replay re-sends it as is). */
export interface PushEnvelope {
  xml: string;
  msgType: string;
  event: string | null;
  dedupeKey: string;
}

/** Renders a push for one follower of the account. */
export function renderPush(
  account: Pick<AccountsTable, 'original_id'>,
  openid: string,
  push: Push,
): PushEnvelope {
  return {
    xml: pushXml(account, openid, push),
    msgType: push.msgType,
    event: push.event ?? null,
    dedupeKey: dedupeKey(openid, push),
  };
}

/** WeChat's de-duplication key (§2.5): MsgId for messages, FromUserName + CreateTime for events. */
export function dedupeKey(openid: string, push: Push): string {
  return push.msgId ?? `${openid}${push.createTime}`;
}

let lastMsgId = 0n;

/**
 * A new MsgId in WeChat's range: 17 digits (above 2^53, as real ones are, so
 * clients that parse it as a double are caught), increasing within a process.
 */
export function newMsgId(nowMs: number): string {
  const candidate = BigInt(nowMs) * 10_000n + BigInt(Math.floor(Math.random() * 1000));
  lastMsgId = candidate > lastMsgId ? candidate : lastMsgId + 1n;
  return lastMsgId.toString();
}
