// Test-only helpers for the live stream suites: conversation rows inserted
// directly, and minimal SSE / WebSocket clients that wait on events, never on timers.
import type { ReadableStream } from 'node:stream/web';
import WebSocket from 'ws';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, UsersTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import type { MessageView } from '../messages/messages.presenter.ts';
import { buildFollower } from '../../../../test/helpers/factories.ts';
import { createUser } from '../followers/create-user.ts';
import {
  insertMessages,
  selectMessagesByIds,
  type MessageWithParties,
} from '../messages/messages.queries.ts';

/** Rejects with "timed out waiting for <what>" unless `promise` settles within `ms`. */
export async function within<T>(promise: Promise<T>, what: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A simulated user (through the real createUser). */
export async function insertUser(ctx: AppContext): Promise<UsersTable> {
  return createUser(ctx, { nickname: 'Tester' });
}

/** The user following the account (through the real followAccount). */
export async function insertFollower(
  ctx: AppContext,
  user: UsersTable,
  account: AccountsTable,
): Promise<FollowersTable> {
  return (await buildFollower(ctx, account, { user })).follower;
}

/** Committed text messages from the follower, read back with their appid and openid. */
export async function insertTextMessages(
  ctx: AppContext,
  follower: FollowersTable,
  contents: string[],
): Promise<MessageWithParties[]> {
  const now = ctx.clock.now();
  const rows = contents.map((content, i) => ({
    id: newId('msg'),
    account_id: follower.account_id,
    follower_id: follower.id,
    user_id: follower.user_id,
    direction: 'in' as const,
    msg_type: 'text',
    msg_id: null,
    content: JSON.stringify({ content }),
    source: 'follower' as const,
    delivery_id: null,
    created_at: now + i,
  }));
  await insertMessages(ctx.db, rows);
  const loaded = await selectMessagesByIds(
    ctx.db,
    rows.map((r) => r.id),
  );
  const position = new Map(rows.map((r, i) => [r.id, i]));
  return loaded.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
}

/** One parsed SSE block: a comment (`: …`) or an event. */
export interface SseBlock {
  comment?: string;
  event?: string;
  id?: string;
  data?: string;
}

export interface SseClient {
  status: number;
  headers: Headers;
  /** The next block; rejects on timeout or when the stream ends. */
  next(what?: string): Promise<SseBlock>;
  /** The next `event: message`, skipping heartbeat comments, parsed. */
  nextMessage(): Promise<MessageView>;
  /** Resolves when the server ends the stream. */
  ended(): Promise<void>;
  close(): void;
}

function parseBlock(block: string): SseBlock {
  const out: SseBlock = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) out.comment = line.slice(1).trim();
    else {
      const colon = line.indexOf(':');
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event' || field === 'id') out[field] = value;
      else if (field === 'data') out.data = out.data === undefined ? value : `${out.data}\n${value}`;
    }
  }
  return out;
}

/** Opens an SSE stream with fetch; does not wait for the ready comment. */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const readBlock = async (): Promise<SseBlock | null> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parseBlock(block);
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  };
  const next = async (what = 'an SSE block') => {
    const block = await within(readBlock(), what);
    if (!block) throw new Error(`the stream ended while waiting for ${what}`);
    return block;
  };
  return {
    status: res.status,
    headers: res.headers,
    next,
    async nextMessage() {
      for (;;) {
        const block = await next('an SSE message');
        if (block.comment === 'heartbeat') continue;
        if (block.event !== 'message' || block.data === undefined) {
          throw new Error(`expected a message event, got ${JSON.stringify(block)}`);
        }
        const message = JSON.parse(block.data) as MessageView;
        if (block.id !== message.id)
          throw new Error(`SSE id ${block.id} is not the message id ${message.id}`);
        return message;
      }
    },
    async ended() {
      for (;;) {
        const block = await within(readBlock(), 'the stream to end');
        if (!block) return;
      }
    },
    close: () => abort.abort(),
  };
}

/** A frame of the `/ws` stream. */
export type WsFrame = { type: 'ready' } | { type: 'message'; message: MessageView };

export interface WsClient {
  socket: WebSocket;
  next(what?: string): Promise<WsFrame>;
  /** Resolves with the close code when the server closes the socket. */
  closed(): Promise<number>;
  close(): void;
}

/** Opens the WebSocket; rejects with "status <n>" when the upgrade is refused. */
export async function openWs(url: string, headers: Record<string, string>): Promise<WsClient> {
  const socket = new WebSocket(url, { headers });
  const frames: WsFrame[] = [];
  const waiters: Array<(frame: WsFrame) => void> = [];
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as WsFrame;
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => {
        reject(new Error(`status ${res.statusCode}`));
        socket.terminate();
      });
      socket.once('error', reject);
    }),
    'the WebSocket to open',
  );
  return {
    socket,
    next: (what = 'a WebSocket frame') => {
      const frame = frames.shift();
      if (frame) return Promise.resolve(frame);
      return within(new Promise<WsFrame>((resolve) => waiters.push(resolve)), what);
    },
    closed: () => within(closed, 'the WebSocket to close'),
    close: () => socket.close(),
  };
}
