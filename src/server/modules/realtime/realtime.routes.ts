import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import type { MessageWithParties } from '../messages/messages.queries.ts';
import { presentMessage } from '../messages/messages.presenter.ts';
import { closeRealtime, type SubscriptionEndReason } from './message-hub.ts';
import { userExists } from './realtime.queries.ts';
import { StreamParamsSchema, StreamQuerySchema } from './realtime.schemas.ts';
import { subscribeToAccount, subscribeToUser } from './subscribe-to-user.ts';

/** A comment line (SSE) or a ping (WebSocket) this often keeps proxies from closing idle streams. */
const HEARTBEAT_MS = 15_000;
/** A client this far behind is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx would otherwise hold events back in its buffer.
  'x-accel-buffering': 'no',
};

type StreamRoute = { Params: Record<string, string>; Querystring: Record<string, unknown> };

interface StreamTarget {
  userId: string;
  appid: string | undefined;
}

function streamTarget(request: FastifyRequest<StreamRoute>): StreamTarget {
  const { user_id } = validate(StreamParamsSchema, request.params);
  const { appid } = validate(StreamQuerySchema, request.query);
  return { userId: user_id, appid };
}

/**
 * Answers `request` with a Server-Sent Events stream of the messages
 * `subscribe` delivers: `: connected` once live, `event: message` per
 * message, a heartbeat comment, and the end of the stream when the server
 * ends the subscription or the client is too slow.
 */
async function serveSse(
  request: FastifyRequest,
  reply: FastifyReply,
  logFields: Record<string, string>,
  subscribe: (onEnd: () => void, onMessage: (message: MessageWithParties) => void) => Promise<() => void>,
): Promise<void> {
  const res = reply.raw;
  let heartbeat: NodeJS.Timeout | undefined = undefined;
  let unsubscribe: () => void = () => undefined;
  const finish = () => {
    clearInterval(heartbeat);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  const write = (chunk: string) => {
    if (res.writableEnded || res.destroyed) return;
    res.write(chunk);
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      request.log.warn(logFields, 'live stream client too slow; disconnecting it');
      res.destroy();
    }
  };
  unsubscribe = await subscribe(finish, (message) =>
    write(`event: message\nid: ${message.id}\ndata: ${JSON.stringify(presentMessage(message))}\n\n`),
  );
  // No await from here on, so no delivery can come before the headers.
  reply.hijack();
  res.writeHead(200, SSE_HEADERS);
  write(': connected\n\n');
  heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
  res.on('close', finish);
  // The client may have gone while we subscribed; 'close' has then already fired.
  if (request.raw.socket.destroyed) finish();
}

/**
 * `/gz/v1/users/:user_id/stream` (Server-Sent Events) and `/ws` (WebSocket):
 * a user's conversation messages as they are committed, on any node; and
 * `/gz/v1/accounts/:appid/kf-sessions/stream`: every conversation of one
 * account, for the console inbox (role-checked as the rest of kf-sessions).
 * Needs @fastify/websocket registered on the root instance.
 */
export async function realtimeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Live stream'];
  const schema = {
    tags,
    params: toJsonSchema(StreamParamsSchema),
    querystring: toJsonSchema(StreamQuerySchema),
  };

  // Bad input and unknown users get a plain HTTP error before any stream
  // starts (for WebSocket, before the upgrade).
  const checkTarget = async (request: FastifyRequest<StreamRoute>) => {
    const { userId } = streamTarget(request);
    if (!(await userExists(ctx.db, userId))) throw new AppError('USER_NOT_FOUND', `no user ${userId}`);
  };

  // Open streams would keep server.close() waiting: end them first.
  app.addHook('preClose', async () => closeRealtime(ctx));

  app.get<StreamRoute>(
    '/users/:user_id/stream',
    {
      schema: {
        ...schema,
        summary: 'Live conversation messages (Server-Sent Events)',
        description:
          'Sends `: connected` once live, then `event: message` (id = message id, data = the message JSON) for each committed message, and `: heartbeat` every 15 s. The stream ends when the server shuts down; reload the conversation and reconnect.',
      },
      preHandler: checkTarget,
    },
    async (request, reply) => {
      const { userId, appid } = streamTarget(request);
      await serveSse(request, reply, { userId }, (onEnd, onMessage) =>
        subscribeToUser(ctx, userId, { appid, onEnd }, onMessage),
      );
    },
  );

  app.get<{ Params: { appid: string } }>(
    '/accounts/:appid/kf-sessions/stream',
    {
      schema: {
        tags,
        summary: 'Live conversation messages of every follower of the account (Server-Sent Events)',
        description:
          'The console inbox’s stream: `: connected` once live, then `event: message` (data = the message JSON, with `openid`) for each committed message of any conversation of the account, `: heartbeat` every 15 s. Reload the sessions and conversation on reconnect.',
      },
    },
    async (request, reply) => {
      const account = await getAccount(ctx, request.params.appid);
      await serveSse(request, reply, { appid: account.appid }, (onEnd, onMessage) =>
        subscribeToAccount(ctx, account.appid, { onEnd }, onMessage),
      );
    },
  );

  app.get<StreamRoute>(
    '/users/:user_id/ws',
    {
      websocket: true,
      schema: { ...schema, summary: 'Live conversation messages (WebSocket)' },
      preHandler: checkTarget,
    },
    async (socket, request) => {
      const { userId, appid } = streamTarget(request);
      let closed = false;
      let ping: NodeJS.Timeout | undefined = undefined;
      let unsubscribe: () => void = () => undefined;
      const send = (frame: object) => {
        if (socket.readyState !== socket.OPEN) return;
        socket.send(JSON.stringify(frame));
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          request.log.warn({ userId }, 'live stream client too slow; disconnecting it');
          socket.terminate();
        }
      };
      socket.on('close', () => {
        closed = true;
        clearInterval(ping);
        unsubscribe();
      });
      const onEnd = (reason: SubscriptionEndReason) =>
        socket.close(reason === 'closing' ? 1001 : 1011, reason);
      try {
        unsubscribe = await subscribeToUser(ctx, userId, { appid, onEnd }, (message) =>
          send({ type: 'message', message: presentMessage(message) }),
        );
      } catch (err) {
        request.log.error({ err }, 'could not start a live stream');
        socket.close(1011, 'live stream unavailable');
        return;
      }
      if (closed) {
        unsubscribe();
        return;
      }
      send({ type: 'ready' });
      ping = setInterval(() => socket.ping(), HEARTBEAT_MS);
    },
  );
}
