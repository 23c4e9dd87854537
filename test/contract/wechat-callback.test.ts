/**
 * Contract test with the published node-webot `wechat` middleware (2.1) as
 * the developer's callback server, mounted on a bare node:http server on
 * 127.0.0.1:0. Followers act through our API; the pushes reach the SDK over
 * real HTTP; what the SDK parsed (`req.weixin`) and what its `res.reply(…)`
 * puts in the follower's conversation are both checked.
 *
 * What the SDK really does (lib/wechat.js, wechat-crypto 0.0.2, xml2js 0.4):
 * - It reads `req.query` (Express/connect), so the bare server sets it.
 * - A request is encrypted only when the query has BOTH `encrypt_type` and
 *   `msg_signature`. Then it checks msg_signature = sha1(sort(token,
 *   timestamp, nonce, Encrypt)), ignores `signature`, decrypts `<Encrypt>`
 *   and ignores every plaintext field of a compatible-mode body. It does not
 *   compare the appid trailer with its own appid (it only refuses a
 *   plaintext that decrypts to nothing: 401 "Invalid appid"). An encrypted
 *   GET would have its echostr decrypted, which is why the URL check must
 *   stay plaintext in every mode.
 * - Otherwise it checks `signature` = sha1(sort(token, timestamp, nonce))
 *   (401 "Invalid signature") and answers a GET with echostr verbatim.
 * - xml2js with trim, then flattened: a single element is a trimmed string
 *   (numbers too, so a 17-digit MsgId keeps every digit), an element with
 *   children an object, a repeated element an array (so SendPicsInfo's
 *   PicList.item is an object for one picture, an array for several), an
 *   empty element ''.
 * - `res.reply(x)` writes 200 with no Content-Type: '' → an empty body;
 *   string → text; array → news with every article given (no cap);
 *   `{type, content}` → that type; any other object → music (ThumbMediaId
 *   left out when absent; empty Title/Description elements otherwise).
 *   CreateTime is Date.now() in milliseconds. When the query has
 *   `encrypt_type` the reply is wrapped: Encrypt, MsgSignature, TimeStamp in
 *   milliseconds and a numeric Nonce below 1e11.
 * - `res.transfer2CustomerService(kf?)` → transfer_customer_service, with
 *   TransInfo.KfAccount when given.
 *
 * The last part re-checks a captured safe-mode push with crypto written here
 * (the method of test/fixtures/wechat/wechat-crypto.json, not
 * src/server/wechat/crypto.ts), and answers with an envelope built here.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import wechat from 'wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { buildAccount } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';

// vitest types asymmetric matchers as `any`; typed as unknown they satisfy the type-aware lint.
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

const MODES = ['plaintext', 'compatible', 'safe'] as const;
type Mode = (typeof MODES)[number];
const TOKEN = 'gzDevToken2024';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const OPENID = /^[A-Za-z0-9_-]{28}$/;

// ---------------------------------------------------------------- independent crypto

/** sha1 over the lexicographically sorted strings, joined with nothing (spec §2.1, §2.3). */
function sha1Sorted(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

function aesKey(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** AES-256-CBC, IV = key[0:16], random16 | uint32 BE length | xml | appid, PKCS#7 to 32 bytes. */
function encryptForWechat(
  encodingAesKey: string,
  appid: string,
  xml: string,
  random16 = randomBytes(16),
): string {
  const key = aesKey(encodingAesKey);
  const message = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length, 0);
  const plain = Buffer.concat([random16, length, message, Buffer.from(appid, 'utf8')]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

interface Opened {
  ciphertextBytes: number;
  random16: Buffer;
  pad: number;
  padBytes: Buffer;
  xml: string;
  appid: string;
}

/** The reverse, keeping every part so a test can look at each. */
function decryptForWechat(encodingAesKey: string, encrypt: string): Opened {
  const key = aesKey(encodingAesKey);
  const data = Buffer.from(encrypt, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  const plain = padded.subarray(0, padded.length - pad);
  const length = plain.readUInt32BE(16);
  return {
    ciphertextBytes: data.length,
    random16: plain.subarray(0, 16),
    pad,
    padBytes: padded.subarray(padded.length - pad),
    xml: plain.subarray(20, 20 + length).toString('utf8'),
    appid: plain.subarray(20 + length).toString('utf8'),
  };
}

interface Vector {
  encoding_aes_key: string;
  token: string;
  appid: string;
  random16_hex: string;
  timestamp: string;
  nonce: string;
  plaintext: string;
  encrypt: string;
  signature: string;
  msg_signature: string;
  padded_length: number;
}

const { cases: VECTORS } = JSON.parse(
  readFileSync(new URL('../fixtures/wechat/wechat-crypto.json', import.meta.url), 'utf8'),
) as { cases: Vector[] };

/** The text of a top-level element of an XML string (CDATA or bare). */
function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

// ---------------------------------------------------------------- follower files

/** A small real JPEG of one colour (distinct colours give distinct bytes and MD5s). */
function sampleJpeg(background: string): Promise<Buffer> {
  return sharp({ create: { width: 24, height: 16, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

/** AMR-NB: the `#!AMR\n` magic, then 12.2 kbit/s frames (FT 7: a header byte + 31 bytes). */
function sampleAmr(frames = 25): Buffer {
  const frame = Buffer.alloc(32, 0x55);
  frame[0] = (7 << 3) | 0x04;
  return Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), ...Array.from({ length: frames }, () => frame)]);
}

/** MP4: `ftyp` (isom), an empty `moov`, and a small `mdat`. */
function sampleMp4(): Buffer {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([
    box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1')),
    box('moov', Buffer.alloc(0)),
    box('mdat', Buffer.alloc(256, 1)),
  ]);
}

/** A multipart/form-data body: the fields, then the file in part `media`. */
function multipart(
  fields: Record<string, string>,
  file: { filename: string; contentType: string; bytes: Buffer },
): { payload: Buffer; contentType: string } {
  const boundary = `----gzcontract${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  return {
    payload: Buffer.concat([
      ...parts,
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

// ---------------------------------------------------------------- the developer server

/** One request the developer server received, and what the SDK made of it. */
interface Hit {
  method: string;
  query: Record<string, string>;
  /** The request body as it arrived. */
  body: string;
  /** `req.weixin`: the push as the SDK parsed it; null when the handler never ran. */
  weixin: wechat.Message | null;
  status: number | null;
  /** What the SDK answered. */
  response: string;
}

/** How the developer's handler answers a push. */
type Answer = (message: wechat.Message, res: wechat.Response) => void;
const noReply: Answer = (_message, res) => res.reply('');

interface DeveloperServer {
  url: string;
  hits: Hit[];
  answer: Answer;
  close(): Promise<void>;
}

/** The `wechat` middleware on a bare node:http server, recording every request. */
async function startDeveloperServer(config: string | wechat.Config): Promise<DeveloperServer> {
  const hits: Hit[] = [];
  const hitOf = new WeakMap<IncomingMessage, Hit>();
  const dev: DeveloperServer = { url: '', hits, answer: noReply, close: async () => undefined };
  const middleware = wechat(config, (req, res) => {
    const message = req.weixin!;
    hitOf.get(req)!.weixin = message;
    dev.answer(message, res);
  });
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const hit: Hit = {
      method: req.method ?? '',
      query: Object.fromEntries(url.searchParams),
      body: '',
      weixin: null,
      status: null,
      response: '',
    };
    hits.push(hit);
    hitOf.set(req, hit);
    // Registered before the SDK's own listeners, so both see every chunk.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => (hit.body = Buffer.concat(chunks).toString('utf8')));
    const end = res.end.bind(res) as (chunk?: string | Buffer) => ServerResponse;
    (res as unknown as { end: (chunk?: string | Buffer) => ServerResponse }).end = (chunk) => {
      hit.status = res.statusCode;
      hit.response = chunk === undefined ? '' : chunk.toString();
      return end(chunk);
    };
    middleware(Object.assign(req, { query: hit.query }), res, (err) => {
      res.writeHead(500);
      res.end(`next(${String(err)})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dev.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`;
  dev.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  return dev;
}

// ---------------------------------------------------------------- our API's shapes

interface MessageView {
  id: string;
  direction: 'in' | 'out';
  source: string;
  msgtype: string;
  msg_id: string | null;
  delivery_id: string | null;
  [inner: string]: unknown;
}

interface DeliveryView {
  id: string;
  outcome: string;
  attempt_count: number;
  replay_of: string | null;
  error: string | null;
  request_xml: string;
  reply_xml: string | null;
  message_mode: string;
}

interface Attempt {
  attempt: number;
  outcome: string;
  request: { method: string; url: string; body: string };
  response: { status: number; headers: Record<string, string>; body: string | null } | null;
}

interface Dispatch {
  message: MessageView | null;
  delivery: DeliveryView | null;
  replies: MessageView[];
}

interface FollowResult {
  follower: { openid: string; unionid: string | null; subscribed: boolean };
  event: 'subscribe' | 'SCAN' | null;
  result: Dispatch | null;
}

/** What the follower sees of a message: who sent it and its body. */
function shown(view: MessageView) {
  return {
    direction: view.direction,
    source: view.source,
    msgtype: view.msgtype,
    [view.msgtype]: view[view.msgtype],
  };
}

/** A reply as the conversation should show it. */
function passive(body: Record<string, unknown>) {
  return { direction: 'out', source: 'passive_reply', ...body };
}

const ARTICLES = Array.from({ length: 11 }, (_, i) => ({
  title: `标题 ${i + 1}`,
  description: `描述 ${i + 1}`,
  picurl: `https://example.com/pic/${i + 1}.jpg`,
  url: `https://example.com/a/${i + 1}?from=news&n=${i + 1}`,
}));

interface ReplyCase {
  name: string;
  answer: Answer;
  /** What the follower sees; null: nothing. */
  shows: Record<string, unknown> | null;
  outcome: 'replied' | 'no_reply' | 'transferred';
}

/** Every kind of res.reply, answering a follower's text message. */
const MESSAGE_REPLIES: ReplyCase[] = [
  {
    name: 'text',
    answer: (_m, res) => res.reply('收到 <a href="https://example.com/?a=1&b=2">详情</a>\n第二行'),
    shows: {
      msgtype: 'text',
      text: { content: '收到 <a href="https://example.com/?a=1&b=2">详情</a>\n第二行' },
    },
    outcome: 'replied',
  },
  {
    name: 'image',
    answer: (_m, res) => res.reply({ type: 'image', content: { mediaId: 'IMG_MEDIA_ID_1' } }),
    shows: { msgtype: 'image', image: { media_id: 'IMG_MEDIA_ID_1' } },
    outcome: 'replied',
  },
  {
    name: 'voice',
    answer: (_m, res) => res.reply({ type: 'voice', content: { mediaId: 'VOICE_MEDIA_ID_1' } }),
    shows: { msgtype: 'voice', voice: { media_id: 'VOICE_MEDIA_ID_1' } },
    outcome: 'replied',
  },
  {
    name: 'video with title and description',
    answer: (_m, res) =>
      res.reply({
        type: 'video',
        content: { mediaId: 'VIDEO_MEDIA_ID_1', title: '视频', description: '说明' },
      }),
    shows: { msgtype: 'video', video: { media_id: 'VIDEO_MEDIA_ID_1', title: '视频', description: '说明' } },
    outcome: 'replied',
  },
  {
    name: 'video with empty title and description',
    answer: (_m, res) => res.reply({ type: 'video', content: { mediaId: 'VIDEO_MEDIA_ID_2' } }),
    shows: { msgtype: 'video', video: { media_id: 'VIDEO_MEDIA_ID_2' } },
    outcome: 'replied',
  },
  {
    name: 'music',
    answer: (_m, res) =>
      res.reply({
        title: '歌',
        description: '一首歌',
        musicUrl: 'https://example.com/a.mp3',
        hqMusicUrl: 'https://example.com/a-hq.mp3',
        thumbMediaId: 'THUMB_MEDIA_ID_1',
      }),
    shows: {
      msgtype: 'music',
      music: {
        title: '歌',
        description: '一首歌',
        musicurl: 'https://example.com/a.mp3',
        hqmusicurl: 'https://example.com/a-hq.mp3',
        thumb_media_id: 'THUMB_MEDIA_ID_1',
      },
    },
    outcome: 'replied',
  },
  {
    name: 'music without ThumbMediaId (node-webot leaves the element out)',
    answer: (_m, res) => res.reply({ title: '歌', musicUrl: 'https://example.com/b.mp3' }),
    shows: { msgtype: 'music', music: { title: '歌', musicurl: 'https://example.com/b.mp3' } },
    outcome: 'replied',
  },
  {
    name: 'news with 3 articles (a reply to a message shows only the first)',
    answer: (_m, res) => res.reply(ARTICLES.slice(0, 3)),
    shows: { msgtype: 'news', news: { articles: [ARTICLES[0]] } },
    outcome: 'replied',
  },
  {
    name: 'transfer_customer_service',
    answer: (_m, res) => res.transfer2CustomerService(),
    shows: null,
    outcome: 'transferred',
  },
  {
    name: 'transfer_customer_service to a kf account',
    answer: (_m, res) => res.transfer2CustomerService('kf2001@gzdemo'),
    shows: null,
    outcome: 'transferred',
  },
  {
    name: 'empty (res.reply(""))',
    answer: (_m, res) => res.reply(''),
    shows: null,
    outcome: 'no_reply',
  },
];

interface MenuCase {
  name: string;
  body: Record<string, unknown>;
  /** The event's own fields as the SDK sees them (besides To/From/CreateTime/MsgType/Event). */
  fields: wechat.Message;
  answer: Answer;
  shows: Record<string, unknown> | null;
}

const MENU_EVENTS: MenuCase[] = [
  {
    name: 'CLICK (a news reply to an event shows up to 8 of its 10 articles)',
    body: { event: 'CLICK', key: 'V1001_TODAY_MUSIC' },
    fields: { EventKey: 'V1001_TODAY_MUSIC' },
    answer: (_m, res) => res.reply(ARTICLES.slice(0, 10)),
    shows: { msgtype: 'news', news: { articles: ARTICLES.slice(0, 8) } },
  },
  {
    name: 'VIEW',
    body: { event: 'VIEW', url: 'https://example.com/shop?a=1&b=2' },
    fields: { EventKey: 'https://example.com/shop?a=1&b=2' },
    answer: noReply,
    shows: null,
  },
  {
    name: 'VIEW from a conditional menu (MenuId)',
    body: { event: 'VIEW', url: 'https://example.com/vip', menu_id: 208379533 },
    fields: { EventKey: 'https://example.com/vip', MenuId: '208379533' },
    answer: noReply,
    shows: null,
  },
  {
    name: 'view_miniprogram',
    body: {
      event: 'view_miniprogram',
      pagepath: 'pages/index/index?from=menu',
      appid: 'wx1234567890abcdef',
      menu_id: 7,
    },
    fields: { EventKey: 'pages/index/index?from=menu', MenuId: '7' },
    answer: noReply,
    shows: null,
  },
  {
    name: 'scancode_push',
    body: {
      event: 'scancode_push',
      key: 'rselfmenu_0_1',
      scan_type: 'qrcode',
      scan_result: 'https://example.com/q?id=1&x=2',
    },
    fields: {
      EventKey: 'rselfmenu_0_1',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://example.com/q?id=1&x=2' },
    },
    answer: noReply,
    shows: null,
  },
  {
    name: 'scancode_waitmsg (its text reply is what the follower waits for)',
    body: {
      event: 'scancode_waitmsg',
      key: 'rselfmenu_0_0',
      scan_type: 'barcode',
      scan_result: 'EAN_13,6901234567892',
    },
    fields: {
      EventKey: 'rselfmenu_0_0',
      ScanCodeInfo: { ScanType: 'barcode', ScanResult: 'EAN_13,6901234567892' },
    },
    answer: (m, res) => res.reply(`条码 ${(m.ScanCodeInfo as wechat.Message).ScanResult as string}`),
    shows: { msgtype: 'text', text: { content: '条码 EAN_13,6901234567892' } },
  },
  {
    name: 'location_select',
    body: {
      event: 'location_select',
      key: 'rselfmenu_2_0',
      location: {
        latitude: 23.137466,
        longitude: 113.352425,
        scale: 15,
        label: '广州市海珠区客村艺苑路 106号',
        poiname: '艺苑路',
      },
    },
    fields: {
      EventKey: 'rselfmenu_2_0',
      SendLocationInfo: {
        Location_X: '23.137466',
        Location_Y: '113.352425',
        Scale: '15',
        Label: '广州市海珠区客村艺苑路 106号',
        Poiname: '艺苑路',
      },
    },
    answer: (m, res) => res.reply(`你在 ${(m.SendLocationInfo as wechat.Message).Poiname as string}`),
    shows: { msgtype: 'text', text: { content: '你在 艺苑路' } },
  },
];

// ---------------------------------------------------------------- the suite

describe('the independent crypto used below', () => {
  it.each(VECTORS.map((v) => [v.nonce, v] as const))(
    '%s: reproduces the vector byte for byte',
    (_name, v) => {
      expect(
        encryptForWechat(v.encoding_aes_key, v.appid, v.plaintext, Buffer.from(v.random16_hex, 'hex')),
      ).toBe(v.encrypt);
      const opened = decryptForWechat(v.encoding_aes_key, v.encrypt);
      expect(opened).toMatchObject({ ciphertextBytes: v.padded_length, xml: v.plaintext, appid: v.appid });
      expect(opened.random16.toString('hex')).toBe(v.random16_hex);
      expect(sha1Sorted(v.token, v.timestamp, v.nonce)).toBe(v.signature);
      expect(sha1Sorted(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
    },
  );
});

describe.each(DIALECTS)('node-webot wechat middleware as the developer server, on %s', (dialect) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
  });
  afterAll(async () => p.close());

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    status = 200,
  ) {
    const res = await p.app.inject({ method, url: `/gz/v1${url}`, headers: p.adminHeaders, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json<T>();
  }

  describe.each(MODES)('%s mode', (mode: Mode) => {
    let dev: DeveloperServer;
    let account: AccountsTable;
    let appid: string;
    const encrypted = mode !== 'plaintext';

    const developerConfig = (token = TOKEN) => ({
      url: dev.url,
      token,
      ...(encrypted ? { encoding_aes_key: AES_KEY } : {}),
      message_mode: mode,
      enabled: true,
    });

    beforeAll(async () => {
      account = await buildAccount(p.ctx);
      appid = account.appid;
      // node-webot's two documented forms: a bare token (plaintext), or a config for the encrypted modes.
      dev = await startDeveloperServer(encrypted ? { token: TOKEN, appid, encodingAESKey: AES_KEY } : TOKEN);
      await call('PUT', `/accounts/${appid}/developer`, developerConfig());
    });
    afterAll(async () => dev.close());

    /** Runs an API call with the developer answering `answer`, and returns what reached the SDK. */
    async function act<T>(answer: Answer, action: () => Promise<T>): Promise<{ result: T; pushes: Hit[] }> {
      const from = dev.hits.length;
      dev.answer = answer;
      try {
        return { result: await action(), pushes: dev.hits.slice(from) };
      } finally {
        dev.answer = noReply;
      }
    }

    async function newUser(): Promise<string> {
      const user = await call<{ id: string }>('POST', '/users', { nickname: `粉丝 ${randomInt(1e6)}` }, 201);
      return user.id;
    }

    /** A new user following the account (its subscribe push answered with nothing). */
    async function newFollower(): Promise<{ userId: string; openid: string }> {
      const userId = await newUser();
      const { result } = await act(noReply, () =>
        call<FollowResult>('PUT', `/users/${userId}/follows/${appid}`, {}),
      );
      return { userId, openid: result.follower.openid };
    }

    const send = (userId: string, body: object) =>
      call<Dispatch>('POST', `/users/${userId}/accounts/${appid}/messages`, body);

    /** The follower uploads a file to the account, as the follower client does before sending it. */
    async function upload(
      userId: string,
      type: 'image' | 'voice' | 'video' | 'thumb',
      file: { filename: string; contentType: string; bytes: Buffer },
    ): Promise<{ media_id: string; url: string }> {
      const { payload, contentType } = multipart({ type }, file);
      const res = await p.app.inject({
        method: 'POST',
        url: `/gz/v1/users/${userId}/accounts/${appid}/media`,
        headers: { ...p.adminHeaders, 'content-type': contentType },
        payload,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ media_id: string; url: string }>();
    }

    async function conversation(userId: string): Promise<MessageView[]> {
      return (
        await call<{ items: MessageView[] }>('GET', `/users/${userId}/accounts/${appid}/messages?limit=50`)
      ).items;
    }

    /**
     * The push as WeChat sends it on the wire (§2.2, A.6): the query, both
     * signatures, the body's shape per mode, and an SDK answer in the
     * mode's form. Returns the single push.
     */
    function expectWire(pushes: Hit[], openid: string): Hit & { weixin: wechat.Message } {
      expect(pushes).toHaveLength(1);
      return expectSigned(pushes[0]!, openid);
    }

    /** expectWire for one of several pushes. */
    function expectSigned(push: Hit, openid: string): Hit & { weixin: wechat.Message } {
      expect(push).toMatchObject({ method: 'POST', status: 200 });
      expect(push.weixin).not.toBeNull();
      const { query } = push;
      expect(Object.keys(query).sort()).toEqual(
        encrypted
          ? ['encrypt_type', 'msg_signature', 'nonce', 'openid', 'signature', 'timestamp']
          : ['nonce', 'openid', 'signature', 'timestamp'],
      );
      expect(query).toMatchObject({ openid, timestamp: matching(/^\d{10}$/), nonce: matching(/^\d+$/) });
      expect(query.signature).toBe(sha1Sorted(TOKEN, query.timestamp!, query.nonce!));
      const weixin = push.weixin!;
      expect(weixin.CreateTime).toMatch(/^\d{10}$/);
      expect(Math.abs(Number(weixin.CreateTime) - Date.now() / 1000)).toBeLessThan(120);

      if (!encrypted) {
        expect(push.body).not.toContain('<Encrypt>');
        expect(push.body).toMatch(
          /^<xml><ToUserName><!\[CDATA\[gh_[0-9a-f]{12}\]\]><\/ToUserName><FromUserName>/,
        );
      } else {
        expect(query.encrypt_type).toBe('aes');
        const encrypt = element(push.body, 'Encrypt')!;
        expect(query.msg_signature).toBe(sha1Sorted(TOKEN, query.timestamp!, query.nonce!, encrypt));
        const inner = decryptForWechat(AES_KEY, encrypt).xml;
        if (mode === 'safe') {
          expect(push.body).toBe(
            `<xml><ToUserName><![CDATA[${account.original_id}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
          );
        } else {
          // Compatible: every plaintext field, then Encrypt (of the same XML).
          expect(push.body).toBe(
            `${inner.slice(0, -'</xml>'.length)}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
          );
        }
      }
      if (push.response !== '') {
        if (encrypted) {
          expect(push.response).toMatch(
            /^<xml><Encrypt><!\[CDATA\[[A-Za-z0-9+/=]+\]\]><\/Encrypt><MsgSignature>/,
          );
          expect(element(push.response, 'TimeStamp')).toMatch(/^\d{13}$/); // node-webot: milliseconds
        } else {
          expect(push.response).toMatch(/^<xml><ToUserName>/);
        }
      }
      return push as Hit & { weixin: wechat.Message };
    }

    /** The common fields every push carries, then the type's own. */
    const pushOf = (openid: string, msgType: string, fields: wechat.Message) => ({
      ToUserName: account.original_id,
      FromUserName: openid,
      CreateTime: matching(/^\d{10}$/),
      MsgType: msgType,
      ...fields,
    });

    /** Event fields; an EventKey the platform leaves empty may also be absent (§4.1). */
    function eventSeen(weixin: wechat.Message): wechat.Message {
      const { EventKey, ...rest } = weixin;
      return EventKey === '' ? rest : weixin;
    }

    it('saving the URL runs the plaintext echostr GET, which the SDK answers', async () => {
      const { pushes } = await act(noReply, () =>
        call('PUT', `/accounts/${appid}/developer`, developerConfig()),
      );
      expect(pushes).toHaveLength(1);
      const get = pushes[0]!;
      expect(get).toMatchObject({ method: 'GET', status: 200, weixin: null, body: '' });
      // Never encrypt_type/msg_signature on the GET: node-webot would then decrypt the echostr.
      expect(Object.keys(get.query).sort()).toEqual(['echostr', 'nonce', 'signature', 'timestamp']);
      expect(get.query.signature).toBe(sha1Sorted(TOKEN, get.query.timestamp!, get.query.nonce!));
      expect(get.response).toBe(get.query.echostr);
    });

    it('a Token the SDK does not share fails the check (401 Invalid signature) and is not saved', async () => {
      const { pushes } = await act(noReply, async () => {
        const res = await p.app.inject({
          method: 'PUT',
          url: `/gz/v1/accounts/${appid}/developer`,
          headers: p.adminHeaders,
          payload: developerConfig('someOtherToken1'),
        });
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({ code: 'SERVER_VERIFICATION_FAILED' });
      });
      expect(pushes).toMatchObject([{ method: 'GET', status: 401, response: 'Invalid signature' }]);
      // The old Token still signs pushes the SDK accepts.
      const { userId, openid } = await newFollower();
      const { pushes: after } = await act(noReply, () =>
        send(userId, { msgtype: 'text', text: { content: 'ping' } }),
      );
      expectWire(after, openid);
    });

    describe('messages', () => {
      it('text: Content and the 17-digit MsgId as strings; CDATA split around "]]>" survives', async () => {
        const { userId, openid } = await newFollower();
        const content = '你好 <b>&amp;</b> a]]>b\n第二行';
        const { result, pushes } = await act(
          // node-webot writes Content into one CDATA section unsplit, so its replies cannot carry "]]>".
          (m, res) => res.reply(`echo: ${(m.Content as string).replaceAll(']]>', '')}`),
          () => send(userId, { msgtype: 'text', text: { content } }),
        );
        const push = expectWire(pushes, openid);
        expect(result.message!.msg_id).toMatch(/^\d{17}$/);
        expect(push.weixin).toEqual(
          pushOf(openid, 'text', { Content: content, MsgId: result.message!.msg_id! }),
        );
        expect(result.replies.map(shown)).toEqual([
          passive({ msgtype: 'text', text: { content: `echo: ${content.replaceAll(']]>', '')}` } }),
        ]);
        const [reply, inbound] = await conversation(userId);
        expect(shown(reply!)).toEqual(
          passive({ msgtype: 'text', text: { content: `echo: ${content.replaceAll(']]>', '')}` } }),
        );
        expect(inbound).toMatchObject({ id: result.message!.id, direction: 'in', source: 'follower' });
      });

      it('location: Location_X/Location_Y/Scale/Label', async () => {
        const { userId, openid } = await newFollower();
        const { result, pushes } = await act(
          (m, res) => res.reply(`${m.Label as string} @ ${m.Location_X as string},${m.Location_Y as string}`),
          () =>
            send(userId, {
              msgtype: 'location',
              location: { latitude: 23.134521, longitude: 113.358803, scale: 20, label: '位置信息' },
            }),
        );
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(
          pushOf(openid, 'location', {
            Location_X: '23.134521',
            Location_Y: '113.358803',
            Scale: '20',
            Label: '位置信息',
            MsgId: result.message!.msg_id!,
          }),
        );
        expect(result.replies.map(shown)).toEqual([
          passive({ msgtype: 'text', text: { content: '位置信息 @ 23.134521,113.358803' } }),
        ]);
      });

      it('link: Title/Description/Url', async () => {
        const { userId, openid } = await newFollower();
        const link = {
          title: '公众平台官网链接',
          description: '公众平台官网链接 & 说明',
          url: 'https://mp.weixin.qq.com/s?__biz=MzA&mid=2&idx=1',
        };
        const { result, pushes } = await act(
          (_m, res) => res.reply(ARTICLES.slice(0, 2)),
          () => send(userId, { msgtype: 'link', link }),
        );
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(
          pushOf(openid, 'link', {
            Title: link.title,
            Description: link.description,
            Url: link.url,
            MsgId: result.message!.msg_id!,
          }),
        );
        expect(result.replies.map(shown)).toEqual([
          passive({ msgtype: 'news', news: { articles: [ARTICLES[0]] } }),
        ]);
      });

      it.each(MESSAGE_REPLIES.map((c) => [c.name, c] as const))(
        'a %s reply reaches the conversation as WeChat shows it',
        async (_name, c) => {
          const { userId, openid } = await newFollower();
          const { result, pushes } = await act(c.answer, () =>
            send(userId, { msgtype: 'text', text: { content: `want ${c.name}` } }),
          );
          const push = expectWire(pushes, openid);
          expect(result.delivery).toMatchObject({ outcome: c.outcome, error: null });
          const expected = c.shows ? [passive(c.shows)] : [];
          expect(result.replies.map(shown)).toEqual(expected);
          const items = await conversation(userId);
          expect(items.slice(0, expected.length).map(shown)).toEqual(expected);
          expect(items[expected.length]).toMatchObject({ id: result.message!.id, direction: 'in' });
          if (c.outcome === 'no_reply') expect(push.response).toBe('');
          if (c.outcome === 'transferred')
            expect(result.delivery!.reply_xml).toContain(
              '<MsgType><![CDATA[transfer_customer_service]]></MsgType>',
            );
          if (c.name.endsWith('kf account'))
            expect(result.delivery!.reply_xml).toContain('<KfAccount><![CDATA[kf2001@gzdemo]]></KfAccount>');
        },
      );
    });

    describe('media messages', () => {
      it('image: PicUrl serves the uploaded picture and MediaId is the upload', async () => {
        const { userId, openid } = await newFollower();
        const jpeg = await sampleJpeg('#07c160');
        const media = await upload(userId, 'image', {
          filename: 'photo.jpg',
          contentType: 'image/jpeg',
          bytes: jpeg,
        });
        const { result, pushes } = await act(
          (m, res) => res.reply({ type: 'image', content: { mediaId: m.MediaId as string } }),
          () => send(userId, { msgtype: 'image', image: { media_id: media.media_id } }),
        );
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(
          pushOf(openid, 'image', {
            PicUrl: media.url,
            MediaId: media.media_id,
            MsgId: result.message!.msg_id!,
          }),
        );
        const file = await p.app.inject({
          method: 'GET',
          url: new URL(push.weixin.PicUrl as string).pathname,
        });
        expect(file.statusCode).toBe(200);
        expect(md5(file.rawPayload)).toBe(md5(jpeg));
        expect(result.replies.map(shown)).toEqual([
          passive({ msgtype: 'image', image: { media_id: media.media_id } }),
        ]);
      });

      it.each([
        ['with recognition', { recognition: '腾讯微信团队' }, { Recognition: '腾讯微信团队' }],
        ['with recognition on but nothing recognised', { recognition: '' }, { Recognition: '' }],
        ['without recognition', {}, {}],
      ])('voice %s: MediaId, Format and Recognition only when given', async (_name, extra, fields) => {
        const { userId, openid } = await newFollower();
        const media = await upload(userId, 'voice', {
          filename: 'voice.amr',
          contentType: 'audio/amr',
          bytes: sampleAmr(),
        });
        const { result, pushes } = await act(
          (m, res) => res.reply({ type: 'voice', content: { mediaId: m.MediaId as string } }),
          () =>
            send(userId, { msgtype: 'voice', voice: { media_id: media.media_id, format: 'amr', ...extra } }),
        );
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(
          pushOf(openid, 'voice', {
            MediaId: media.media_id,
            Format: 'amr',
            ...fields,
            MsgId: result.message!.msg_id!,
          }),
        );
        expect(result.replies.map(shown)).toEqual([
          passive({ msgtype: 'voice', voice: { media_id: media.media_id } }),
        ]);
      });

      it.each(['video', 'shortvideo'] as const)('%s: MediaId and ThumbMediaId', async (msgtype) => {
        const { userId, openid } = await newFollower();
        const video = await upload(userId, 'video', {
          filename: 'clip.mp4',
          contentType: 'video/mp4',
          bytes: sampleMp4(),
        });
        const thumb = await upload(userId, 'thumb', {
          filename: 'cover.jpg',
          contentType: 'image/jpeg',
          bytes: await sampleJpeg('#1989fa'),
        });
        const { result, pushes } = await act(
          (m, res) =>
            res.reply({
              type: 'video',
              content: { mediaId: m.MediaId as string, title: '回看', description: msgtype },
            }),
          () =>
            send(userId, {
              msgtype,
              [msgtype]: { media_id: video.media_id, thumb_media_id: thumb.media_id },
            }),
        );
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(
          pushOf(openid, msgtype, {
            MediaId: video.media_id,
            ThumbMediaId: thumb.media_id,
            MsgId: result.message!.msg_id!,
          }),
        );
        expect(result.replies.map(shown)).toEqual([
          passive({
            msgtype: 'video',
            video: { media_id: video.media_id, title: '回看', description: msgtype },
          }),
        ]);
      });
    });

    describe('delivery log', () => {
      it('logs the exchange with the SDK; a replay re-sends the same push, which the SDK parses alike', async () => {
        const { userId, openid } = await newFollower();
        let count = 0;
        const answer: Answer = (m, res) => res.reply(`第 ${++count} 次 ${m.MsgId as string}`);
        const first = await act(answer, () =>
          send(userId, { msgtype: 'text', text: { content: 'replay me' } }),
        );
        const push = expectWire(first.pushes, openid);
        const msgId = first.result.message!.msg_id!;

        const logged = await call<DeliveryView & { attempts: Attempt[] }>(
          'GET',
          `/deliveries/${first.result.delivery!.id}`,
        );
        expect(logged).toMatchObject({ outcome: 'replied', message_mode: mode, attempt_count: 1 });
        expect(logged.attempts).toHaveLength(1);
        expect(logged.attempts[0]).toMatchObject({
          attempt: 1,
          outcome: 'reply',
          request: { method: 'POST', body: push.body },
          response: { status: 200, body: push.response },
        });
        // node-webot's res.reply sets no Content-Type (A.8): the reply is read regardless.
        expect(logged.attempts[0]!.response!.headers['content-type']).toBeUndefined();

        const again = await act(answer, () =>
          call<{ delivery: DeliveryView; replies: MessageView[] }>('POST', `/deliveries/${logged.id}/replay`),
        );
        const replayed = expectWire(again.pushes, openid);
        // The same XML: same MsgId and CreateTime, so a de-duplicating developer sees a repeat.
        expect(replayed.weixin).toEqual(push.weixin);
        expect(again.result.delivery).toMatchObject({ outcome: 'replied', replay_of: logged.id });
        expect(again.result.replies.map(shown)).toEqual([
          passive({ msgtype: 'text', text: { content: `第 2 次 ${msgId}` } }),
        ]);
        const list = await call<{ items: DeliveryView[] }>(
          'GET',
          `/accounts/${appid}/deliveries?openid=${openid}`,
        );
        expect(list.items.map((d) => d.id).slice(0, 2)).toEqual([again.result.delivery.id, logged.id]);
      });
    });

    describe('subscription events', () => {
      it('subscribe: a plain follow has no EventKey value and no Ticket; the welcome text is shown', async () => {
        const userId = await newUser();
        const { result, pushes } = await act(
          (_m, res) => res.reply('欢迎关注'),
          () => call<FollowResult>('PUT', `/users/${userId}/follows/${appid}`, {}),
        );
        const openid = result.follower.openid;
        expect(openid).toMatch(OPENID);
        const push = expectWire(pushes, openid);
        expect(eventSeen(push.weixin)).toEqual(pushOf(openid, 'event', { Event: 'subscribe' }));
        expect(result.event).toBe('subscribe');
        expect(result.result!.replies.map(shown)).toEqual([
          passive({ msgtype: 'text', text: { content: '欢迎关注' } }),
        ]);
        expect((await conversation(userId)).map(shown)).toEqual([
          passive({ msgtype: 'text', text: { content: '欢迎关注' } }),
        ]);
      });

      it.each([
        ['an integer scene', { qr_scene: 123 }, 'qrscene_123'],
        ['a string scene', { qr_scene_str: 'spring_promo' }, 'qrscene_spring_promo'],
      ])(
        'subscribe through a QR code with %s: EventKey qrscene_… and Ticket; news shows 8 of 10',
        async (_name, scene, eventKey) => {
          const userId = await newUser();
          const ticket =
            'gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2taZ2Z3TVRtNzJXV1Brb3ZhYmJJAAIEZ23sUwMEmm3sUw==';
          const { result, pushes } = await act(
            (_m, res) => res.reply(ARTICLES.slice(0, 10)),
            () => call<FollowResult>('PUT', `/users/${userId}/follows/${appid}`, { ...scene, ticket }),
          );
          const openid = result.follower.openid;
          const push = expectWire(pushes, openid);
          expect(push.weixin).toEqual(
            pushOf(openid, 'event', { Event: 'subscribe', EventKey: eventKey, Ticket: ticket }),
          );
          expect(result.result!.replies.map(shown)).toEqual([
            passive({ msgtype: 'news', news: { articles: ARTICLES.slice(0, 8) } }),
          ]);
        },
      );

      it.each([
        ['an integer scene', { qr_scene: 2024 }, '2024'],
        ['a string scene', { qr_scene_str: 'table_7' }, 'table_7'],
      ])(
        'SCAN by a follower with %s: EventKey without prefix, and Ticket',
        async (_name, scene, eventKey) => {
          const { userId, openid } = await newFollower();
          const { result, pushes } = await act(
            (_m, res) => res.reply({ type: 'image', content: { mediaId: 'SCAN_IMG_1' } }),
            () =>
              call<FollowResult>('PUT', `/users/${userId}/follows/${appid}`, {
                ...scene,
                ticket: 'TICKET_SCAN',
              }),
          );
          const push = expectWire(pushes, openid);
          expect(push.weixin).toEqual(
            pushOf(openid, 'event', { Event: 'SCAN', EventKey: eventKey, Ticket: 'TICKET_SCAN' }),
          );
          expect(result.event).toBe('SCAN');
          expect(result.result!.replies.map(shown)).toEqual([
            passive({ msgtype: 'image', image: { media_id: 'SCAN_IMG_1' } }),
          ]);
        },
      );

      it('unsubscribe: the event arrives, its reply reaches no one; a return keeps the openid', async () => {
        const { userId, openid } = await newFollower();
        const before = await conversation(userId);
        const { result, pushes } = await act(
          (_m, res) => res.reply('再见'),
          () =>
            call<{ follower: { subscribed: boolean }; result: Dispatch }>(
              'DELETE',
              `/users/${userId}/follows/${appid}`,
            ),
        );
        const push = expectWire(pushes, openid);
        expect(eventSeen(push.weixin)).toEqual(pushOf(openid, 'event', { Event: 'unsubscribe' }));
        expect(result.follower.subscribed).toBe(false);
        expect(result.result.replies).toEqual([]);
        expect(await conversation(userId)).toEqual(before);

        const { result: back, pushes: again } = await act(noReply, () =>
          call<FollowResult>('PUT', `/users/${userId}/follows/${appid}`, {}),
        );
        expect(back.follower.openid).toBe(openid);
        expect(eventSeen(expectWire(again, openid).weixin)).toEqual(
          pushOf(openid, 'event', { Event: 'subscribe' }),
        );
      });
    });

    describe('LOCATION', () => {
      it('is pushed only while location reporting is on: Latitude/Longitude/Precision', async () => {
        const { userId, openid } = await newFollower();
        const report = { latitude: 23.137466, longitude: 113.352425, precision: 119.385 };
        await call('PATCH', `/accounts/${appid}`, { location_report: 0 });
        const off = await act(noReply, () =>
          call<{ pushed: boolean }>('POST', `/users/${userId}/accounts/${appid}/location`, report),
        );
        expect(off.result.pushed).toBe(false);
        expect(off.pushes).toEqual([]);

        await call('PATCH', `/accounts/${appid}`, { location_report: 1 });
        const { result, pushes } = await act(
          (m, res) => res.reply(`lat ${m.Latitude as string}`),
          () =>
            call<{ pushed: boolean; result: Dispatch }>(
              'POST',
              `/users/${userId}/accounts/${appid}/location`,
              report,
            ),
        );
        expect(result.pushed).toBe(true);
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(
          pushOf(openid, 'event', {
            Event: 'LOCATION',
            Latitude: '23.137466',
            Longitude: '113.352425',
            Precision: '119.385',
          }),
        );
        expect(result.result.replies.map(shown)).toEqual([
          passive({ msgtype: 'text', text: { content: 'lat 23.137466' } }),
        ]);
      });
    });

    describe('menu events', () => {
      it.each(MENU_EVENTS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const { userId, openid } = await newFollower();
        const { result, pushes } = await act(c.answer, () =>
          call<{ event: Dispatch; messages: Dispatch[] }>(
            'POST',
            `/users/${userId}/accounts/${appid}/menu-events`,
            c.body,
          ),
        );
        const push = expectWire(pushes, openid);
        expect(push.weixin).toEqual(pushOf(openid, 'event', { Event: c.body.event as string, ...c.fields }));
        expect(result.event.replies.map(shown)).toEqual(c.shows ? [passive(c.shows)] : []);
        expect(result.messages).toEqual([]);
      });

      it.each([
        ['pic_sysphoto', 2],
        ['pic_photo_or_album', 3],
        ['pic_weixin', 1],
      ] as const)(
        '%s with %i picture(s): SendPicsInfo with a PicMd5Sum each, then each picture as an image message',
        async (event, count) => {
          const { userId, openid } = await newFollower();
          const pictures = await Promise.all(
            ['#e64340', '#07c160', '#1989fa'].slice(0, count).map((colour) => sampleJpeg(colour)),
          );
          const media: { media_id: string; url: string }[] = [];
          for (const [i, bytes] of pictures.entries())
            media.push(
              await upload(userId, 'image', { filename: `p${i}.jpg`, contentType: 'image/jpeg', bytes }),
            );
          const { result, pushes } = await act(
            (m, res) => res.reply(m.MsgType === 'image' ? `图 ${m.MediaId as string}` : ''),
            () =>
              call<{ event: Dispatch; messages: Dispatch[] }>(
                'POST',
                `/users/${userId}/accounts/${appid}/menu-events`,
                {
                  event,
                  key: 'rselfmenu_1_0',
                  media_ids: media.map((m) => m.media_id),
                },
              ),
          );
          expect(pushes).toHaveLength(1 + count);
          const [eventPush, ...imagePushes] = pushes.map((push) => expectSigned(push, openid));
          const items = pictures.map((bytes) => ({ PicMd5Sum: md5(bytes) }));
          // xml2js: one <item> is an object, several an array (wechatpy keys on Count).
          expect(eventPush!.weixin).toEqual(
            pushOf(openid, 'event', {
              Event: event,
              EventKey: 'rselfmenu_1_0',
              SendPicsInfo: { Count: String(count), PicList: { item: count === 1 ? items[0]! : items } },
            }),
          );
          expect(imagePushes.map((push) => push.weixin)).toEqual(
            media.map((m, i) =>
              pushOf(openid, 'image', {
                PicUrl: m.url,
                MediaId: m.media_id,
                MsgId: result.messages[i]!.message!.msg_id!,
              }),
            ),
          );
          expect(result.event.replies).toEqual([]);
          expect(result.messages.map((m) => m.replies.map(shown))).toEqual(
            media.map((m) => [passive({ msgtype: 'text', text: { content: `图 ${m.media_id}` } })]),
          );
        },
      );

      it('a news reply over 10 articles: WeChat shows nothing, not even the service notice', async () => {
        const { userId, openid } = await newFollower();
        const { result, pushes } = await act(
          (_m, res) => res.reply(ARTICLES),
          () =>
            call<{ event: Dispatch }>('POST', `/users/${userId}/accounts/${appid}/menu-events`, {
              event: 'CLICK',
              key: 'MANY',
            }),
        );
        expectWire(pushes, openid);
        expect(result.event.replies).toEqual([]);
        expect(result.event.delivery!.outcome).toBe('failed');
        expect(await conversation(userId)).toEqual([]);
      });
    });

    if (mode === 'safe') {
      describe('independent vectors on a captured push and a hand-built reply', () => {
        it('the captured push decrypts and verifies with the vectors method', async () => {
          const { userId, openid } = await newFollower();
          const { result, pushes } = await act(noReply, () =>
            send(userId, { msgtype: 'text', text: { content: '加密 ]]> test' } }),
          );
          const [push] = pushes;
          expect(pushes).toHaveLength(1);
          const encrypt = element(push!.body, 'Encrypt')!;
          expect(encrypt).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
          const { timestamp, nonce, msg_signature: msgSignature, signature } = push!.query;
          expect(signature).toBe(sha1Sorted(TOKEN, timestamp!, nonce!));
          expect(msgSignature).toBe(sha1Sorted(TOKEN, timestamp!, nonce!, encrypt));

          // IV = key[0:16]: with CBC a different IV would only change the first,
          // random, block, so the rest is what decrypting with key[0:16] proves;
          // the vectors above pin the IV itself (their random16 comes back).
          const opened = decryptForWechat(AES_KEY, encrypt);
          expect(opened.ciphertextBytes % 32).toBe(0);
          expect(opened.pad).toBeGreaterThanOrEqual(1);
          expect(opened.pad).toBeLessThanOrEqual(32);
          expect([...opened.padBytes]).toEqual(Array<number>(opened.pad).fill(opened.pad));
          expect(opened.appid).toBe(appid);
          const delivery = await call<DeliveryView>('GET', `/deliveries/${result.delivery!.id}`);
          expect(opened.xml).toBe(delivery.request_xml);
          expect(element(opened.xml, 'FromUserName')).toBe(openid);
          expect(element(opened.xml, 'Content')!.replaceAll(']]]]><![CDATA[>', ']]>')).toBe('加密 ]]> test');
        });

        /** An encrypted reply as node-webot builds it, with this test's own crypto. */
        function envelope(
          openid: string,
          content: string,
          overrides: { appid?: string; sign?: (ts: string, nonce: string, encrypt: string) => string } = {},
        ): string {
          const now = Date.now();
          const xml =
            `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${account.original_id}]]></FromUserName>` +
            `<CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content></xml>`;
          const encrypt = encryptForWechat(AES_KEY, overrides.appid ?? appid, xml);
          const timeStamp = String(now); // milliseconds, as node-webot sends
          const nonce = String(randomInt(1, 100_000_000_000)); // numeric, as node-webot's
          const sign = overrides.sign ?? ((ts, n, e) => sha1Sorted(TOKEN, ts, n, e));
          return (
            `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${sign(timeStamp, nonce, encrypt)}]]></MsgSignature>` +
            `<TimeStamp>${timeStamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
          );
        }

        const answerWith =
          (body: (openid: string) => string): Answer =>
          (m, res) => {
            res.writeHead(200);
            res.end(body(m.FromUserName as string));
          };

        it('accepts a reply encrypted here, signed over a millisecond TimeStamp and a numeric Nonce', async () => {
          const { userId, openid } = await newFollower();
          const { result } = await act(
            answerWith((to) => envelope(to, '手工加密的回复')),
            () => send(userId, { msgtype: 'text', text: { content: 'hand-built' } }),
          );
          expect(result.delivery).toMatchObject({ outcome: 'replied', error: null });
          expect(result.replies.map(shown)).toEqual([
            passive({ msgtype: 'text', text: { content: '手工加密的回复' } }),
          ]);
          expect(element(result.delivery!.reply_xml!, 'ToUserName')).toBe(openid);
        });

        it.each([
          [
            'signed over seconds while TimeStamp says milliseconds',
            { sign: (ts: string, n: string, e: string) => sha1Sorted(TOKEN, ts.slice(0, 10), n, e) },
          ],
          ['another appid in the trailer', { appid: 'wx0000000000000000' }],
        ])(
          'refuses a hand-built reply %s: the follower sees the service notice',
          async (_name, overrides) => {
            const { userId } = await newFollower();
            const { result } = await act(
              answerWith((to) => envelope(to, 'nope', overrides)),
              () => send(userId, { msgtype: 'text', text: { content: 'hand-built, broken' } }),
            );
            expect(result.delivery!.outcome).toBe('failed');
            expect(result.replies.map(shown)).toEqual([
              {
                direction: 'out',
                source: 'system_notice',
                msgtype: 'notice',
                notice: { content: '该公众号暂时无法提供服务，请稍后再试' },
              },
            ]);
          },
        );
      });
    }
  });
});

describe.each(DIALECTS)('retries to the node-webot middleware, on %s', (dialect) => {
  const TIMEOUT_MS = 300;
  let p: TestPlatform;
  let dev: DeveloperServer;
  let appid: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect, { callbackTimeoutMs: TIMEOUT_MS, callbackTries: 3 });
    appid = (await buildAccount(p.ctx)).appid;
    dev = await startDeveloperServer(TOKEN);
    const res = await p.app.inject({
      method: 'PUT',
      url: `/gz/v1/accounts/${appid}/developer`,
      headers: p.adminHeaders,
      payload: { url: dev.url, token: TOKEN, message_mode: 'plaintext', enabled: true },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  async function call<T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, status = 200) {
    const res = await p.app.inject({ method, url: `/gz/v1${url}`, headers: p.adminHeaders, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json<T>();
  }

  it('a push the SDK leaves unanswered is retried byte for byte; the third try’s reply is shown', async () => {
    const user = await call<{ id: string }>('POST', '/users', { nickname: 'slow developer' }, 201);
    await call('PUT', `/users/${user.id}/follows/${appid}`, {});
    let tries = 0;
    // Holding the response past the deadline is what a slow developer does; node-webot has no dedup.
    dev.answer = (m, res) => {
      if (++tries < 3) return;
      res.reply(`第 ${tries} 次 ${m.MsgId as string}`);
    };
    const from = dev.hits.length;
    const result = await call<Dispatch>('POST', `/users/${user.id}/accounts/${appid}/messages`, {
      msgtype: 'text',
      text: { content: 'are you there?' },
    });
    dev.answer = noReply;
    const pushes = dev.hits.slice(from);
    expect(pushes).toHaveLength(3);
    const [first, ...retries] = pushes;
    for (const retry of retries) {
      expect(retry.query).toEqual(first!.query);
      expect(retry.body).toBe(first!.body);
      expect(retry.weixin).toEqual(first!.weixin);
    }
    expect(first!.weixin).toMatchObject({ MsgType: 'text', MsgId: result.message!.msg_id });
    expect(result.delivery).toMatchObject({ outcome: 'replied', attempt_count: 3 });
    const logged = await call<{ attempts: Attempt[] }>('GET', `/deliveries/${result.delivery!.id}`);
    expect(logged.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout', 'reply']);
    expect(result.replies.map(shown)).toEqual([
      passive({ msgtype: 'text', text: { content: `第 3 次 ${result.message!.msg_id}` } }),
    ]);
  });
});
