/**
 * A user scans a parametric code through our follower API (spec §4.1,
 * §11.3), end to end: the code comes from qrcode/create, its PNG from
 * showqrcode, the "camera" is jsQR (the test's, and the platform's when the
 * picture itself is uploaded), and a real developer server receives
 * `subscribe` with `qrscene_` + Ticket for a new follower and `SCAN` for a
 * current one. Scan and follow counts show on the account's code list.
 */
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { parseXml, xmlText } from '../../src/server/wechat/xml.ts';
import type { FollowBody, PageBody } from '../helpers/api-types.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildUser, fetchToken, ownApi, type ApiError } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import { decodeQr, type CreatedQr } from './helpers.ts';

const TOKEN = 'gongzhongqrtest';

interface QrcodeBody {
  ticket: string;
  action_name: string;
  permanent: boolean;
  scene_id: number | null;
  scene_str: string | null;
  url: string;
  image_url: string;
  expire_seconds: number | null;
  expires_at: number | null;
  expired: boolean;
  scan_count: number;
  subscribe_count: number;
  created_at: number;
}

interface ScanBody extends FollowBody {
  qrcode: QrcodeBody;
}

describe.each(DIALECTS)('scanning parametric QR codes on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;
  let account: AccountsTable;
  let token: string;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    dev = await startDeveloperServer(TOKEN);
    account = await buildAccount(p.ctx);
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: TOKEN,
      message_mode: 'plaintext',
      enabled: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Saving the URL ran WeChat's echostr check: only pushes count from here on.
    dev.received.length = 0;
    token = await fetchToken(p, account);
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });
  afterEach(() => {
    dev.received.length = 0;
    p.ctx.clock.setOffset(0);
  });

  async function createCode(body: object): Promise<CreatedQr> {
    const res = await p.app.inject({
      method: 'POST',
      url: `/cgi-bin/qrcode/create?access_token=${token}`,
      payload: body,
    });
    const created = res.json<CreatedQr & { errcode?: number }>();
    expect(created.errcode, res.body).toBeUndefined();
    return created;
  }

  async function image(ticket: string): Promise<Buffer> {
    const res = await p.app.inject({ url: `/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}` });
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  }

  async function scan(userId: string, body: object) {
    return ownApi<ScanBody>(p, 'POST', `/users/${userId}/scans`, body);
  }

  async function scanPicture(userId: string, picture: Buffer, contentType = 'image/png') {
    const res = await p.app.inject({
      method: 'POST',
      url: `/gz/v1/users/${userId}/scans`,
      headers: { ...p.adminHeaders, 'content-type': contentType },
      payload: picture,
    });
    return { status: res.statusCode, body: res.json<ScanBody & ApiError>() };
  }

  /** The one push the developer server got since the last check, as fields. */
  function lastPush(): Record<string, string | undefined> {
    expect(dev.received).toHaveLength(1);
    const xml = parseXml(dev.received[0]!.body);
    dev.received.length = 0;
    const field = (name: string) => xmlText(xml, name);
    return {
      MsgType: field('MsgType'),
      Event: field('Event'),
      EventKey: field('EventKey'),
      Ticket: field('Ticket'),
      FromUserName: field('FromUserName'),
      ToUserName: field('ToUserName'),
    };
  }

  async function listCodes(query = '') {
    return ownApi<PageBody<QrcodeBody>>(p, 'GET', `/accounts/${account.appid}/qrcodes${query}`);
  }

  it('a new follower scanning the served PNG follows with subscribe + qrscene_ + Ticket; scanning again sends SCAN', async () => {
    const code = await createCode({
      expire_seconds: 3600,
      action_name: 'QR_SCENE',
      action_info: { scene: { scene_id: 123 } },
    });
    const png = await image(code.ticket);
    // The phone's camera: the image decodes to the url qrcode/create gave.
    const seen = await decodeQr(png);
    expect(seen).toBe(code.url);

    const user = await buildUser(p);
    const first = await scan(user.id, { url: seen! });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.event).toBe('subscribe');
    expect(first.body.follower).toMatchObject({
      subscribed: true,
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 123,
      qr_scene_str: null,
    });
    const openid = first.body.follower.openid;
    expect(lastPush()).toEqual({
      MsgType: 'event',
      Event: 'subscribe',
      EventKey: 'qrscene_123',
      Ticket: code.ticket,
      FromUserName: openid,
      ToUserName: account.original_id,
    });
    expect(first.body.qrcode).toMatchObject({ ticket: code.ticket, scan_count: 1, subscribe_count: 1 });

    // The developer sees the scene on the follower too (user/info).
    const info = await p.app.inject({ url: `/cgi-bin/user/info?access_token=${token}&openid=${openid}` });
    expect(info.json()).toMatchObject({
      subscribe: 1,
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 123,
      qr_scene_str: '',
    });

    // Scanned again by ticket: already following, so SCAN with the bare scene.
    const second = await scan(user.id, { ticket: code.ticket });
    expect(second.body.event).toBe('SCAN');
    expect(lastPush()).toEqual({
      MsgType: 'event',
      Event: 'SCAN',
      EventKey: '123',
      Ticket: code.ticket,
      FromUserName: openid,
      ToUserName: account.original_id,
    });
    expect(second.body.qrcode).toMatchObject({ scan_count: 2, subscribe_count: 1 });
  });

  it('uploading the picture scans it (raw PNG, raw JPEG, multipart), with string scenes', async () => {
    const code = await createCode({
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: 'poster-42' } },
    });
    const png = await image(code.ticket);

    const newcomer = await buildUser(p);
    const followed = await scanPicture(newcomer.id, png);
    expect(followed.status, JSON.stringify(followed.body)).toBe(200);
    expect(followed.body.event).toBe('subscribe');
    expect(followed.body.follower).toMatchObject({ qr_scene: null, qr_scene_str: 'poster-42' });
    expect(lastPush()).toMatchObject({
      Event: 'subscribe',
      EventKey: 'qrscene_poster-42',
      Ticket: code.ticket,
    });

    // A photo-like JPEG of the same code, bigger and compressed.
    const jpeg = await sharp(png)
      .resize(900)
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 70 })
      .toBuffer();
    const scanned = await scanPicture(newcomer.id, jpeg, 'image/jpeg');
    expect(scanned.body.event).toBe('SCAN');
    expect(lastPush()).toMatchObject({ Event: 'SCAN', EventKey: 'poster-42', Ticket: code.ticket });

    // The follower client's form upload.
    const boundary = 'gzqrboundary';
    const form = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="code.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const viaForm = await scanPicture(newcomer.id, form, `multipart/form-data; boundary=${boundary}`);
    expect(viaForm.status, JSON.stringify(viaForm.body)).toBe(200);
    expect(viaForm.body.event).toBe('SCAN');
    expect(viaForm.body.qrcode).toMatchObject({ scan_count: 3, subscribe_count: 1 });
    dev.received.length = 0;
  });

  it('a returning follower follows again through the code; pictures without a code are 422', async () => {
    const code = await createCode({ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 9 } } });
    const user = await buildUser(p);
    expect((await scan(user.id, { ticket: code.ticket })).body.event).toBe('subscribe');
    expect((await ownApi(p, 'DELETE', `/users/${user.id}/follows/${account.appid}`)).status).toBe(200);
    dev.received.length = 0;
    const back = await scan(user.id, { url: code.url });
    expect(back.body.event).toBe('subscribe');
    expect(lastPush()).toMatchObject({ Event: 'subscribe', EventKey: 'qrscene_9', Ticket: code.ticket });
    expect(back.body.qrcode).toMatchObject({ scan_count: 2, subscribe_count: 2 });

    const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const unreadable = await scanPicture(user.id, blank);
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.code).toBe('QRCODE_IMAGE_UNREADABLE');
    const garbage = await scanPicture(user.id, Buffer.from('not an image at all'));
    expect(garbage.status).toBe(422);
    expect(dev.received).toHaveLength(0);
  });

  it('unknown, foreign and expired codes are 404 and send nothing; bad bodies are 400', async () => {
    const user = await buildUser(p);
    for (const body of [
      { ticket: 'bm8gc3VjaCB0aWNrZXQ=' },
      { url: 'http://weixin.qq.com/q/doesnotexist0000000000' },
      { url: 'https://example.com/q/abc' },
      { url: 'not a url' },
    ]) {
      const res = await scan(user.id, body);
      expect(res.status, JSON.stringify(body)).toBe(404);
      expect((res.body as unknown as ApiError).code).toBe('QRCODE_NOT_FOUND');
    }
    // A picture of some other QR code (not a parametric code) is not one of ours.
    const other = await QRCode.toBuffer('https://example.com/hello', { type: 'png', width: 300 });
    const foreign = await scanPicture(user.id, other);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('QRCODE_NOT_FOUND');

    const temporary = await createCode({
      expire_seconds: 120,
      action_name: 'QR_SCENE',
      action_info: { scene: { scene_id: 77 } },
    });
    p.ctx.clock.setOffset(121_000);
    const expired = await scan(user.id, { ticket: temporary.ticket });
    expect(expired.status).toBe(404);
    expect((expired.body as unknown as ApiError).code).toBe('QRCODE_NOT_FOUND');
    expect((await scan(user.id, { url: temporary.url })).status).toBe(404);

    expect((await scan(user.id, {})).status).toBe(400);
    expect((await scan(user.id, { ticket: temporary.ticket, url: temporary.url })).status).toBe(400);
    expect((await scan(user.id, { ticket: temporary.ticket, extra: 1 })).status).toBe(400);
    expect((await scan('usr_nobody', { ticket: temporary.ticket })).status).toBe(404);
    expect(dev.received).toHaveLength(0);
  });

  it("lists the account's codes newest first with counts, paged, and only its own", async () => {
    const fresh = await buildAccount(p.ctx);
    const freshToken = await fetchToken(p, fresh);
    const made: CreatedQr[] = [];
    for (const scene of [1, 2, 3]) {
      // A second apart: codes made in one millisecond list in ticket order, not creation order.
      p.ctx.clock.setOffset(scene * 1000);
      const res = await p.app.inject({
        method: 'POST',
        url: `/cgi-bin/qrcode/create?access_token=${freshToken}`,
        payload: { expire_seconds: 60, action_name: 'QR_SCENE', action_info: { scene: { scene_id: scene } } },
      });
      made.push(res.json<CreatedQr>());
    }
    const user = await buildUser(p);
    await ownApi(p, 'POST', `/users/${user.id}/scans`, { ticket: made[1]!.ticket });

    const list = (q: string) =>
      ownApi<PageBody<QrcodeBody>>(p, 'GET', `/accounts/${fresh.appid}/qrcodes${q}`);
    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.items.map((c) => c.scene_id)).toEqual([3, 2, 1]);
    expect(all.body.next_cursor).toBeNull();
    expect(all.body.items[1]).toMatchObject({
      ticket: made[1]!.ticket,
      action_name: 'QR_SCENE',
      permanent: false,
      url: made[1]!.url,
      expire_seconds: 60,
      expired: false,
      scan_count: 1,
      subscribe_count: 1,
    });
    expect(all.body.items[1]!.image_url).toMatch(/\/cgi-bin\/showqrcode\?ticket=[A-Za-z0-9%]+$/);

    const page1 = await list('?limit=2');
    expect(page1.body.items.map((c) => c.scene_id)).toEqual([3, 2]);
    const page2 = await list(`?limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body.items.map((c) => c.scene_id)).toEqual([1]);
    expect(page2.body.next_cursor).toBeNull();

    p.ctx.clock.setOffset(64_000);
    expect((await list('')).body.items.every((c) => c.expired)).toBe(true);
    expect((await list('?cursor=garbage')).status).toBe(400);
    expect((await ownApi(p, 'GET', '/accounts/wxnotanaccount/qrcodes')).status).toBe(404);
    // The first suite account's codes are not in the fresh account's list.
    expect((await listCodes()).body.items.every((c) => !made.some((m) => m.ticket === c.ticket))).toBe(true);
  });
});
