/**
 * Menus on our own API, both dialects: the console reads, replaces and
 * deletes an account's menus; each follower sees the menu WeChat would show
 * them; pressing a stored button by its path sends that button's event to a
 * real developer server (MenuId for conditional menus) and hands the
 * follower what opens; material buttons send or open the material with no
 * push, as WeChat does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { parseXml, type ParsedXml } from '../../src/server/wechat/xml.ts';
import { startDeveloperServer, type DeveloperServer } from '../helpers/developer-server.ts';
import { buildAccount, buildFollower, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import {
  buildMaterials,
  buildPhoneFollower,
  DEFAULT_MENU,
  markedMenu,
  tagFollower,
} from './menu-fixtures.ts';

const TOKEN = 'menutest';

interface MenusBody {
  menu: { menuid: number; kind: string; button: unknown[]; matchrule: null } | null;
  conditional_menus: { menuid: number; kind: string; button: { name: string }[]; matchrule: object }[];
}

interface VisibleButton {
  name: string;
  type?: string;
  path: number[];
  menu_id: number;
  sub_button?: VisibleButton[];
}

interface VisibleBody {
  menuid: number | null;
  kind: string | null;
  button: VisibleButton[];
}

interface PressBody {
  event: { delivery: { outcome: string } | null } | null;
  messages: unknown[];
  replies: Record<string, unknown>[];
  open: Record<string, string> | null;
}

describe.each(DIALECTS)('menus for followers on %s', (dialect) => {
  let p: TestPlatform;
  let dev: DeveloperServer;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    dev = await startDeveloperServer(TOKEN);
  });
  afterAll(async () => {
    await dev.close();
    await p.close();
  });

  async function developerAccount(): Promise<AccountsTable> {
    const account = await buildAccount(p.ctx);
    const saved = await ownApi(p, 'PUT', `/accounts/${account.appid}/developer`, {
      url: dev.url,
      token: TOKEN,
    });
    expect(saved.status).toBe(200);
    return account;
  }

  function pushesSince(from: number): ParsedXml[] {
    return dev.received
      .slice(from)
      .filter((r) => r.method === 'POST')
      .map((r) => parseXml(r.body));
  }

  const visible = (userId: string, appid: string) =>
    ownApi<VisibleBody>(p, 'GET', `/users/${userId}/accounts/${appid}/menu`);
  const press = (userId: string, appid: string, body: object) =>
    ownApi<PressBody>(p, 'POST', `/users/${userId}/accounts/${appid}/menu-events`, body);

  it('the console replaces, reads and deletes menus with the Open API rules', async () => {
    const account = await buildAccount(p.ctx);
    const empty = await ownApi<MenusBody>(p, 'GET', `/accounts/${account.appid}/menus`);
    expect(empty).toEqual({ status: 200, body: { menu: null, conditional_menus: [] } });

    const saved = await ownApi<MenusBody>(p, 'PUT', `/accounts/${account.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: [
        { ...markedMenu('first'), matchrule: { tag_id: 100 } },
        { ...markedMenu('second'), matchrule: { client_platform_type: '2' } },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.menu).toMatchObject({ kind: 'default', matchrule: null, button: DEFAULT_MENU.button });
    expect(saved.body.conditional_menus.map((m) => [m.button[0]!.name, m.matchrule])).toEqual([
      ['first', { tag_id: '100' }],
      ['second', { client_platform_type: '2' }],
    ]);
    expect(await ownApi(p, 'GET', `/accounts/${account.appid}/menus`)).toEqual(saved);

    const bad = await ownApi(p, 'PUT', `/accounts/${account.appid}/menus`, {
      button: [{ type: 'click', name: '一二三四五六', key: 'K' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MENU_BUTTON_NAME_SIZE');
    const privacy = await ownApi(p, 'PUT', `/accounts/${account.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: [{ ...markedMenu('x'), matchrule: { sex: '1' } }],
    });
    expect(privacy.body.code).toBe('MATCHRULE_PRIVACY');
    const domains = await ownApi(p, 'PUT', `/accounts/${account.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: ['a.example', 'b.example', 'c.example', 'd.example'].map((host) => ({
        button: [{ type: 'view', name: host, url: `https://${host}/` }],
        matchrule: { tag_id: 1 },
      })),
    });
    expect([domains.status, domains.body.code]).toEqual([400, 'MENU_URL_DOMAINS']);
    const material = await ownApi(p, 'PUT', `/accounts/${account.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: [
        { ...markedMenu('x'), matchrule: { tag_id: 1 } },
        { button: [{ type: 'media_id', name: 'm', media_id: 'NOSUCH' }], matchrule: { tag_id: 2 } },
      ],
    });
    expect([material.status, material.body.code]).toEqual([400, 'MENU_MEDIA_INVALID']);
    expect(material.body.message).toMatch(/: conditional_menus\[1\]\.button\[0\]\.media_id "NOSUCH"/);
    // A refused save changes nothing.
    expect(await ownApi(p, 'GET', `/accounts/${account.appid}/menus`)).toEqual(saved);

    expect((await ownApi(p, 'DELETE', `/accounts/${account.appid}/menus`)).status).toBe(204);
    expect((await ownApi<MenusBody>(p, 'GET', `/accounts/${account.appid}/menus`)).body.menu).toBeNull();
    expect((await ownApi(p, 'GET', '/accounts/wxnosuchaccount00/menus')).body.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('shows each follower the menu they would see, with paths and menu ids', async () => {
    const account = await buildAccount(p.ctx);
    const ios = await buildPhoneFollower(p, account, 'ios');
    const tagged = await buildPhoneFollower(p, account, 'android');
    const plain = await buildPhoneFollower(p, account, 'android');
    const gone = await buildFollower(p.ctx, account, { subscribed: false });
    expect((await visible(plain.user.id, account.appid)).body).toEqual({
      menuid: null,
      kind: null,
      matchrule: null,
      button: [],
    });

    await tagFollower(p, account, tagged.follower, 100, 1_000);
    const saved = await ownApi<MenusBody>(p, 'PUT', `/accounts/${account.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: [
        { ...markedMenu('vip'), matchrule: { tag_id: '100' } },
        { ...markedMenu('ios'), matchrule: { client_platform_type: '1' } },
      ],
    });
    const [vip, iosMenu] = saved.body.conditional_menus;

    const seenByPlain = (await visible(plain.user.id, account.appid)).body;
    expect(seenByPlain.kind).toBe('default');
    expect(seenByPlain.menuid).toBe(saved.body.menu!.menuid);
    expect(seenByPlain.button[1]).toMatchObject({
      name: '菜单',
      path: [1],
      menu_id: saved.body.menu!.menuid,
      sub_button: [
        { type: 'view', path: [1, 0] },
        { type: 'miniprogram', path: [1, 1] },
        { type: 'click', path: [1, 2] },
      ],
    });
    expect((await visible(tagged.user.id, account.appid)).body).toMatchObject({
      kind: 'conditional',
      menuid: vip!.menuid,
      matchrule: { tag_id: '100' },
      button: [{ name: 'vip', path: [0], menu_id: vip!.menuid }],
    });
    expect((await visible(ios.user.id, account.appid)).body.menuid).toBe(iosMenu!.menuid);
    const notFollowing = await visible(gone.user.id, account.appid);
    expect([notFollowing.status, notFollowing.body]).toMatchObject([409, { code: 'NOT_FOLLOWING' }]);
  });

  it('pressing a stored VIEW button sends the VIEW event (MenuId only from a conditional menu) and opens the url', async () => {
    const account = await developerAccount();
    const tagged = await buildPhoneFollower(p, account, 'android');
    const plain = await buildPhoneFollower(p, account, 'android');
    await tagFollower(p, account, tagged.follower, 100, 1_000);
    const saved = await ownApi<MenusBody>(p, 'PUT', `/accounts/${account.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: [{ ...markedMenu('vip'), matchrule: { tag_id: '100' } }],
    });
    const vipMenuid = saved.body.conditional_menus[0]!.menuid;

    const from = dev.received.length;
    const fromVip = await press(tagged.user.id, account.appid, { button: [0] });
    expect(fromVip.status).toBe(200);
    expect(fromVip.body.open).toEqual({ url: 'https://example.com/vip' });
    expect(fromVip.body.event?.delivery?.outcome).toBe('no_reply');
    const fromDefault = await press(plain.user.id, account.appid, { button: [1, 0] });
    expect(fromDefault.body.open).toEqual({ url: 'http://www.soso.com/' });

    const [vipPush, defaultPush] = pushesSince(from);
    expect(vipPush).toMatchObject({
      MsgType: 'event',
      Event: 'VIEW',
      EventKey: 'https://example.com/vip',
      MenuId: String(vipMenuid),
      FromUserName: tagged.follower.openid,
    });
    expect(defaultPush).toMatchObject({ Event: 'VIEW', EventKey: 'http://www.soso.com/' });
    expect(defaultPush).not.toHaveProperty('MenuId');

    const log = await ownApi<{ items: { type: string; detail: Record<string, unknown> }[] }>(
      p,
      'GET',
      `/events?appid=${account.appid}`,
    );
    expect(log.body.items.filter((e) => e.type === 'menu').map((e) => e.detail)).toEqual([
      { event: 'VIEW', url: 'https://example.com/vip', menu_id: vipMenuid, button: [0], menuid: vipMenuid },
      { event: 'VIEW', url: 'http://www.soso.com/', button: [1, 0], menuid: saved.body.menu!.menuid },
    ]);
  });

  it('fills every pressable button type from the stored menu', async () => {
    const account = await developerAccount();
    const { user, follower } = await buildPhoneFollower(p, account, 'ios');
    const conditional = await ownApi<MenusBody>(p, 'PUT', `/accounts/${account.appid}/menus`, {
      button: [{ type: 'click', name: 'default', key: 'DEFAULT' }],
      conditional_menus: [
        {
          matchrule: { client_platform_type: '1' },
          button: [
            { type: 'click', name: '点击', key: 'V1001_GOOD' },
            {
              name: '扫码',
              sub_button: [
                { type: 'scancode_push', name: '扫码推事件', key: 'rselfmenu_0_1' },
                { type: 'location_select', name: '发送位置', key: 'rselfmenu_2_0' },
                { type: 'article_id', name: '文章', article_id: 'ARTICLE_1' },
              ],
            },
            {
              type: 'miniprogram',
              name: 'wxa',
              url: 'http://mp.weixin.qq.com',
              appid: 'wx286b93c14bbf93aa',
              pagepath: 'pages/lunar/index',
            },
          ],
        },
      ],
    });
    const menuid = conditional.body.conditional_menus[0]!.menuid;
    const from = dev.received.length;

    expect((await press(user.id, account.appid, { button: [0] })).body.open).toBeNull();
    const scan = await press(user.id, account.appid, {
      button: [1, 0],
      scan_result: 'https://gz.example/qr',
    });
    expect(scan.status).toBe(200);
    const place = { latitude: 23.137466, longitude: 113.352425, label: '广州市海珠区' };
    expect((await press(user.id, account.appid, { button: [1, 1], location: place })).status).toBe(200);
    const mini = await press(user.id, account.appid, { button: [2] });
    expect(mini.body.open).toEqual({
      pagepath: 'pages/lunar/index',
      appid: 'wx286b93c14bbf93aa',
      url: 'http://mp.weixin.qq.com',
    });
    // An article button pushes nothing: WeChat itself shows the article.
    const article = await press(user.id, account.appid, { button: [1, 2] });
    expect(article.body).toEqual({
      event: null,
      messages: [],
      replies: [],
      open: { article_id: 'ARTICLE_1' },
    });

    const pushes = pushesSince(from);
    expect(pushes.map((x) => [x.Event, x.EventKey])).toEqual([
      ['CLICK', 'V1001_GOOD'],
      ['scancode_push', 'rselfmenu_0_1'],
      ['location_select', 'rselfmenu_2_0'],
      ['view_miniprogram', 'pages/lunar/index'],
    ]);
    expect(pushes[0]).not.toHaveProperty('MenuId');
    expect(pushes[1]).toMatchObject({
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://gz.example/qr' },
    });
    expect(pushes[2]).toMatchObject({ SendLocationInfo: { Label: '广州市海珠区' } });
    expect(pushes[3]).toMatchObject({ MenuId: String(menuid), FromUserName: follower.openid });
  });

  it('a media_id button sends the material into the chat and view_limited opens the article, with no push', async () => {
    const account = await developerAccount();
    const m = await buildMaterials(p, account);
    const { user, follower } = await buildPhoneFollower(p, account, 'android');
    const media = (name: string, media_id: string) => ({ type: 'media_id', name, media_id });
    const saved = await ownApi<MenusBody>(p, 'PUT', `/accounts/${account.appid}/menus`, {
      button: [
        media('图片', m.image),
        {
          name: '素材',
          sub_button: [
            media('语音', m.voice),
            media('视频', m.video),
            media('图文', m.news),
            { type: 'view_limited', name: '文章', media_id: m.news },
          ],
        },
      ],
    });
    expect(saved.status).toBe(200);
    const menuid = saved.body.menu!.menuid;
    const from = dev.received.length;

    const sent = async (path: number[]) => {
      const answer = await press(user.id, account.appid, { button: path });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ event: null, messages: [], open: null });
      expect(answer.body.replies).toHaveLength(1);
      return answer.body.replies[0]!;
    };
    const out = { direction: 'out', source: 'auto_reply', openid: follower.openid, delivery_id: null };
    expect(await sent([0])).toMatchObject({ ...out, msgtype: 'image', image: { media_id: m.image } });
    expect(await sent([1, 0])).toMatchObject({ ...out, msgtype: 'voice', voice: { media_id: m.voice } });
    expect(await sent([1, 1])).toMatchObject({
      ...out,
      msgtype: 'video',
      video: { media_id: m.video, title: '片头', description: '三十秒' },
    });
    expect(await sent([1, 2])).toMatchObject({ ...out, msgtype: 'mpnews', mpnews: { media_id: m.news } });
    const article = await press(user.id, account.appid, { button: [1, 3] });
    expect(article.body).toEqual({
      event: null,
      messages: [],
      replies: [],
      open: { url: expect.stringContaining(`/s/${m.news}?idx=1`) as unknown, media_id: m.news },
    });
    expect(pushesSince(from)).toEqual([]);

    const chat = await ownApi<{ items: { msgtype: string }[] }>(
      p,
      'GET',
      `/users/${user.id}/accounts/${account.appid}/messages`,
    );
    expect(chat.body.items.map((x) => x.msgtype)).toEqual(['mpnews', 'video', 'voice', 'image']);
    const log = await ownApi<{ items: { type: string; detail: Record<string, unknown> }[] }>(
      p,
      'GET',
      `/events?appid=${account.appid}`,
    );
    expect(log.body.items.filter((e) => e.type === 'menu').map((e) => e.detail)).toEqual([
      { button_type: 'media_id', media_id: m.image, button: [0], menuid },
      { button_type: 'media_id', media_id: m.voice, button: [1, 0], menuid },
      { button_type: 'media_id', media_id: m.video, button: [1, 1], menuid },
      { button_type: 'media_id', media_id: m.news, button: [1, 2], menuid },
      { button_type: 'view_limited', media_id: m.news, button: [1, 3], menuid },
    ]);

    // A blacklisted follower gets nothing; the press is logged as blocked.
    await p.ctx.db.updateTable('followers').set({ blacklisted: 1 }).where('id', '=', follower.id).execute();
    const blocked = await press(user.id, account.appid, { button: [0] });
    expect(blocked.body).toEqual({ event: null, messages: [], replies: [], open: null });
    const after = await ownApi<{ items: { type: string; detail: Record<string, unknown> }[] }>(
      p,
      'GET',
      `/events?appid=${account.appid}`,
    );
    expect(after.body.items.at(-1)!.detail).toEqual({
      button_type: 'media_id',
      media_id: m.image,
      button: [0],
      menuid,
      blocked: 'blacklisted',
    });
  });

  it('refuses presses that do not fit the visible menu', async () => {
    const account = await developerAccount();
    const { user } = await buildPhoneFollower(p, account, 'android');
    const noMenu = await press(user.id, account.appid, { button: [0] });
    expect([noMenu.status, noMenu.body]).toMatchObject([404, { code: 'MENU_NOT_EXIST' }]);

    await ownApi(p, 'PUT', `/accounts/${account.appid}/menus`, {
      button: [
        { name: '扫码', sub_button: [{ type: 'scancode_waitmsg', name: '扫码', key: 'SCAN' }] },
        { type: 'click', name: '点击', key: 'CLICK' },
      ],
    });
    const from = dev.received.length;
    const parent = await press(user.id, account.appid, { button: [0] });
    expect([parent.status, parent.body]).toMatchObject([404, { code: 'MENU_BUTTON_NOT_FOUND' }]);
    expect((await press(user.id, account.appid, { button: [0, 1] })).status).toBe(404);
    expect((await press(user.id, account.appid, { button: [2] })).status).toBe(404);
    expect((await press(user.id, account.appid, { button: [1, 0] })).status).toBe(404);
    const noScan = await press(user.id, account.appid, { button: [0, 0] });
    expect([noScan.status, noScan.body]).toMatchObject([400, { code: 'VALIDATION_FAILED' }]);
    const extra = await press(user.id, account.appid, { button: [1], scan_result: 'x' });
    expect([extra.status, extra.body]).toMatchObject([400, { code: 'VALIDATION_FAILED' }]);
    expect((await press(user.id, account.appid, { button: [] })).status).toBe(400);
    expect((await press(user.id, account.appid, { button: [0, 0, 0] })).status).toBe(400);
    expect(pushesSince(from)).toEqual([]);
  });
});
