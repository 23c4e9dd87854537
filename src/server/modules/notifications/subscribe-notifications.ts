import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, SubscribeTemplatesTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { defineJob } from '../../jobs/define-job.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { registerJob } from '../../jobs/job-registry.ts';
import { getReachableFollower } from '../customservice/send-custom-message.ts';
import { pushEvent } from '../callbacks/push-event.ts';
import { pushAccountEvent } from './push-account-event.ts';
import { storeNotification } from './store-notification.ts';
import { SUBSCRIBE_CATEGORIES, SUBSCRIBE_LIBRARY, type KeywordRule } from './template-library.ts';
import { renderTemplate, TemplateDataSchema } from './template-messages.ts';

/** Most subscribe-notification templates per account (200012 past it). */
export const MAX_SUBSCRIBE_TEMPLATES = 50;
/** getpubtemplatetitles pages at most this many. */
export const MAX_TITLES_PAGE = 30;
/** sceneDesc: a short phrase shown in the subscription popup. */
export const MAX_SCENE_DESC_CHARS = 15;

/** `newtmpl/getcategory`. */
export function getCategories() {
  return { data: SUBSCRIBE_CATEGORIES.map((c) => ({ id: c.id, name: c.name })) };
}

/** `newtmpl/getpubtemplatetitles`: library titles in the given categories, paged (limit ≤ 30, 47003 otherwise). */
export function getPublicTitles(query: { ids: string; start: number; limit: number }) {
  if (query.limit < 1 || query.limit > MAX_TITLES_PAGE || query.start < 0)
    throw new AppError('ARGUMENT_INVALID', `limit must be 1-${MAX_TITLES_PAGE} and start ≥ 0`);
  const ids = new Set(
    query.ids
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n)),
  );
  const matching = SUBSCRIBE_LIBRARY.filter((t) => ids.has(t.categoryId));
  return {
    count: matching.length,
    data: matching
      .slice(query.start, query.start + query.limit)
      .map((t) => ({ tid: Number(t.tid), title: t.title, type: t.type, categoryId: String(t.categoryId) })),
  };
}

/** `newtmpl/getpubtemplatekeywords`: a library template's keywords (200014 for an unknown tid). */
export function getPublicKeywords(tid: string) {
  const template = libraryTemplate(tid);
  return {
    count: template.keywords.length,
    data: template.keywords.map((k) => ({ kid: k.kid, name: k.name, example: k.example, rule: k.rule })),
  };
}

function libraryTemplate(tid: string) {
  const template = SUBSCRIBE_LIBRARY.find((t) => t.tid === String(tid));
  if (!template)
    throw new AppError('SUBSCRIBE_TID_INVALID', `tid ${tid} is not in the subscribe-notification library`);
  return template;
}

/**
 * `newtmpl/addtemplate`: the account picks 2–5 keywords of a library
 * template (200020 otherwise) with a scene description of up to 15
 * characters (200021), at most 50 templates (200012). The private
 * template's content names each keyword as `{{<rule><kid>.DATA}}`, the
 * field names bizsend's `data` uses (`thing1`, `time3`).
 */
export async function addSubscribeTemplate(
  ctx: AppContext,
  account: AccountsTable,
  input: { tid: string; kidList: number[]; sceneDesc: string },
): Promise<string> {
  const library = libraryTemplate(input.tid);
  const kids = input.kidList;
  if (
    kids.length < 2 ||
    kids.length > 5 ||
    new Set(kids).size !== kids.length ||
    kids.some((k) => !library.keywords.some((w) => w.kid === k))
  )
    throw new AppError(
      'SUBSCRIBE_KIDLIST_INVALID',
      'kidList must hold 2 to 5 different kids of the template',
    );
  if (input.sceneDesc.trim() === '' || [...input.sceneDesc].length > MAX_SCENE_DESC_CHARS)
    throw new AppError(
      'SUBSCRIBE_SCENE_DESC_INVALID',
      `sceneDesc must be 1 to ${MAX_SCENE_DESC_CHARS} characters`,
    );
  const keywords = kids.map((k) => library.keywords.find((w) => w.kid === k)!);
  return ctx.db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('subscribe_templates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_SUBSCRIBE_TEMPLATES)
      throw new AppError(
        'SUBSCRIBE_TEMPLATE_LIMIT',
        `an account holds at most ${MAX_SUBSCRIBE_TEMPLATES} templates`,
      );
    const row: SubscribeTemplatesTable = {
      pri_tmpl_id: randomBytes(32).toString('base64url').slice(0, 43),
      account_id: account.id,
      tid: library.tid,
      title: library.title,
      type: library.type,
      content: keywords.map((k) => `${k.name}:{{${k.rule}${k.kid}.DATA}}`).join('\n'),
      example: keywords.map((k) => `${k.name}:${k.example}`).join('\n'),
      kid_list: JSON.stringify(kids),
      scene_desc: input.sceneDesc,
      created_at: ctx.clock.now(),
    };
    await trx.insertInto('subscribe_templates').values(row).execute();
    return row.pri_tmpl_id;
  });
}

