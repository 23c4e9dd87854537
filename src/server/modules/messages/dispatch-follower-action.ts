import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, MessageSource, MessagesTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { chooseAutoReplies, type AutoReplyTrigger } from '../autoreply/choose-auto-replies.ts';
import { deliverPush, type DeliverOptions } from '../callbacks/deliver-push.ts';
import { windowAfterInteraction, type WindowTrigger } from '../customservice/service-window.ts';
import { presentDelivery, type DeliveryView } from '../callbacks/deliveries.presenter.ts';
import { renderPush, type Push, type PushEnvelope } from '../callbacks/push-xml.ts';
import { appendEvents, type EventLogType } from '../event-log/event-log.ts';
import { findForwardingSession, forwardToKfSession } from '../kf/forward-to-kf-session.ts';
import { transferToCustomerService, type KfHandoff } from '../kf/transfer-to-customer-service.ts';
import { publishMessages } from '../realtime/publish-messages.ts';
import {
  fromStored,
  innerContent,
  SERVICE_UNAVAILABLE_NOTICE,
  type InboundMessage,
  type OutboundMessage,
} from './message-content.ts';
import { presentMessage, type MessageView } from './messages.presenter.ts';
import { insertMessages, selectMessagesByIds } from './messages.queries.ts';

/** Something a follower did, in every form the platform needs it. */
export interface FollowerAction {
  /** What the developer server receives in developer mode. */
  push: Push;
  /** The follower's message, when the action is one: stored in the conversation. */
  inbound?: InboundMessage;
  /** What auto-reply considers when developer mode is off; null: nothing to consider. */
  autoReply: AutoReplyTrigger | null;
  /** The event log entry. */
  log: { type: EventLogType; detail: Record<string, unknown> };
  /** False when the follower can no longer receive anything (unsubscribe). */
  canReceive: boolean;
}

/** What came of an action: the stored message, the push (if any) and what the follower got back. */
export interface DispatchResult {
  message: MessageView | null;
  delivery: DeliveryView | null;
  replies: MessageView[];
  auto_reply: { rule: { id: string; rule_name: string } | null; reason: string } | null;
  /** Why nothing went out: the account has blacklisted this follower. Absent otherwise. */
  blocked?: 'blacklisted';
  /**
   * Customer service has the conversation: the message went to the session's
   * agent instead of the developer server (`forwarded`), or the developer's
   * transfer_customer_service reply queued or started a session. Absent otherwise.
   */
  customer_service?: KfHandoff | { status: 'forwarded'; kf_account: string | null };
}

/**
 * The platform's core path (DESIGN "data flow"): log the action, store the
 * follower's message, then either push it to the developer server (developer
 * mode) and deliver its passive reply — or WeChat's service notice when the
 * push fails — or run the account's auto-reply rules. Every stored message
 * goes out on the live stream.
 *
 * A blacklisted follower's actions are logged and their messages kept in
 * their own chat, but nothing reaches the developer server or auto-reply;
 * following and unfollowing still do, as the developer tracks the audience.
 *
 * While the follower is in an active customer-service session, their
 * messages go to the agent, not to the developer server nor auto-reply
 * (WeChat's "用户被客服接入以后…用户发送的消息均会被直接转发至客服系统");
 * events still reach the developer server, and a waiting follower's
 * messages too. See kf/forward-to-kf-session.ts for when forwarding lapses.
 */
export async function dispatchFollowerAction(
  ctx: AppContext,
  account: AccountsTable,
  follower: FollowersTable,
  action: FollowerAction,
): Promise<DispatchResult> {
  const blocked =
    follower.blacklisted === 1 && action.log.type !== 'follow' && action.log.type !== 'unfollow';
  const now = ctx.clock.now();
  const forwarding =
    action.inbound && action.canReceive && !blocked ? await findForwardingSession(ctx, follower, now) : null;
  const developerMode = !blocked && !forwarding && account.server_enabled === 1 && !!account.server_url;
  const deliveryId = developerMode ? newId('dlv') : null;

  let inboundRow: MessagesTable | null = null;
  if (action.inbound) {
    inboundRow = {
      id: newId('msg'),
      account_id: account.id,
      follower_id: follower.id,
      user_id: follower.user_id,
      direction: 'in',
      msg_type: action.inbound.msgtype,
      msg_id: action.push.msgId ?? null,
      content: JSON.stringify(innerContent(action.inbound)),
      source: 'follower',
      delivery_id: deliveryId,
      created_at: now,
    };
  }
  await ctx.db.transaction().execute(async (trx) => {
    await appendEvents(trx, [
      {
        account_id: account.id,
        user_id: follower.user_id,
        openid: follower.openid,
        type: action.log.type,
        detail: blocked ? { ...action.log.detail, blocked: 'blacklisted' } : action.log.detail,
        created_at: now,
      },
    ]);
    if (inboundRow) await insertMessages(trx, [inboundRow]);
    const trigger = blocked ? null : windowTrigger(action);
    if (trigger)
      await trx
        .updateTable('followers')
        .set(windowAfterInteraction(follower, trigger, now))
        .where('id', '=', follower.id)
        .execute();
  });
  const message = inboundRow ? await publishStored(ctx, [inboundRow.id]) : [];

  const result: DispatchResult = {
    message: message[0] ?? null,
    delivery: null,
    replies: [],
    auto_reply: null,
    ...(blocked ? { blocked: 'blacklisted' as const } : {}),
  };
  if (blocked) return result;

  if (forwarding && action.inbound) {
    await forwardToKfSession(ctx, account, follower, forwarding, action.inbound, now);
    result.customer_service = { status: 'forwarded', kf_account: forwarding.kf_account };
    return result;
  }

  if (developerMode) {
    const pushed = await pushAndDeliverReply(
      ctx,
      account,
      follower,
      renderPush(account, follower.openid, action.push),
      {
        id: deliveryId!,
        messageId: inboundRow?.id ?? null,
        triggeredByMessage: action.inbound !== undefined,
      },
      action.canReceive,
    );
    result.delivery = pushed.delivery;
    result.replies = pushed.replies;
    if (pushed.customer_service) result.customer_service = pushed.customer_service;
  } else if (action.autoReply) {
    const choice = await chooseAutoReplies(ctx, account, action.autoReply);
    result.auto_reply = { rule: choice.rule, reason: choice.reason };
    if (action.canReceive)
      result.replies = await storeOutgoing(
        ctx,
        account,
        follower,
        choice.replies.map((m) => ({ message: m, source: 'auto_reply' as const })),
        null,
        now,
      );
  }
  return result;
}

