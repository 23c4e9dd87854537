import { z } from 'zod';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import {
  BizsendBodySchema,
  addSubscribeTemplate,
  deleteSubscribeTemplate,
  getCategories,
  getPublicKeywords,
  getPublicTitles,
  listSubscribeTemplates,
  sendSubscribeNotification,
} from './subscribe-notifications.ts';
import { sendTemplateMessage, TemplateSendBodySchema } from './send-template-message.ts';
import { addTemplate, deleteTemplate, getIndustry, listTemplates, setIndustry } from './template-messages.ts';

// Ids that WeChat documents as strings and SDKs send either way (Appendix A.3).
const IntLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number),
]);

/** Body of `api_set_industry`. */
export const SetIndustryBodySchema = z.object({ industry_id1: IntLike, industry_id2: IntLike });
/** Body of `api_add_template`; `keyword_name_list` (category templates) is accepted and not needed. */
export const AddTemplateBodySchema = z.object({
  template_id_short: z.string().max(64),
  keyword_name_list: z.array(z.string()).optional(),
});
/** Body of `del_private_template`. */
export const DeleteTemplateBodySchema = z.object({ template_id: z.string().max(128) });
/** Body of `newtmpl/addtemplate`. */
export const AddSubscribeTemplateBodySchema = z.object({
  tid: z.union([z.string().max(32), z.number().int().transform(String)]),
  kidList: z.array(z.number().int()),
  sceneDesc: z.string().max(256).default(''),
});
/** Body of `newtmpl/deltemplate`. */
export const DeleteSubscribeTemplateBodySchema = z.object({ priTmplId: z.string().max(128) });
/** Query of `newtmpl/getpubtemplatetitles`. */
export const PublicTitlesQuerySchema = z.object({
  ids: z.string().max(512).default(''),
  start: z.coerce.number().int().default(0),
  limit: z.coerce.number().int().default(30),
});

const ok = { errcode: 0, errmsg: 'ok' } as const;
const templates = { auth: 'access_token', capability: 'template_message' } as const;
const subscribe = { auth: 'access_token', capability: 'subscribe_message' } as const;

/** Template messages (§9) and subscribe notifications (§10). */
export const notificationOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    ...templates,
    method: 'POST',
    path: '/cgi-bin/template/api_set_industry',
    summary: "Set the account's two industries (once a month)",
    body: SetIndustryBodySchema,
    handler: async ({ ctx, account, body }) => {
      await setIndustry(ctx, account, body.industry_id1, body.industry_id2);
      return ok;
    },
  }),
  defineOpenApi({
    ...templates,
    method: 'GET',
    path: '/cgi-bin/template/get_industry',
    summary: "The account's industries",
    handler: async ({ ctx, account }) => getIndustry(ctx, account),
  }),
  defineOpenApi({
    ...templates,
    method: 'POST',
    path: '/cgi-bin/template/api_add_template',
    summary: 'Add a library template by short id',
    body: AddTemplateBodySchema,
    handler: async ({ ctx, account, body }) => ({
      ...ok,
      template_id: await addTemplate(ctx, account, body.template_id_short),
    }),
  }),
  defineOpenApi({
    ...templates,
    method: 'GET',
    path: '/cgi-bin/template/get_all_private_template',
    summary: "The account's templates",
    handler: async ({ ctx, account }) => ({ template_list: await listTemplates(ctx, account) }),
  }),
  defineOpenApi({
    ...templates,
    method: 'POST',
    path: '/cgi-bin/template/del_private_template',
    summary: 'Delete one of the account’s templates',
    body: DeleteTemplateBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteTemplate(ctx, account, body.template_id);
      return ok;
    },
  }),
  defineOpenApi({
    ...templates,
    method: 'POST',
    path: '/cgi-bin/message/template/send',
    summary: 'Send a template message (TEMPLATESENDJOBFINISH follows)',
    body: TemplateSendBodySchema,
    handler: async ({ ctx, account, body }) => ({
      ...ok,
      ...(await sendTemplateMessage(ctx, account, body)),
    }),
  }),
  defineOpenApi({
    ...subscribe,
    method: 'GET',
    path: '/wxaapi/newtmpl/getcategory',
    summary: 'Subscribe-notification categories',
    handler: async () => getCategories(),
  }),
  defineOpenApi({
    ...subscribe,
    method: 'GET',
    path: '/wxaapi/newtmpl/getpubtemplatetitles',
    summary: 'Library templates of some categories (≤ 30 a page)',
    query: PublicTitlesQuerySchema,
    handler: async ({ query }) => getPublicTitles(query),
  }),
  defineOpenApi({
    ...subscribe,
    method: 'GET',
    path: '/wxaapi/newtmpl/getpubtemplatekeywords',
    summary: "A library template's keywords",
    query: z.object({ tid: z.string().max(32).default('') }),
    handler: async ({ query }) => getPublicKeywords(query.tid),
  }),
  defineOpenApi({
    ...subscribe,
    method: 'POST',
    path: '/wxaapi/newtmpl/addtemplate',
    summary: 'Choose a library template with 2–5 keywords',
    body: AddSubscribeTemplateBodySchema,
    handler: async ({ ctx, account, body }) => ({
      ...ok,
      priTmplId: await addSubscribeTemplate(ctx, account, body),
    }),
  }),
  defineOpenApi({
    ...subscribe,
    method: 'POST',
    path: '/wxaapi/newtmpl/deltemplate',
    summary: 'Remove a subscribe-notification template',
    body: DeleteSubscribeTemplateBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteSubscribeTemplate(ctx, account, body.priTmplId);
      return ok;
    },
  }),
  defineOpenApi({
    ...subscribe,
    method: 'GET',
    path: '/wxaapi/newtmpl/gettemplate',
    summary: "The account's subscribe-notification templates",
    handler: async ({ ctx, account }) => ({ ...ok, data: await listSubscribeTemplates(ctx, account) }),
  }),
  defineOpenApi({
    ...subscribe,
    method: 'POST',
    path: '/cgi-bin/message/subscribe/bizsend',
    summary: 'Send a subscribe notification to a follower who accepted it',
    body: BizsendBodySchema,
    handler: async ({ ctx, account, body }) => ({
      ...ok,
      ...(await sendSubscribeNotification(ctx, account, body)),
    }),
  }),
];