/** `newtmpl/deltemplate`; an unknown id is 40037. */
export async function deleteSubscribeTemplate(ctx: AppContext, account: AccountsTable, priTmplId: string) {
  const result = await ctx.db
    .deleteFrom('subscribe_templates')
    .where('account_id', '=', account.id)
    .where('pri_tmpl_id', '=', priTmplId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new AppError('TEMPLATE_NOT_FOUND', `the account has no subscribe template ${priTmplId}`);
}

/** `newtmpl/gettemplate`: the account's subscribe templates, oldest first. */
export async function listSubscribeTemplates(ctx: AppContext, account: AccountsTable) {
  const rows = await ctx.db
    .selectFrom('subscribe_templates')
    .selectAll()
    .where('account_id', '=', account.id)
    .orderBy('created_at')
    .orderBy('pri_tmpl_id')
    .execute();
  return rows.map((r) => ({
    priTmplId: r.pri_tmpl_id,
    title: r.title,
    content: r.content,
    example: r.example,
    type: r.type,
  }));
}

async function getSubscribeTemplate(ctx: AppContext, account: AccountsTable, priTmplId: string) {
  const row = await ctx.db
    .selectFrom('subscribe_templates')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('pri_tmpl_id', '=', priTmplId)
    .executeTakeFirst();
  if (!row) throw new AppError('TEMPLATE_NOT_FOUND', `the account has no subscribe template ${priTmplId}`);
  return row;
}

export type SubscribeStatus = 'accept' | 'reject';

/**
 * The follower answers the subscription popup (`wx-open-subscribe`) for one
 * or more templates of the account: each decision is kept — an accept of a
 * one-time template allows one more send — and `subscribe_msg_popup_event`
 * reaches the developer server with one `List` per template. With
 * `source: 'change'` the follower changed a long-term choice in settings,
 * and `subscribe_msg_change_event` goes out instead.
 */
export async function decideSubscriptions(
  ctx: AppContext,
  account: AccountsTable,
  follower: FollowersTable,
  decisions: { template_id: string; status: SubscribeStatus }[],
  options: { source: 'popup' | 'change'; scene: number },
): Promise<{ template_id: string; status: SubscribeStatus; remaining: number }[]> {
  const templates = await Promise.all(
    decisions.map((d) => getSubscribeTemplate(ctx, account, d.template_id)),
  );
  const now = ctx.clock.now();
  const results = await ctx.db.transaction().execute(async (trx) => {
    const out: { template_id: string; status: SubscribeStatus; remaining: number }[] = [];
    for (const [i, decision] of decisions.entries()) {
      const template = templates[i]!;
      const current = await trx
        .selectFrom('notification_subscriptions')
        .selectAll()
        .where('follower_id', '=', follower.id)
        .where('pri_tmpl_id', '=', template.pri_tmpl_id)
        .executeTakeFirst();
      const oneTime = template.type === 2;
      const remaining =
        oneTime && decision.status === 'accept' && options.source === 'popup'
          ? (current?.remaining ?? 0) + 1
          : (current?.remaining ?? 0);
      if (current)
        await trx
          .updateTable('notification_subscriptions')
          .set({ status: decision.status, remaining, updated_at: now })
          .where('follower_id', '=', follower.id)
          .where('pri_tmpl_id', '=', template.pri_tmpl_id)
          .execute();
      else
        await trx
          .insertInto('notification_subscriptions')
          .values({
            follower_id: follower.id,
            pri_tmpl_id: template.pri_tmpl_id,
            account_id: account.id,
            status: decision.status,
            remaining,
            updated_at: now,
          })
          .execute();
      out.push({ template_id: template.pri_tmpl_id, status: decision.status, remaining });
    }
    return out;
  });
  const list = results.map((r) =>
    options.source === 'popup'
      ? { TemplateId: r.template_id, SubscribeStatusString: r.status, PopupScene: String(options.scene) }
      : { TemplateId: r.template_id, SubscribeStatusString: r.status },
  );
  await pushEvent(ctx, account, follower, {
    event: options.source === 'popup' ? 'subscribe_msg_popup_event' : 'subscribe_msg_change_event',
    fields:
      options.source === 'popup'
        ? { SubscribeMsgPopupEvent: { List: list } }
        : { SubscribeMsgChangeEvent: { List: list } },
  });
  return results;
}

/** Body of `/cgi-bin/message/subscribe/bizsend`. */
export const BizsendBodySchema = z
  .object({
    touser: z.string().max(64),
    template_id: z.string().max(128),
    page: z.string().max(2048).optional(),
    miniprogram: z
      .object({ appid: z.string().max(64), pagepath: z.string().max(1024) })
      .loose()
      .optional(),
    data: TemplateDataSchema.default({}),
  })
  .loose();

/**
 * Sends a subscribe notification (`message/subscribe/bizsend`): the
 * follower must have accepted the template (43101 otherwise; a one-time
 * acceptance is used up by the send), each value must fit its keyword's
 * rule (47003), and the notification joins the follower's feed.
 * `subscribe_msg_sent_event` follows as a job.
 */
export async function sendSubscribeNotification(
  ctx: AppContext,
  account: AccountsTable,
  body: z.infer<typeof BizsendBodySchema>,
): Promise<{ msgid: number }> {
  const follower = await getReachableFollower(ctx, account, body.touser);
  const template = await getSubscribeTemplate(ctx, account, body.template_id);
  const library = libraryTemplate(template.tid);
  const kids = JSON.parse(template.kid_list) as number[];
  for (const kid of kids) {
    const keyword = library.keywords.find((k) => k.kid === kid)!;
    const field = `${keyword.rule}${kid}`;
    const value = body.data[field]?.value;
    if (value === undefined)
      throw new AppError('ARGUMENT_INVALID', `data.${field} is missing (${keyword.name})`);
    const problem = ruleProblem(keyword.rule, value);
    if (problem) throw new AppError('ARGUMENT_INVALID', `data.${field}.value ${problem}`);
  }
  const now = ctx.clock.now();
  const taken = await ctx.db
    .updateTable('notification_subscriptions')
    .set((eb) => ({ remaining: template.type === 2 ? eb('remaining', '-', 1) : eb.ref('remaining') }))
    .where('follower_id', '=', follower.id)
    .where('pri_tmpl_id', '=', template.pri_tmpl_id)
    .where('status', '=', 'accept')
    .$if(template.type === 2, (q) => q.where('remaining', '>', 0))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0)
    throw new AppError(
      'SUBSCRIBE_REFUSED',
      template.type === 2
        ? 'the follower has no unused acceptance of this one-time template'
        : 'the follower has not accepted this template',
    );
  const msgid = randomInt(1_000_000_000_000, 2 ** 47);
  await storeNotification(ctx, account, follower, {
    msgtype: 'subscribe_notification',
    subscribe_notification: {
      template_id: template.pri_tmpl_id,
      title: template.title,
      url: body.page ?? '',
      miniprogram: body.miniprogram
        ? { appid: body.miniprogram.appid, pagepath: body.miniprogram.pagepath }
        : null,
      data: body.data,
      rendered: renderTemplate(template.content, body.data),
    },
  });
  await enqueueJob(ctx, subscribeSentJob, {
    account_id: account.id,
    follower_id: follower.id,
    openid: follower.openid,
    template_id: template.pri_tmpl_id,
    msgid,
    at: now,
  });
  return { msgid };
}

