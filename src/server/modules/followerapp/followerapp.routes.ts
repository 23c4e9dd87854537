import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { createUser } from '../followers/create-user.ts';
import { CreateUserSchema } from '../followers/followers.schemas.ts';
import { getUser } from '../followers/get-user.ts';
import {
  newAppSession,
  readAppSession,
  withoutUser,
  withUser,
  writeAppSession,
  type AppSession,
} from './app-session.ts';
import { describeDeviceSession } from './device-session.ts';
import { SearchAccountsQuerySchema } from './followerapp.schemas.ts';
import { getAccountProfile } from './get-account-profile.ts';
import { getOwnDelivery } from './get-own-delivery.ts';
import { searchAccounts } from './search-accounts.ts';

type ByUser = { Params: { user_id: string } };

/**
 * `/gz/v1/app/…`: what the follower client at /app needs beyond the
 * follower API, authenticated by the device's session cookie instead of the
 * admin key (a browser in a follower's hand must never hold that key). With
 * the cookie, the client then uses `/gz/v1/users/:user_id/…` for the users
 * bound to the device (see followerAppAllows in app-session.ts).
 */
export async function followerAppRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: { adminKeyHash: string },
): Promise<void> {
  const tags = ['Follower app'];
  const key = options.adminKeyHash;

  function requireSession(request: FastifyRequest): AppSession {
    const session = readAppSession(request, key);
    if (!session) throw new AppError('APP_SESSION_MISSING', 'POST /gz/v1/app/session first');
    return session;
  }
  function requireDeviceUser(request: FastifyRequest, userId: string): AppSession {
    const session = requireSession(request);
    if (!session.user_ids.includes(userId))
      throw new AppError('APP_USER_NOT_ON_DEVICE', `user ${userId} is not on this device`);
    return session;
  }

  app.post(
    '/app/session',
    {
      schema: { tags, summary: "Start (or resume) this device's follower session (sets an HttpOnly cookie)" },
    },
    async (request, reply) => {
      const session = readAppSession(request, key) ?? newAppSession();
      writeAppSession(reply, session, key);
      return describeDeviceSession(ctx, session);
    },
  );
  app.get('/app/session', { schema: { tags, summary: "This device's identities" } }, async (request) =>
    describeDeviceSession(ctx, requireSession(request)),
  );
  app.post(
    '/app/session/users',
    {
      schema: {
        tags,
        summary: 'Create a WeChat user and sign it in on this device',
        body: toJsonSchema(CreateUserSchema),
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      const user = await createUser(ctx, request.body);
      const next = withUser(session, user.id);
      writeAppSession(reply, next, key);
      return reply.code(201).send(await describeDeviceSession(ctx, next));
    },
  );
  app.put<ByUser>(
    '/app/session/users/:user_id',
    {
      schema: {
        tags,
        summary: 'Sandbox: act as an existing user on this device (testers switch identities)',
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      if (!session.user_ids.includes(request.params.user_id)) {
        if (!ctx.config.sandbox)
          throw new AppError('SANDBOX_ONLY', 'outside a sandbox a device only acts as users it created');
      }
      const user = await getUser(ctx, request.params.user_id);
      const next = withUser(session, user.id);
      writeAppSession(reply, next, key);
      return describeDeviceSession(ctx, next);
    },
  );
  app.delete<ByUser>(
    '/app/session/users/:user_id',
    { schema: { tags, summary: 'Sign a user out of this device (the user itself stays)' } },
    async (request, reply) => {
      const next = withoutUser(requireSession(request), request.params.user_id);
      writeAppSession(reply, next, key);
      return describeDeviceSession(ctx, next);
    },
  );
  app.get(
    '/app/accounts',
    {
      schema: {
        tags,
        summary: 'Search official accounts by name or id (public profiles)',
        querystring: toJsonSchema(SearchAccountsQuerySchema),
      },
    },
    async (request) => {
      requireSession(request);
      return searchAccounts(ctx, request.query);
    },
  );
  app.get<{ Params: { appid: string }; Querystring: { user_id?: string } }>(
    '/app/accounts/:appid',
    { schema: { tags, summary: "An account's profile, with whether user_id follows it" } },
    async (request) => {
      const userId = request.query.user_id;
      if (userId) requireDeviceUser(request, userId);
      else requireSession(request);
      return getAccountProfile(ctx, request.params.appid, userId ?? null);
    },
  );
  app.get<{ Params: { user_id: string; id: string } }>(
    '/app/users/:user_id/deliveries/:id',
    { schema: { tags, summary: 'A push of this user’s conversation, as it crossed the wire ("show raw")' } },
    async (request) => {
      requireDeviceUser(request, request.params.user_id);
      return getOwnDelivery(ctx, request.params.user_id, request.params.id);
    },
  );
}
