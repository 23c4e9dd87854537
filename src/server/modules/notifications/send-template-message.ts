import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, TemplateSendsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { defineJob } from '../../jobs/define-job.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { registerJob } from '../../jobs/job-registry.ts';

import { getReachableFollower } from '../customservice/send-custom-message.ts';
import { pushAccountEvent } from './push-account-event.ts';
import { storeNotification } from './store-notification.ts';
import { getPrivateTemplate, renderTemplate, TemplateDataSchema } from './template-messages.ts';

/** Longest keyword value of a classic template message (47003 past it). */
export const MAX_TEMPLATE_VALUE_CHARS = 200;
/** How long a client_msg_id keeps a send from happening twice. */
export const CLIENT_MSG_ID_TTL_MS = 24 * 3600 * 1000;

/** Body of `/cgi-bin/message/template/send` (spec §9). */
export const TemplateSendBodySchema = z
  .object({
    touser: z.string().max(64),
    template_id: z.string().max(128),
    url: z.string().max(2048).optional(),
    // WxJava sends `path` instead of `pagepath`; both are accepted.
    miniprogram: z
      .object({
        appid: z.string().max(64),
        pagepath: z.string().max(1024).optional(),
        path: z.string().max(1024).optional(),
      })
      .loose()
      .optional(),
    client_msg_id: z.string().max(64).optional(),
    data: TemplateDataSchema.default({}),
  })
  .loose();

/** TEMPLATESENDJOBFINISH's statuses, exactly as WeChat writes them. */
export type TemplateSendStatus = 'success' | 'failed:user block' | 'failed: system failed';

/**
 * Sends a template message (`message/template/send`): to a follower (40003,
 * 43004, 43019), with a template of the account (40037), values within
 * limits (47003). It lands in the follower's service-notifications feed
 * unless they turned the account's notifications off; either way the
 * outcome reaches the developer server as TEMPLATESENDJOBFINISH, after the
 * call returns (a job), as in WeChat. A repeated client_msg_id for the same
 * follower within a day answers the first send's msgid and sends nothing.
 */
export async function sendTemplateMessage(
  ctx: AppContext,
  account: AccountsTable,
  body: z.infer<typeof TemplateSendBodySchema>,
): Promise<{ msgid: number }> {
  const follower = await getReachableFollower(ctx, account, body.touser);
  const template = await getPrivateTemplate(ctx, account, body.template_id);
  for (const [key, entry] of Object.entries(body.data))
    if ([...entry.value].length > MAX_TEMPLATE_VALUE_CHARS)
      throw new AppError(
        'ARGUMENT_INVALID',
        `data.${key}.value is longer than ${MAX_TEMPLATE_VALUE_CHARS} characters`,
      );
  const rendered = renderTemplate(template.content, body.data);
  const now = ctx.clock.now();

  if (body.client_msg_id) {
    const earlier = await ctx.db
      .selectFrom('template_sends')
      .select('msgid')
      .where('account_id', '=', account.id)
      .where('follower_id', '=', follower.id)
      .where('client_msg_id', '=', body.client_msg_id)
      .where('created_at', '>', now - CLIENT_MSG_ID_TTL_MS)
      .executeTakeFirst();
    if (earlier) return { msgid: Number(earlier.msgid) };
  }

  const blocked = follower.notifications_blocked === 1;
  const miniprogram = body.miniprogram
    ? { appid: body.miniprogram.appid, pagepath: body.miniprogram.pagepath ?? body.miniprogram.path ?? '' }
    : null;
  const send: TemplateSendsTable = {
    // Emitted as a JSON number: kept below 2^53 so every SDK reads it exactly.
    msgid: randomInt(1_000_000_000_000, 2 ** 47),
    account_id: account.id,
    follower_id: follower.id,
    template_id: template.template_id,
    client_msg_id: body.client_msg_id ?? null,
    status: blocked ? 'failed:user block' : 'success',
    message_id: null,
    created_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('template_sends').values(send).execute();
    await enqueueJob(ctx, templateSendFinishedJob, { msgid: send.msgid }, { trx });
  });
  if (!blocked) {
    const message = await storeNotification(ctx, account, follower, {
      msgtype: 'template',
      template: {
        template_id: template.template_id,
        title: template.title,
        url: body.url ?? '',
        miniprogram,
        data: body.data,
        rendered,
      },
    });
    await ctx.db
      .updateTable('template_sends')
      .set({ message_id: message.id })
      .where('msgid', '=', send.msgid)
      .execute();
  }
  return { msgid: send.msgid };
}

/** `template.send-finished`: tells the developer server how a template send ended (TEMPLATESENDJOBFINISH). */
export const templateSendFinishedJob = registerJob(
  defineJob({
    name: 'template.send-finished',
    version: 1,
    payload: z.object({ msgid: z.number().int() }),
    maxAttempts: 3,
    backoff: (attempt) => attempt * 10_000,
    handler: async ({ msgid }, job) => {
      const { ctx } = job;
      const send = await ctx.db
        .selectFrom('template_sends')
        .innerJoin('accounts', 'accounts.id', 'template_sends.account_id')
        .innerJoin('followers', 'followers.id', 'template_sends.follower_id')
        .select([
          'template_sends.status',
          'template_sends.account_id',
          'followers.id as follower_id',
          'followers.openid',
        ])
        .where('template_sends.msgid', '=', msgid)
        .executeTakeFirst();
      if (!send) return { pushed: false, reason: 'the send is gone' };
      return pushAccountEvent(
        ctx,
        send.account_id,
        { id: send.follower_id, openid: send.openid },
        {
          event: 'TEMPLATESENDJOBFINISH',
          fields: { MsgID: BigInt(msgid), Status: send.status },
        },
      );
    },
  }),
);