/** Menu events that open the customer-service window (spec §7.1); VIEW and the photo/location pickers do not. */
const WINDOW_MENU_EVENTS = new Set(['CLICK', 'scancode_push', 'scancode_waitmsg']);

/** Which customer-service window an action opens, if any. */
function windowTrigger(action: FollowerAction): WindowTrigger | null {
  switch (action.log.type) {
    case 'message':
      return 'message';
    case 'follow':
    case 'scan':
      return 'event';
    case 'menu':
      return WINDOW_MENU_EVENTS.has(action.push.event ?? '') ? 'event' : null;
    case 'unfollow':
    case 'location':
    case 'blacklist':
    case 'unblacklist':
    case 'article_read':
    case 'article_like':
    case 'article_wow':
    case 'article_share':
    case 'article_comment':
      // (Article reader actions are logged by modules/articles, never dispatched here.)
      return null;
  }
}

/**
 * Pushes to the developer server and puts what the follower gets into the
 * conversation: the passive reply, or WeChat's service notice when the push
 * failed (except the silent failures WeChat shows nothing for). A
 * transfer_customer_service reply hands the follower (and the message that
 * caused the push) to customer service. Shared by follower actions and
 * delivery replays.
 */
export async function pushAndDeliverReply(
  ctx: AppContext,
  account: AccountsTable,
  follower: FollowersTable,
  envelope: PushEnvelope,
  options: DeliverOptions,
  canReceive: boolean,
): Promise<{ delivery: DeliveryView; replies: MessageView[]; customer_service?: KfHandoff }> {
  const { delivery, reading } = await deliverPush(ctx, account, follower, envelope, options);
  let handoff: KfHandoff | undefined;
  if (reading?.kind === 'transfer' && canReceive) {
    const [cause] = options.messageId ? await selectMessagesByIds(ctx.db, [options.messageId]) : [];
    handoff = await transferToCustomerService(
      ctx,
      account,
      follower,
      reading.kfAccount,
      cause ? fromStored(cause.msg_type, cause.content) : null,
    );
  }
  let outgoing: { message: OutboundMessage; source: MessageSource }[] = [];
  if (reading?.kind === 'reply') outgoing = [{ message: reading.message, source: 'passive_reply' }];
  else if (delivery.outcome === 'failed' && !(reading?.kind === 'invalid' && reading.silent))
    outgoing = [
      {
        message: { msgtype: 'notice', notice: { content: SERVICE_UNAVAILABLE_NOTICE } },
        source: 'system_notice',
      },
    ];
  const replies = canReceive
    ? await storeOutgoing(ctx, account, follower, outgoing, delivery.id, delivery.created_at)
    : [];
  return {
    delivery: presentDelivery({ ...delivery, appid: account.appid }),
    replies,
    ...(handoff ? { customer_service: handoff } : {}),
  };
}

/** Stores what the account sends the follower and puts it on the live stream. */
export async function storeOutgoing(
  ctx: AppContext,
  account: AccountsTable,
  follower: FollowersTable,
  outgoing: { message: OutboundMessage; source: MessageSource; kfAccount?: string | null }[],
  deliveryId: string | null,
  after: number,
): Promise<MessageView[]> {
  if (outgoing.length === 0) return [];
  // Never before the message they answer, and never stamped into the
  // future (a follower's next message could then sort before them): ties
  // within a millisecond are ordered by id, which increases as rows are made.
  const at = Math.max(ctx.clock.now(), after);
  const rows: MessagesTable[] = outgoing.map((o) => ({
    id: newId('msg'),
    account_id: account.id,
    follower_id: follower.id,
    user_id: follower.user_id,
    direction: 'out',
    msg_type: o.message.msgtype,
    msg_id: null,
    content: JSON.stringify(innerContent(o.message)),
    source: o.source,
    delivery_id: deliveryId,
    kf_account: o.kfAccount ?? null,
    created_at: at,
  }));
  await insertMessages(ctx.db, rows);
  return publishStored(
    ctx,
    rows.map((r) => r.id),
  );
}

/** Reads stored messages back with their parties, sends them on the live stream, and presents them. */
async function publishStored(ctx: AppContext, ids: string[]): Promise<MessageView[]> {
  const rows = await selectMessagesByIds(ctx.db, ids);
  rows.sort((a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id));
  await publishMessages(ctx, rows);
  return rows.map(presentMessage);
}
