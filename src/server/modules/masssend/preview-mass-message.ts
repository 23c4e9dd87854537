import { chinaMonth } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, MassSendsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { getReachableFollower } from '../customservice/send-custom-message.ts';
import { insertMessages, selectMessagesByIds } from '../messages/messages.queries.ts';
import { publishMessages } from '../realtime/publish-messages.ts';
import { recordMassArticles } from './mass-articles.ts';
import { readMassMessage } from './mass-message.ts';
import { consumeMassSendMinute, newMassMsgId } from './mass-send-limits.ts';
import { getMassSendSpeed } from './mass-send-speed.ts';
import { insertMassSend, massMessageIdPrefix } from './masssend.queries.ts';
import type { PreviewBody } from './masssend.schemas.ts';

/**
 * `/cgi-bin/message/mass/preview`: sends the message to one follower at
 * once, by openid (`touser`) or WeChat id (`towxname`; 40132 when no
 * follower has it), so an operator can check it on a phone. Previews count
 * toward neither the daily send nor the monthly cap, and have no
 * MASSSENDJOBFINISH. The follower must follow (43004) and not be
 * blacklisted (43019). An mpnews preview's articles are recorded like a
 * send's (under an internal msg_data_id), so the previewer can open them.
 */
export async function previewMassMessage(
  ctx: AppContext,
  account: AccountsTable,
  body: PreviewBody,
): Promise<{ errcode: 0; errmsg: 'preview success'; msg_id: number }> {
  await consumeMassSendMinute(ctx, account);
  const follower = await previewFollower(ctx, account, body);
  const message = await readMassMessage(ctx, account, body);
  const now = ctx.clock.now();
  const row: MassSendsTable = {
    id: newId('mas'),
    account_id: account.id,
    msg_id: newMassMsgId(now),
    msg_data_id: message.articles ? newMassMsgId(now) : null,
    kind: 'preview',
    tag_id: null,
    touser: follower.openid,
    msg_type: message.msgType,
    content: JSON.stringify(message.content),
    clientmsgid: null,
    send_ignore_reprint: 0,
    speed: await getMassSendSpeed(ctx, account),
    status: 'sent',
    cursor: follower.openid,
    batches: 1,
    total_count: 1,
    filter_count: 1,
    sent_count: 1,
    error_count: 0,
    deleted_articles: null,
    job_id: null,
    finish_delivery_id: null,
    month: chinaMonth(now),
    scheduled_at: null,
    created_at: now,
    started_at: now,
    finished_at: now,
    updated_at: now,
  };
  const messageId = `${massMessageIdPrefix(row)}${follower.id}`;
  await ctx.db.transaction().execute(async (trx) => {
    if (message.articles)
      row.content = JSON.stringify(
        await recordMassArticles(ctx, trx, row, String(message.content.media_id), message.articles, now),
      );
    await insertMassSend(trx, row);
    await insertMessages(trx, [
      {
        id: messageId,
        account_id: account.id,
        follower_id: follower.id,
        user_id: follower.user_id,
        direction: 'out',
        msg_type: row.msg_type,
        msg_id: String(row.msg_id),
        content: row.content,
        source: 'mass_send',
        delivery_id: null,
        created_at: now,
      },
    ]);
  });
  await publishMessages(ctx, await selectMessagesByIds(ctx.db, [messageId]));
  return { errcode: 0, errmsg: 'preview success', msg_id: row.msg_id };
}

async function previewFollower(
  ctx: AppContext,
  account: AccountsTable,
  body: PreviewBody,
): Promise<FollowersTable> {
  // wechatpy sends any value that is not openid-shaped as towxname (spec A.8).
  if (body.touser !== undefined && body.touser !== '') return getReachableFollower(ctx, account, body.touser);
  const wxname = body.towxname ?? '';
  if (wxname === '') throw new AppError('INVALID_PARAMETER', 'preview needs touser (openid) or towxname');
  const row = await ctx.db
    .selectFrom('followers as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select('f.openid')
    .where('f.account_id', '=', account.id)
    .where('u.wechat_id', '=', wxname)
    .executeTakeFirst();
  if (!row)
    throw new AppError('WECHAT_ID_INVALID', `no follower of this account has the WeChat id ${wxname}`);
  return getReachableFollower(ctx, account, row.openid);
}
