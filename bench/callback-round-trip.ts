/**
 * Second `npm run bench` scenario: a follower's text message through our API
 * to a loopback developer server and back as a passive text reply, against a
 * direct POST of the same signed XML to the same developer server, measured
 * interleaved in the same run (these machines are noisy, so the target is a
 * ratio).
 *
 * - direct: one POST of the push XML to the developer server on a fresh
 *   connection (as the platform pushes), reading its reply: the floor.
 * - via API: `POST /gz/v1/users/:id/accounts/:appid/messages` on a listening
 *   platform (plaintext mode, SQLite): validation, event log, the stored
 *   message, the delivery row and attempt, the push itself, reading the
 *   reply, storing it and the live-stream publish.
 *
 * Target: the median API round trip is at most MAX_RATIO times the median
 * direct POST. The gap is the platform's bookkeeping (a handful of SQLite
 * writes), not extra network round trips. Recorded: direct median 0.48 ms
 * (p95 0.80), via API median 2.56 ms (p95 8.02), ratio 5.3 (bench/README.md).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_ADMIN_KEY as KEY, startBenchPlatform } from './bench-platform.ts';

const N = Number(process.env.BENCH_CALLBACK_N ?? 400);
const WARM_UP = 50;
const MAX_RATIO = 20;
const TOKEN = 'benchToken123';

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function element(xml: string, name: string): string {
  return new RegExp(`<${name}><!\\[CDATA\\[(.*?)\\]\\]></${name}>`).exec(xml)?.[1] ?? '';
}

/**
 * A minimal developer server: echoes the echostr on GET, answers text
 * messages with a passive text reply and everything else with nothing. It
 * remembers the last push so the direct POST can send the very same bytes.
 */
function startDeveloperServer(): Promise<{
  url: string;
  last: { url: string; body: string };
  close(): void;
}> {
  const last = { url: '', body: '' };
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (req.method === 'GET') return void res.end(query.get('echostr') ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      last.url = req.url ?? '/';
      last.body = body;
      if (element(body, 'MsgType') !== 'text') return void res.end('');
      res.setHeader('content-type', 'text/xml');
      res.end(
        `<xml><ToUserName><![CDATA[${element(body, 'FromUserName')}]]></ToUserName>` +
          `<FromUserName><![CDATA[${element(body, 'ToUserName')}]]></FromUserName>` +
          `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
          `<Content><![CDATA[pong: ${element(body, 'Content')}]]></Content></xml>`,
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ url: `${base}/wechat`, last, close: () => server.close() });
    }),
  );
}

/** One POST on a fresh connection, the way the platform pushes; resolves with the body. */
function postDirect(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body, 'utf8');
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'text/xml', 'content-length': String(payload.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs the scenario, prints its numbers, and says whether the ratio target held. */
export async function benchCallbackRoundTrip(): Promise<boolean> {
  const platform = await startBenchPlatform();
  const { app, account } = platform;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/gz/v1`;
  const dev = await startDeveloperServer();
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const api = async <T>(method: string, url: string, body: object): Promise<T> => {
    const res = await fetch(`${base}${url}`, { method, headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  try {
    await api('PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: TOKEN,
      message_mode: 'plaintext',
      enabled: true,
    });
    const user = await api<{ id: string }>('POST', '/users', { nickname: 'bench follower' });
    await api('PUT', `/users/${user.id}/follows/${account.appid}`, {});

    const viaApi = async (i: number) => {
      const started = performance.now();
      const result = await api<{ replies: { text?: { content: string } }[] }>(
        'POST',
        `/users/${user.id}/accounts/${account.appid}/messages`,
        { msgtype: 'text', text: { content: `ping ${i}` } },
      );
      const took = performance.now() - started;
      if (result.replies[0]?.text?.content !== `pong: ping ${i}`)
        throw new Error(`via API: unexpected replies ${JSON.stringify(result.replies)}`);
      return took;
    };
    for (let i = 0; i < WARM_UP; i++) await viaApi(i);
    // The exact signed push the platform sent, replayed directly below.
    const push = { url: new URL(dev.last.url, dev.url).toString(), body: dev.last.body };
    const direct = async () => {
      const started = performance.now();
      const reply = await postDirect(push.url, push.body);
      const took = performance.now() - started;
      if (!reply.includes('pong: ping')) throw new Error(`direct: unexpected reply ${reply}`);
      return took;
    };
    for (let i = 0; i < WARM_UP; i++) await direct();

    const directTimes: number[] = [];
    const apiTimes: number[] = [];
    for (let i = 0; i < N; i++) {
      directTimes.push(await direct());
      apiTimes.push(await viaApi(i));
    }
    directTimes.sort((a, b) => a - b);
    apiTimes.sort((a, b) => a - b);
    const line = (label: string, times: number[]) =>
      console.log(
        `${label.padEnd(34)} median ${percentile(times, 50).toFixed(2).padStart(6)} ms   p95 ${percentile(
          times,
          95,
        )
          .toFixed(2)
          .padStart(6)} ms`,
      );
    console.log(`callback round trip, plaintext mode, SQLite, ${N} interleaved pairs`);
    line('direct POST to developer server', directTimes);
    line('follower text via API + reply', apiTimes);
    const ratio = percentile(apiTimes, 50) / percentile(directTimes, 50);
    console.log(`ratio api/direct (medians): ${ratio.toFixed(2)} (target <= ${MAX_RATIO})`);
    if (ratio > MAX_RATIO) {
      console.error('FAIL: the API round trip costs too much over the bare push');
      return false;
    }
    return true;
  } finally {
    dev.close();
    await platform.close();
  }
}