/** `subscribe.sent`: subscribe_msg_sent_event for one bizsend. */
export const subscribeSentJob = registerJob(
  defineJob({
    name: 'subscribe.sent',
    version: 1,
    payload: z.object({
      account_id: z.string(),
      follower_id: z.string(),
      openid: z.string(),
      template_id: z.string(),
      msgid: z.number().int(),
      at: z.number(),
    }),
    maxAttempts: 3,
    backoff: (attempt) => attempt * 10_000,
    handler: async (p, job) =>
      pushAccountEvent(
        job.ctx,
        p.account_id,
        { id: p.follower_id, openid: p.openid },
        {
          event: 'subscribe_msg_sent_event',
          fields: {
            SubscribeMsgSentEvent: {
              List: {
                TemplateId: p.template_id,
                MsgID: BigInt(p.msgid),
                ErrorCode: '0',
                ErrorStatus: 'success',
              },
            },
          },
        },
      ),
  }),
);

const CJK = /^[\u3400-\u9fff]+$/;

/** Why a value breaks its keyword's rule (spec §10, WeChat's 参数值内容限制), or null. */
export function ruleProblem(rule: KeywordRule, value: string): string | null {
  const chars = [...value].length;
  const within = (max: number, re?: RegExp) =>
    chars >= 1 && chars <= max && (!re || re.test(value))
      ? null
      : `must be ${max} or fewer ${re ? 'matching ' : ''}characters`;
  switch (rule) {
    case 'thing':
      return within(20);
    case 'number':
      return within(32, /^\d+(\.\d+)?$/);
    case 'letter':
      return within(32, /^[A-Za-z]+$/);
    case 'symbol':
      return within(5, /^[^A-Za-z0-9\s]+$/);
    case 'character_string':
      return within(32, /^[\x21-\x7e]+$/);
    case 'time':
      return /^(\d{4}年\d{1,2}月\d{1,2}日 |\d{4}-\d{1,2}-\d{1,2} )?\d{1,2}:\d{2}(:\d{2})?$/.test(value)
        ? null
        : 'must be a time such as 15:01 or 2019年10月1日 15:01';
    case 'date':
      return /^(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})( \d{1,2}:\d{2}(:\d{2})?)?$/.test(value)
        ? null
        : 'must be a date such as 2019年10月1日';
    case 'amount':
      return within(10, /^[¥$]?\d+(\.\d{1,2})?元?$/);
    case 'phone_number':
      return within(17, /^[\d+\-() ]+$/);
    case 'car_number':
      return within(8);
    case 'name':
      return CJK.test(value) ? within(10) : within(20);
    case 'phrase':
      return within(5, CJK);
  }
}
