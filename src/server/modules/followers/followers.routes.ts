import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { createUser } from './create-user.ts';
import { findConversation } from './find-conversation.ts';
import { findUsers } from './find-users.ts';
import { followAccount } from './follow-account.ts';
import {
  ConversationQuerySchema,
  CreateUserSchema,
  FindUsersQuerySchema,
  FollowSchema,
  MenuEventSchema,
  ReportLocationSchema,
  SendMessageSchema,
  UpdateUserSchema,
} from './followers.schemas.ts';
import { presentUser } from './followers.presenter.ts';
import { getFollows } from './get-follows.ts';
import { getUser } from './get-user.ts';
import { markConversationRead } from './mark-conversation-read.ts';
import { pressMenu } from './press-menu.ts';
import { reportLocation } from './report-location.ts';
import { sendMessage } from './send-message.ts';
import { unfollowAccount } from './unfollow-account.ts';
import { updateUser } from './update-user.ts';

type ByUser = { Params: { user_id: string } };
type ByUserAccount = { Params: { user_id: string; appid: string } };

/**
 * `/gz/v1/users`: the follower simulation. Everything a WeChat user does
 * with an official account, as an API call, so tests and the follower
 * client drive the same paths.
 */
export async function followerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Followers'];
  app.post(
    '/users',
    { schema: { tags, summary: 'Create a simulated WeChat user', body: toJsonSchema(CreateUserSchema) } },
    async (request, reply) => reply.code(201).send(presentUser(await createUser(ctx, request.body))),
  );
  app.get(
    '/users',
    { schema: { tags, summary: 'List or search users', querystring: toJsonSchema(FindUsersQuerySchema) } },
    async (request) => {
      const page = await findUsers(ctx, request.query);
      return { items: page.items.map(presentUser), next_cursor: page.next_cursor };
    },
  );
  app.get<ByUser>('/users/:user_id', { schema: { tags, summary: 'One user' } }, async (request) =>
    presentUser(await getUser(ctx, request.params.user_id)),
  );
  app.patch<ByUser>(
    '/users/:user_id',
    { schema: { tags, summary: "Change a user's profile", body: toJsonSchema(UpdateUserSchema) } },
    async (request) => presentUser(await updateUser(ctx, request.params.user_id, request.body)),
  );
  app.get<ByUser>(
    '/users/:user_id/follows',
    { schema: { tags, summary: 'Accounts the user follows, with openid, unionid and unread count' } },
    async (request) => ({ items: await getFollows(ctx, request.params.user_id) }),
  );
  app.put<ByUserAccount>(
    '/users/:user_id/follows/:appid',
    {
      schema: {
        tags,
        summary: 'Follow an account (subscribe event; SCAN when a follower scans a QR scene)',
        body: toJsonSchema(FollowSchema),
      },
    },
    async (request) => followAccount(ctx, request.params.user_id, request.params.appid, request.body),
  );
  app.delete<ByUserAccount>(
    '/users/:user_id/follows/:appid',
    { schema: { tags, summary: 'Unfollow an account (unsubscribe event)' } },
    async (request) => unfollowAccount(ctx, request.params.user_id, request.params.appid),
  );
  app.post<ByUserAccount>(
    '/users/:user_id/accounts/:appid/messages',
    {
      schema: {
        tags,
        summary: 'Send the account a message; answers with the push and the replies',
        body: toJsonSchema(SendMessageSchema),
      },
    },
    async (request) => sendMessage(ctx, request.params.user_id, request.params.appid, request.body),
  );
  app.get<ByUserAccount>(
    '/users/:user_id/accounts/:appid/messages',
    {
      schema: {
        tags,
        summary: 'The conversation, newest first',
        querystring: toJsonSchema(ConversationQuerySchema),
      },
    },
    async (request) => findConversation(ctx, request.params.user_id, request.params.appid, request.query),
  );
  app.put<ByUserAccount>(
    '/users/:user_id/accounts/:appid/read',
    {
      schema: {
        tags,
        summary: 'Mark the conversation read up to its newest message (unread counts in the follows list)',
      },
    },
    async (request) => markConversationRead(ctx, request.params.user_id, request.params.appid),
  );
  app.post<ByUserAccount>(
    '/users/:user_id/accounts/:appid/location',
    {
      schema: { tags, summary: 'Report location (LOCATION event)', body: toJsonSchema(ReportLocationSchema) },
    },
    async (request) => reportLocation(ctx, request.params.user_id, request.params.appid, request.body),
  );
  app.post<ByUserAccount>(
    '/users/:user_id/accounts/:appid/menu-events',
    {
      schema: {
        tags,
        summary: 'Press a menu button (CLICK, VIEW, scancode_*, pic_*, location_select, view_miniprogram)',
        body: toJsonSchema(MenuEventSchema),
      },
    },
    async (request) => pressMenu(ctx, request.params.user_id, request.params.appid, request.body),
  );
}
