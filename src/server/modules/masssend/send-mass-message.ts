import { chinaMonth } from '../../clock.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, MassSendKind, MassSendsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { newId } from '../../lib/ids.ts';
import { OPENID_PATTERN } from '../followers/openids.ts';
import { getTag } from '../tags/tags.ts';
import { fanOutMassSendJob } from './fan-out-mass-send.ts';
import { removeDraft } from '../drafts/drafts.queries.ts';
import { recordMassArticles } from './mass-articles.ts';
import { readMassMessage } from './mass-message.ts';
import {
  chinaDayStart,
  checkClientMsgId,
  consumeMassSendMinute,
  lockAccount,
  newMassMsgId,
} from './mass-send-limits.ts';
import { getMassSendSpeed } from './mass-send-speed.ts';
import { countBroadcastsOnDay, insertMassSend, selectUnknownOpenids } from './masssend.queries.ts';
import type { SendAllBody, SendBody } from './masssend.schemas.ts';

/** Most openids mass/send takes (40032 past it); fewer than 2 is 40130. */
export const MAX_MASS_OPENIDS = 10_000;

/** What sendall and send answer (spec §8.1). */
export interface MassSendAccepted {
  errcode: 0;
  errmsg: 'send job submission success';
  msg_id: number;
  msg_data_id?: number;
}

type Audience = { kind: 'all' } | { kind: 'tag'; tagId: number } | { kind: 'openids'; openids: string[] };

