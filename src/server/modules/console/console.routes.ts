import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { changeOwnPassword } from './change-own-password.ts';
import {
  ChangeOwnPasswordSchema,
  CreateConsoleUserSchema,
  ResetPasswordSchema,
  SignInSchema,
  UpdateConsoleUserSchema,
} from './console.schemas.ts';
import {
  assertCsrf,
  clearSessionCookie,
  consolePrincipalOf,
  readConsoleSession,
  setSessionCookie,
  SESSION_IDLE_MS,
  type ConsolePrincipal,
} from './console-session.ts';
import { createConsoleUser } from './create-console-user.ts';
import { describeConsoleSession } from './describe-console-session.ts';
import { findConsoleUsers } from './find-console-users.ts';
import { resetConsolePassword } from './reset-console-password.ts';
import { signIn } from './sign-in.ts';
import { updateConsoleUser } from './update-console-user.ts';

type ById = { Params: { id: string } };

async function signedIn(ctx: AppContext, request: FastifyRequest): Promise<ConsolePrincipal> {
  const principal = await readConsoleSession(ctx, request);
  if (!principal) throw new AppError('CONSOLE_SESSION_ENDED', 'not signed in; sign in at /console');
  return principal;
}

/**
 * `/gz/v1/console/session`: sign in, who am I (with the CSRF token), change
 * my password, sign out. Outside the admin-key scope: the cookie is the credential.
 */
export async function consoleSessionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Console'];
  app.post(
    '/console/session',
    {
      schema: {
        tags,
        summary: 'Sign in to the console (sets the session cookie)',
        body: toJsonSchema(SignInSchema),
      },
    },
    async (request, reply) => {
      const { token, session, user } = await signIn(ctx, request.body as never);
      setSessionCookie(reply, request, token, SESSION_IDLE_MS);
      const grants = await ctx.db
        .selectFrom('console_grants')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      return reply.code(201).send(await describeConsoleSession(ctx, { user, session, grants }));
    },
  );
  app.get(
    '/console/session',
    { schema: { tags, summary: 'The signed-in user, their accounts and CSRF token' } },
    async (request) => describeConsoleSession(ctx, await signedIn(ctx, request)),
  );
  app.post(
    '/console/session/password',
    { schema: { tags, summary: 'Change my password', body: toJsonSchema(ChangeOwnPasswordSchema) } },
    async (request, reply) => {
      const principal = await signedIn(ctx, request);
      assertCsrf(request, principal.session);
      await changeOwnPassword(ctx, principal, request.body);
      return reply.code(204).send();
    },
  );
  app.delete('/console/session', { schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
    const principal = await readConsoleSession(ctx, request).catch(() => null);
    if (principal) {
      assertCsrf(request, principal.session);
      await ctx.db.deleteFrom('console_sessions').where('id', '=', principal.session.id).execute();
    }
    clearSessionCookie(reply, request);
    return reply.code(204).send();
  });
}

/** `/gz/v1/console/users`: people management (administrators and the admin key). */
export async function consolePeopleRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Console'];
  app.get('/console/users', { schema: { tags, summary: 'Console users you manage' } }, async (request) => ({
    items: await findConsoleUsers(ctx, consolePrincipalOf(request)),
  }));
  app.post(
    '/console/users',
    { schema: { tags, summary: 'Create a console user', body: toJsonSchema(CreateConsoleUserSchema) } },
    async (request, reply) =>
      reply.code(201).send(await createConsoleUser(ctx, consolePrincipalOf(request), request.body as never)),
  );
  app.patch<ById>(
    '/console/users/:id',
    {
      schema: {
        tags,
        summary: 'Rename, disable/enable or change roles',
        body: toJsonSchema(UpdateConsoleUserSchema),
      },
    },
    async (request) =>
      updateConsoleUser(ctx, consolePrincipalOf(request), request.params.id, request.body as never),
  );
  app.post<ById>(
    '/console/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Reset a password (generated when none is given)',
        body: toJsonSchema(ResetPasswordSchema),
      },
    },
    async (request) =>
      resetConsolePassword(ctx, consolePrincipalOf(request), request.params.id, request.body),
  );
}
