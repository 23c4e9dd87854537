import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { OutboundMessageSchema } from '../messages/message-content.ts';
import { answerKfInvitation } from './answer-kf-invitation.ts';
import { closeKfSession } from './close-kf-session.ts';
import { claimKfSession } from './create-kf-session.ts';
import { findKfAccounts } from './find-kf-accounts.ts';
import { findOpenKfSessions } from './find-kf-sessions.ts';
import { presentKfAccount, presentKfSession } from './kf.presenter.ts';
import {
  KfAgentBodySchema,
  KfInvitationAnswerSchema,
  KfReplyAgentSchema,
  KfSessionListQuerySchema,
  KfStatusBodySchema,
  KfTransferBodySchema,
} from './kf.schemas.ts';
import { replyInKfSession } from './reply-in-kf-session.ts';
import { setKfStatus } from './set-kf-status.ts';
import { switchKfSession } from './switch-kf-session.ts';

type ByAccount = { Params: { appid: string } };
type ByKf = { Params: { appid: string; kf_account: string } };
type BySession = { Params: { appid: string; openid: string } };
type ByUser = { Params: { user_id: string } };

/**
 * The console's agent side (`/gz/v1`): agents and their online state, the
 * waiting queue and open sessions, and an agent claiming, replying in,
 * transferring and closing a session — the same operations (and rules,
 * events and chat record) as WeChat's kf system and the Open API. A user
 * answers a kf invitation through the follower simulation.
 */
export async function kfRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Customer service'];
  const listAccounts = async (appid: string) => {
    const account = await getAccount(ctx, appid);
    const now = ctx.clock.now();
    return (await findKfAccounts(ctx, account)).map((r) => presentKfAccount(ctx, r, now));
  };
  const agent = async (appid: string, kfAccount: string) =>
    (await listAccounts(appid)).find((a) => a.kf_account === kfAccount)!;

  app.get<ByAccount>(
    '/accounts/:appid/kf-accounts',
    { schema: { tags, summary: 'Agents (kf accounts): binding, online state, active sessions' } },
    async (request) => ({ items: await listAccounts(request.params.appid) }),
  );
  app.put<ByKf>(
    '/accounts/:appid/kf-accounts/:kf_account/status',
    {
      schema: { tags, summary: 'Set an agent online or offline', body: toJsonSchema(KfStatusBodySchema) },
    },
    async (request) => {
      const { status } = validate(KfStatusBodySchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      await setKfStatus(ctx, account, request.params.kf_account, status);
      return agent(request.params.appid, request.params.kf_account);
    },
  );
  app.post<ByUser>(
    '/users/:user_id/kf-invitations',
    {
      schema: {
        tags,
        summary: 'The user accepts or rejects a kf invitation sent to their WeChat id',
        body: toJsonSchema(KfInvitationAnswerSchema),
      },
    },
    async (request) => {
      const body = validate(KfInvitationAnswerSchema, request.body);
      const row = await answerKfInvitation(ctx, request.params.user_id, body);
      return agent(body.appid, row.kf_account);
    },
  );

  app.get<ByAccount & { Querystring: unknown }>(
    '/accounts/:appid/kf-sessions',
    {
      schema: {
        tags,
        summary: 'The waiting queue and active sessions (status=waiting|active|open)',
        querystring: toJsonSchema(KfSessionListQuerySchema),
      },
    },
    async (request) => {
      const { status } = validate(KfSessionListQuerySchema, request.query);
      const account = await getAccount(ctx, request.params.appid);
      return { items: (await findOpenKfSessions(ctx, account, status)).map(presentKfSession) };
    },
  );
  app.post<BySession>(
    '/accounts/:appid/kf-sessions/:openid/claim',
    {
      schema: { tags, summary: 'An agent claims a waiting follower', body: toJsonSchema(KfAgentBodySchema) },
    },
    async (request) => {
      const { kf_account } = validate(KfAgentBodySchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      return presentKfSession(await claimKfSession(ctx, account, kf_account, request.params.openid));
    },
  );
  app.post<BySession>(
    '/accounts/:appid/kf-sessions/:openid/messages',
    {
      schema: {
        tags,
        summary: 'The agent replies in the session (a customer-service message; kf_account optional)',
      },
    },
    async (request, reply) => {
      const { kf_account } = validate(KfReplyAgentSchema, request.body);
      const message = validate(OutboundMessageSchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      const sent = await replyInKfSession(ctx, account, request.params.openid, kf_account, message);
      return reply.code(201).send(sent);
    },
  );
  app.post<BySession>(
    '/accounts/:appid/kf-sessions/:openid/transfer',
    {
      schema: {
        tags,
        summary: 'Hand the session to another agent',
        body: toJsonSchema(KfTransferBodySchema),
      },
    },
    async (request) => {
      const { to_kf_account } = validate(KfTransferBodySchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      return presentKfSession(await switchKfSession(ctx, account, request.params.openid, to_kf_account));
    },
  );
  app.post<BySession>(
    '/accounts/:appid/kf-sessions/:openid/close',
    {
      schema: {
        tags,
        summary: 'Close the session (kf_account optional: whoever serves)',
        body: toJsonSchema(KfReplyAgentSchema),
      },
    },
    async (request) => {
      const { kf_account } = validate(KfReplyAgentSchema, request.body ?? {});
      const account = await getAccount(ctx, request.params.appid);
      return presentKfSession(await closeKfSession(ctx, account, kf_account ?? null, request.params.openid));
    },
  );
}
