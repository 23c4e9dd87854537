import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { hasCapability } from '../accounts/capabilities.ts';
import { AddTemplateBodySchema, SetIndustryBodySchema } from './notifications.open-api.ts';
import { sendTemplateMessage, TemplateSendBodySchema } from './send-template-message.ts';
import { INDUSTRIES, LIBRARY_TEMPLATES } from './template-library.ts';
import { addTemplate, deleteTemplate, getIndustry, listTemplates, setIndustry } from './template-messages.ts';

type ByAppid = { Params: { appid: string } };

async function templateAccount(ctx: AppContext, appid: string) {
  const account = await getAccount(ctx, appid);
  // The same permission the Open API checks (48001): template messages need a verified service account.
  if (!hasCapability(account.type, account.verified === 1, 'template_message')) {
    throw new AppError('API_UNAUTHORIZED', 'template messages need a verified service account');
  }
  return account;
}

/**
 * `/gz/v1/accounts/:appid/templates`: the console's template-message screen —
 * industries, the library, the account's templates, and a test send — on the
 * same operations (and errcodes) as template/* and message/template/send.
 */
export async function templateRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Template messages'];
  const base = '/accounts/:appid/templates';
  app.get<ByAppid>(
    base,
    { schema: { tags, summary: "Industries, the account's templates and the library" } },
    async (request) => {
      const account = await templateAccount(ctx, request.params.appid);
      return {
        industry: await getIndustry(ctx, account),
        templates: await listTemplates(ctx, account),
        industries: Object.entries(INDUSTRIES).map(([id, v]) => ({ id: Number(id), ...v })),
        library: LIBRARY_TEMPLATES,
      };
    },
  );
  app.put<ByAppid>(
    `${base}/industry`,
    {
      schema: {
        tags,
        summary: 'Set the two industries (api_set_industry)',
        body: toJsonSchema(SetIndustryBodySchema),
      },
    },
    async (request) => {
      const account = await templateAccount(ctx, request.params.appid);
      const body = validate(SetIndustryBodySchema, request.body);
      await setIndustry(ctx, account, body.industry_id1, body.industry_id2);
      return getIndustry(ctx, account);
    },
  );
  app.post<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'Add a library template (api_add_template)',
        body: toJsonSchema(AddTemplateBodySchema),
      },
    },
    async (request, reply) => {
      const account = await templateAccount(ctx, request.params.appid);
      const body = validate(AddTemplateBodySchema, request.body);
      return reply.code(201).send({ template_id: await addTemplate(ctx, account, body.template_id_short) });
    },
  );
  app.delete<ByAppid & { Params: { template_id: string } }>(
    `${base}/:template_id`,
    { schema: { tags, summary: 'Delete a template (del_private_template)' } },
    async (request, reply) => {
      const account = await templateAccount(ctx, request.params.appid);
      await deleteTemplate(ctx, account, request.params.template_id);
      return reply.code(204).send();
    },
  );
  app.post<ByAppid>(
    `${base}/send`,
    {
      schema: {
        tags,
        summary: 'Send a template message (message/template/send)',
        body: toJsonSchema(TemplateSendBodySchema),
      },
    },
    async (request, reply) => {
      const account = await templateAccount(ctx, request.params.appid);
      const body = validate(TemplateSendBodySchema, request.body);
      return reply.code(201).send(await sendTemplateMessage(ctx, account, body));
    },
  );
}
