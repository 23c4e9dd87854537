import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, MassSendsTable } from '../../db/schema.ts';
import type { XmlObject } from '../../wechat/xml.ts';
import { pushEvent } from '../callbacks/push-event.ts';
import { updateMassSend } from './masssend.queries.ts';

/**
 * The FromUserName of account-level events (MASSSENDJOBFINISH): WeChat
 * sends an openid-shaped id that is no follower's. Ours is derived from the
 * appid, so it is stable and has the account's openid stem.
 */
export function systemOpenid(appid: string): string {
  const stem = createHash('sha256').update(appid).digest('base64url').slice(0, 5);
  const tail = createHash('sha256').update(`mass-send-system:${appid}`).digest('base64url').slice(0, 22);
  return `o${stem}${tail}`;
}

/** MASSSENDJOBFINISH's fields in WeChat's order (spec §4.4). */
export function massSendFinishFields(send: MassSendsTable): XmlObject {
  const fields: XmlObject = {
    MsgID: send.msg_id,
    Status: send.status === 'sent' ? 'send success' : 'send fail',
    TotalCount: send.total_count,
    FilterCount: send.filter_count,
    SentCount: send.sent_count,
    ErrorCount: send.error_count,
  };
  if (send.msg_type === 'mpnews')
    // Nothing here is a reprint of another account's original: no articles
    // to list and CheckState 1 ("not a reprint, can be sent").
    fields.CopyrightCheckResult = { Count: 0, ResultList: {}, CheckState: 1 };
  return fields;
}

/**
 * Pushes MASSSENDJOBFINISH for a finished send to the developer server
 * (developer mode only; previews have none) and records the delivery, so a
 * rerun of the job does not push it again. A crash between the push and the
 * record pushes it twice, which WeChat's at-least-once pushes allow.
 */
export async function pushMassSendFinish(
  ctx: AppContext,
  account: AccountsTable,
  send: MassSendsTable,
): Promise<void> {
  if (send.kind === 'preview' || send.finish_delivery_id !== null) return;
  const pushed = await pushEvent(
    ctx,
    account,
    { id: null, openid: systemOpenid(account.appid) },
    {
      event: 'MASSSENDJOBFINISH',
      createTime: Math.floor((send.finished_at ?? ctx.clock.now()) / 1000),
      fields: massSendFinishFields(send),
    },
  );
  if (!pushed) return;
  const { delivery } = pushed;
  await updateMassSend(ctx.db, send.id, { finish_delivery_id: delivery.id, updated_at: ctx.clock.now() });
}
