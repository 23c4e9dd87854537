import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import {
  assertConsoleMayAdminister,
  consoleMaySeeAccount,
  consoleMaySeeSecrets,
} from '../console/console-access.ts';
import { presentAccount, withoutSecrets } from './accounts.presenter.ts';
import {
  CreateAccountSchema,
  DeveloperConfigSchema,
  FindAccountsQuerySchema,
  UpdateAccountSchema,
} from './accounts.schemas.ts';
import { createAccount } from './create-account.ts';
import { findAccounts } from './find-accounts.ts';
import { getAccount } from './get-account.ts';
import { resetAccountSecret } from './reset-account-secret.ts';
import { updateAccount } from './update-account.ts';
import { updateDeveloperConfig } from './update-developer-config.ts';

type ByAppid = { Params: { appid: string } };

/** `/gz/v1/accounts`: the account matrix, credentials and developer configuration. */
export async function accountRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Accounts'];
  app.get(
    '/accounts',
    { schema: { tags, summary: 'List accounts', querystring: toJsonSchema(FindAccountsQuerySchema) } },
    async (request) => ({
      items: (await findAccounts(ctx, request.query))
        .filter((a) => consoleMaySeeAccount(request, a))
        .map((a) =>
          consoleMaySeeSecrets(request, a) ? presentAccount(a) : withoutSecrets(presentAccount(a)),
        ),
    }),
  );
  app.post(
    '/accounts',
    { schema: { tags, summary: 'Create an account', body: toJsonSchema(CreateAccountSchema) } },
    async (request, reply) => {
      assertConsoleMayAdminister(
        request,
        String((request.body as { organization_id?: unknown })?.organization_id),
      );
      return reply.code(201).send(presentAccount(await createAccount(ctx, request.body as never)));
    },
  );
  app.get<ByAppid>('/accounts/:appid', { schema: { tags, summary: 'One account' } }, async (request) => {
    const account = await getAccount(ctx, request.params.appid);
    const view = presentAccount(account);
    return consoleMaySeeSecrets(request, account) ? view : withoutSecrets(view);
  });
  app.patch<ByAppid>(
    '/accounts/:appid',
    {
      schema: {
        tags,
        summary: 'Change profile, type, verification or IP allowlist',
        body: toJsonSchema(UpdateAccountSchema),
      },
    },
    async (request) => presentAccount(await updateAccount(ctx, request.params.appid, request.body)),
  );
  app.put<ByAppid>(
    '/accounts/:appid/developer',
    {
      schema: {
        tags,
        summary: 'Set the developer server configuration',
        body: toJsonSchema(DeveloperConfigSchema),
      },
    },
    async (request) => presentAccount(await updateDeveloperConfig(ctx, request.params.appid, request.body)),
  );
  app.post<ByAppid>(
    '/accounts/:appid/secret/reset',
    { schema: { tags, summary: 'Issue a new AppSecret' } },
    async (request) => presentAccount(await resetAccountSecret(ctx, request.params.appid)),
  );
}
