import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { hasCapability } from '../accounts/capabilities.ts';
import { getAccount } from '../accounts/get-account.ts';
import { AddSubscribeTemplateBodySchema } from './notifications.open-api.ts';
import {
  addSubscribeTemplate,
  deleteSubscribeTemplate,
  getCategories,
  listSubscribeTemplates,
} from './subscribe-notifications.ts';
import { SUBSCRIBE_LIBRARY } from './template-library.ts';

type ByAppid = { Params: { appid: string } };

async function subscribeAccount(ctx: AppContext, appid: string) {
  const account = await getAccount(ctx, appid);
  // The same permission newtmpl/* checks (48001).
  if (!hasCapability(account.type, account.verified === 1, 'subscribe_message'))
    throw new AppError('API_UNAUTHORIZED', 'subscribe notifications need a verified service account');
  return account;
}

/**
 * `/gz/v1/accounts/:appid/subscribe-templates`: the console's
 * subscribe-notification screen — the account's templates, the library by
 * category with each template's keywords, add (2–5 keywords and a scene) and
 * delete — on the same operations and errcodes as newtmpl/*.
 */
export async function subscribeTemplateRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Subscribe notifications'];
  const base = '/accounts/:appid/subscribe-templates';
  app.get<ByAppid>(
    base,
    { schema: { tags, summary: "The account's subscribe templates, the categories and the library" } },
    async (request) => {
      const account = await subscribeAccount(ctx, request.params.appid);
      return {
        templates: await listSubscribeTemplates(ctx, account),
        categories: getCategories().data,
        library: SUBSCRIBE_LIBRARY,
      };
    },
  );
  app.post<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary: 'Add a library template with 2–5 of its keywords (newtmpl/addtemplate)',
        body: toJsonSchema(AddSubscribeTemplateBodySchema),
      },
    },
    async (request, reply) => {
      const account = await subscribeAccount(ctx, request.params.appid);
      const body = validate(AddSubscribeTemplateBodySchema, request.body);
      const priTmplId = await addSubscribeTemplate(ctx, account, body);
      return reply.code(201).send({ priTmplId });
    },
  );
  app.delete<ByAppid & { Params: { pri_tmpl_id: string } }>(
    `${base}/:pri_tmpl_id`,
    { schema: { tags, summary: 'Delete a subscribe template (newtmpl/deltemplate)' } },
    async (request, reply) => {
      const account = await subscribeAccount(ctx, request.params.appid);
      await deleteSubscribeTemplate(ctx, account, request.params.pri_tmpl_id);
      return reply.code(204).send();
    },
  );
}
