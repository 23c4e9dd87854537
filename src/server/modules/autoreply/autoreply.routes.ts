import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { presentRule, presentSettings } from './autoreply.presenter.ts';
import {
  CreateRuleSchema,
  ReorderRulesSchema,
  TestAutoReplySchema,
  UpdateRuleSchema,
  UpdateSettingsSchema,
} from './autoreply.schemas.ts';
import { createAutoreplyRule } from './create-autoreply-rule.ts';
import { deleteAutoreplyRule } from './delete-autoreply-rule.ts';
import { getAutoreply } from './get-autoreply.ts';
import { getAutoreplyRule } from './get-autoreply-rule.ts';
import { getCurrentAutoreplyInfo } from './get-current-autoreply-info.ts';
import { reorderAutoreplyRules } from './reorder-autoreply-rules.ts';
import { testAutoReply } from './test-auto-reply.ts';
import { updateAutoreplyRule } from './update-autoreply-rule.ts';
import { updateAutoreplySettings } from './update-autoreply-settings.ts';

type ByAppid = { Params: { appid: string } };
type ByRule = { Params: { appid: string; rule_id: string } };

/** `/gz/v1/accounts/:appid/autoreply/*`: auto-reply settings, keyword rules and the rule tester. */
export async function autoreplyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Auto-reply'];
  const base = '/accounts/:appid/autoreply';
  app.get<ByAppid>(base, { schema: { tags, summary: 'Auto-reply settings and rules' } }, async (request) => {
    const { settings, rules } = await getAutoreply(ctx, request.params.appid);
    return { settings: presentSettings(settings), rules: rules.map(presentRule) };
  });
  app.put<ByAppid>(
    `${base}/settings`,
    {
      schema: {
        tags,
        summary: 'Change the switches, follow reply or default reply',
        body: toJsonSchema(UpdateSettingsSchema),
      },
    },
    async (request) =>
      presentSettings(await updateAutoreplySettings(ctx, request.params.appid, request.body)),
  );
  app.post<ByAppid>(
    `${base}/rules`,
    { schema: { tags, summary: 'Add a keyword rule (goes last)', body: toJsonSchema(CreateRuleSchema) } },
    async (request, reply) =>
      reply.code(201).send(presentRule(await createAutoreplyRule(ctx, request.params.appid, request.body))),
  );
  app.put<ByAppid>(
    `${base}/rules/order`,
    {
      schema: {
        tags,
        summary: 'Reorder the keyword rules (first listed is tried first)',
        body: toJsonSchema(ReorderRulesSchema),
      },
    },
    async (request) => ({
      rules: (await reorderAutoreplyRules(ctx, request.params.appid, request.body)).map(presentRule),
    }),
  );
  app.get<ByRule>(
    `${base}/rules/:rule_id`,
    { schema: { tags, summary: 'One keyword rule' } },
    async (request) => presentRule(await getAutoreplyRule(ctx, request.params.appid, request.params.rule_id)),
  );
  app.put<ByRule>(
    `${base}/rules/:rule_id`,
    { schema: { tags, summary: 'Change a keyword rule', body: toJsonSchema(UpdateRuleSchema) } },
    async (request) =>
      presentRule(await updateAutoreplyRule(ctx, request.params.appid, request.params.rule_id, request.body)),
  );
  app.delete<ByRule>(
    `${base}/rules/:rule_id`,
    { schema: { tags, summary: 'Delete a keyword rule' } },
    async (request, reply) => {
      await deleteAutoreplyRule(ctx, request.params.appid, request.params.rule_id);
      return reply.code(204).send();
    },
  );
  app.post<ByAppid>(
    `${base}/test`,
    {
      schema: {
        tags,
        summary: 'Which auto-replies a follower message would get, and why',
        body: toJsonSchema(TestAutoReplySchema),
      },
    },
    async (request) => testAutoReply(ctx, request.params.appid, request.body),
  );
}

/** WeChat's read-only view of the console auto-reply setup. */
export const autoreplyOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/get_current_autoreply_info',
    summary: 'Auto-reply rules configured in the console (follow, default and keyword replies)',
    auth: 'access_token',
    // Every account type, verified or not, has this API (WeChat's doc).
    capability: 'basic',
    handler: async ({ ctx, account }) => getCurrentAutoreplyInfo(ctx, account),
  }),
];
