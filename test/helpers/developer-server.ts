import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the developer server received it. */
export interface Received {
  method: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the scripted server does with one request: answer, or never answer. */
export type Answer = { status?: number; body?: string; headers?: Record<string, string> } | 'hang';

export type Handler = (request: Received, index: number) => Answer | Promise<Answer>;

export interface DeveloperServer {
  url: string;
  received: Received[];
  /** Replaces how POSTs are answered (GET echostr checks keep verifying with the token). */
  onPost(handler: Handler): void;
  /** Replaces how the echostr GET is answered. */
  onGet(handler: Handler): void;
  /** Back to the defaults: a correct echostr check, "success" for pushes. */
  reset(): void;
  close(): Promise<void>;
}

function sha1Sorted(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/**
 * A raw developer server on 127.0.0.1 for tests: records every request and
 * answers as scripted. By default it passes WeChat's echostr check the way a
 * correct server does (verify signature with the token, echo echostr) and
 * answers pushes with "success".
 */
export async function startDeveloperServer(token: string, path = '/wx'): Promise<DeveloperServer> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const defaultPost: Handler = () => ({ body: 'success' });
  const defaultGet: Handler = (req) => {
    const q = req.query;
    const ok = q.get('signature') === sha1Sorted(token, q.get('timestamp') ?? '', q.get('nonce') ?? '');
    return ok ? { body: q.get('echostr') ?? '' } : { status: 401, body: 'bad signature' };
  };
  let postHandler = defaultPost;
  let getHandler = defaultGet;
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const entry: Received = {
        method: req.method ?? '',
        url,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(entry);
      const handler = req.method === 'GET' ? getHandler : postHandler;
      void Promise.resolve(handler(entry, received.length - 1)).then((answer) => {
        if (answer === 'hang') return;
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    onPost: (h) => (postHandler = h),
    onGet: (h) => (getHandler = h),
    reset: () => {
      postHandler = defaultPost;
      getHandler = defaultGet;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