/** How a send is made beyond its body (the console's scheduled send). */
export interface MassSendOptions {
  /** Start the fan-out at this time on the platform clock instead of now (later than now). */
  sendAt?: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * `/cgi-bin/message/mass/sendall`: to every follower (`is_to_all`) or to a
 * tag (`tag_id`, or the legacy `group_id`; a missing `is_to_all` is false).
 */
export async function sendMassToAll(
  ctx: AppContext,
  account: AccountsTable,
  body: SendAllBody,
  options: MassSendOptions = {},
): Promise<MassSendAccepted> {
  await consumeMassSendMinute(ctx, account);
  const filter = body.filter ?? {};
  const toAll = filter.is_to_all === true || filter.is_to_all === 1;
  let audience: Audience = { kind: 'all' };
  if (!toAll) {
    const tagId = filter.tag_id ?? filter.group_id;
    if (tagId === undefined)
      throw new AppError('INVALID_PARAMETER', 'filter needs is_to_all: true or a tag_id');
    await getTag(ctx.db, account, tagId);
    audience = { kind: 'tag', tagId };
  }
  return createMassSend(ctx, account, audience, body, options);
}

/**
 * `/cgi-bin/message/mass/send`: to a list of 2–10,000 openids (40130 under,
 * 40032 over; 40003 for one that is not a follower of the account). Service
 * accounts only: WeChat documents the openid list as unavailable to
 * subscription accounts (48001), which send to all or to a tag.
 */
export async function sendMassToOpenids(
  ctx: AppContext,
  account: AccountsTable,
  body: SendBody,
  options: MassSendOptions = {},
): Promise<MassSendAccepted> {
  if (account.type !== 'service')
    throw new AppError('API_UNAUTHORIZED', 'mass/send by openid is for service accounts; use sendall');
  await consumeMassSendMinute(ctx, account);
  const openids = [...new Set(body.touser)].sort();
  if (openids.length < 2) throw new AppError('OPENID_LIST_TOO_SHORT', 'touser needs at least 2 openids');
  if (openids.length > MAX_MASS_OPENIDS)
    throw new AppError(
      'OPENID_LIST_SIZE',
      `touser holds ${openids.length} openids; at most ${MAX_MASS_OPENIDS}`,
    );
  const malformed = openids.find((o) => !OPENID_PATTERN.test(o));
  if (malformed) throw new AppError('INVALID_OPENID', `${malformed} is not an openid`);
  const unknown = await selectUnknownOpenids(ctx.db, account.id, openids);
  if (unknown.length > 0)
    throw new AppError(
      'INVALID_OPENID',
      `${unknown[0]} is not a follower of this account (${unknown.length} such)`,
    );
  return createMassSend(ctx, account, { kind: 'openids', openids }, body, options);
}

/**
 * Validates the message, applies clientmsgid de-duplication and the
 * subscription account's one send a day (45028, on the day the send goes
 * out), then stores the send, makes an mpnews send's articles readable,
 * removes the draft it was made from (if any) and queues its fan-out job (at
 * `sendAt` for a scheduled send) in one transaction: the job and the
 * articles exist, and the draft is gone, exactly when the send does.
 */
async function createMassSend(
  ctx: AppContext,
  account: AccountsTable,
  audience: Audience,
  body: SendAllBody | SendBody,
  options: MassSendOptions,
): Promise<MassSendAccepted> {
  const now = ctx.clock.now();
  if (options.sendAt !== undefined && options.sendAt <= now)
    throw new AppError('INVALID_PARAMETER', 'send_at must be later than the platform clock’s now');
  const message = await readMassMessage(ctx, account, body);
  // Checked again under the account lock below; this first look fails fast
  // (and answers 45067 for an overlong id) before any work.
  const clientmsgid = await checkClientMsgId(ctx, account, body.clientmsgid);
  const speed = await getMassSendSpeed(ctx, account);
  // A scheduled send counts for the day and month it goes out.
  const sendsAt = options.sendAt ?? now;
  const msgId = newMassMsgId(now);
  const withData = message.msgType === 'mpnews' || message.msgType === 'images';
  const row: MassSendsTable = {
    id: newId('mas'),
    account_id: account.id,
    msg_id: msgId,
    msg_data_id: withData ? newMassMsgId(now) : null,
    kind: audience.kind satisfies MassSendKind,
    tag_id: audience.kind === 'tag' ? audience.tagId : null,
    touser: audience.kind === 'openids' ? JSON.stringify(audience.openids) : null,
    msg_type: message.msgType,
    content: JSON.stringify(message.content),
    clientmsgid,
    send_ignore_reprint: body.send_ignore_reprint === true || body.send_ignore_reprint === 1 ? 1 : 0,
    speed,
    status: 'queued',
    cursor: null,
    batches: 0,
    total_count: 0,
    filter_count: 0,
    sent_count: 0,
    error_count: 0,
    deleted_articles: null,
    job_id: null,
    finish_delivery_id: null,
    month: chinaMonth(sendsAt),
    scheduled_at: options.sendAt ?? null,
    created_at: now,
    started_at: null,
    finished_at: null,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    // One create at a time per account: two concurrent calls must not both
    // pass the daily limit or the clientmsgid check (PostgreSQL; SQLite
    // write transactions are serial already).
    if (ctx.dialect === 'postgres') {
      await lockAccount(trx, account.id);
      await checkClientMsgId(ctx, account, body.clientmsgid, trx);
    }
    // Subscription accounts: one send to all or to a tag per Beijing day (spec §8.2).
    const day = chinaDayStart(sendsAt);
    if (
      account.type === 'subscription' &&
      (await countBroadcastsOnDay(trx, account.id, day, day + DAY_MS)) > 0
    )
      throw new AppError(
        'MASS_SEND_QUOTA_REACHED',
        'a subscription account mass-sends once a day (Beijing time)',
      );
    if (message.articles)
      row.content = JSON.stringify(
        await recordMassArticles(ctx, trx, row, String(message.content.media_id), message.articles, sendsAt),
      );
    // WeChat takes a mass-sent draft out of the draft box. Removing it here,
    // with the send, means two sends of one draft cannot both go out: the
    // second finds it gone (40007) and rolls back.
    if (message.draftMediaId && !(await removeDraft(trx, account.id, message.draftMediaId)))
      throw new AppError(
        'MEDIA_NOT_FOUND',
        `mpnews.media_id ${message.draftMediaId} is no longer in the draft box (sent or deleted meanwhile)`,
      );
    const { job } = await enqueueJob(
      ctx,
      fanOutMassSendJob,
      { mass_send_id: row.id },
      {
        trx,
        dedupeKey: `masssend.fan-out:${row.id}:0`,
        ...(options.sendAt !== undefined ? { runAt: options.sendAt } : {}),
      },
    );
    row.job_id = job.id;
    await insertMassSend(trx, row);
  });
  return {
    errcode: 0,
    errmsg: 'send job submission success',
    msg_id: msgId,
    ...(row.msg_data_id !== null ? { msg_data_id: row.msg_data_id } : {}),
  };
}
