import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import { findConversation } from '../followers/find-conversation.ts';
import { ConversationQuerySchema } from '../followers/followers.schemas.ts';
import { OutboundMessageSchema } from '../messages/message-content.ts';
import { sendCustomMessage } from './send-custom-message.ts';

type ByFollower = { Params: { appid: string; openid: string } };

/**
 * `/gz/v1/accounts/:appid/followers/:openid/messages`: the console (an
 * agent) sends a customer-service message. Same rules as
 * message/custom/send — the service window, blacklist and media checks —
 * so what works here works for the developer's code too.
 */
export async function customServiceRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Customer service'];
  app.get<ByFollower>(
    '/accounts/:appid/followers/:openid/messages',
    {
      schema: {
        tags,
        summary: "The conversation with one follower, newest first (the account's side of it)",
        querystring: toJsonSchema(ConversationQuerySchema),
      },
    },
    async (request) => {
      const account = await getAccount(ctx, request.params.appid);
      const follower = await ctx.db
        .selectFrom('followers')
        .select('user_id')
        .where('account_id', '=', account.id)
        .where('openid', '=', request.params.openid)
        .executeTakeFirst();
      if (!follower)
        throw new AppError('INVALID_OPENID', `no follower ${request.params.openid} on ${account.appid}`);
      return findConversation(ctx, follower.user_id, account.appid, request.query);
    },
  );
  app.post<ByFollower>(
    '/accounts/:appid/followers/:openid/messages',
    {
      schema: {
        tags,
        summary: 'Send a customer-service message to a follower (service-window rules apply)',
        body: toJsonSchema(OutboundMessageSchema),
      },
    },
    async (request, reply) => {
      const message = validate(OutboundMessageSchema, request.body);
      const account = await getAccount(ctx, request.params.appid);
      const sent = await sendCustomMessage(ctx, account, {
        touser: request.params.openid,
        ...message,
      });
      return reply.code(201).send(sent);
    },
  );
}
