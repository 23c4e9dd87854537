/**
 * WeChat's custom menu Open API (spec §6) over HTTP on both dialects:
 * menu/create, get, delete, get_current_selfmenu_info, addconditional,
 * delconditional and trymatch, every validation errcode (materials named
 * by media_id, the 3 URL domains and the number of conditional menus
 * included), conditional matching by tag and by phone, permissions and
 * quotas, del_material of a material a menu uses; the wechat-api SDK reads
 * the same answers.
 */
import type { AddressInfo } from 'node:net';
import WechatAPI from 'wechat-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../src/server/db/schema.ts';
import { MAX_CONDITIONAL_MENUS } from '../../src/server/modules/menus/check-menu-buttons.ts';
import { buildAccount, buildFollower, fetchToken, ownApi } from '../helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../helpers/platform.ts';
import {
  buildMaterials,
  buildPhoneFollower,
  DEFAULT_MENU,
  markedMenu,
  tagFollower,
  type MenuMaterials,
  type WechatMenuApi,
} from './menu-fixtures.ts';

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}

const anyNumber: unknown = expect.any(Number);

/** `n` bytes of UTF-8: CJK characters (3 bytes each), padded with ASCII. */
function bytes(n: number): string {
  return '菜'.repeat(Math.floor(n / 3)) + 'a'.repeat(n % 3);
}

describe.each(DIALECTS)('custom menu Open API on %s', (dialect) => {
  let p: TestPlatform;
  let account: AccountsTable;
  let token: string;
  let sdk: WechatAPI & WechatMenuApi;
  let materials: MenuMaterials;

  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await p.app.listen({ port: 0, host: '127.0.0.1' });
    account = await buildAccount(p.ctx);
    token = await fetchToken(p, account);
    materials = await buildMaterials(p, account);
    sdk = new WechatAPI(account.appid, account.appsecret) as WechatAPI & WechatMenuApi;
    sdk.endpoint = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => p.close());
  beforeEach(async () => {
    expect(await get('/cgi-bin/menu/delete')).toMatchObject({ errcode: 0 });
  });

  async function get(path: string, as = token): Promise<WechatBody> {
    const res = await p.app.inject({ method: 'GET', url: `${path}?access_token=${as}` });
    expect(res.statusCode).toBe(200);
    return res.json<WechatBody>();
  }
  async function post(path: string, body: unknown, as = token): Promise<WechatBody> {
    const res = await p.app.inject({
      method: 'POST',
      url: `${path}?access_token=${as}`,
      payload: JSON.stringify(body),
    });
    expect(res.statusCode).toBe(200);
    return res.json<WechatBody>();
  }

  it('creates, reads and deletes the default menu through the wechat-api SDK', async () => {
    expect(await call((cb) => sdk.createMenu(DEFAULT_MENU, cb))).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const menu = await call((cb) => sdk.getMenu(cb));
    expect(menu).toEqual({
      menu: {
        menuid: anyNumber,
        button: [
          { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC', sub_button: [] },
          {
            name: '菜单',
            sub_button: [
              { type: 'view', name: '搜索', url: 'http://www.soso.com/', sub_button: [] },
              {
                type: 'miniprogram',
                name: 'wxa',
                url: 'http://mp.weixin.qq.com',
                appid: 'wx286b93c14bbf93aa',
                pagepath: 'pages/lunar/index',
                sub_button: [],
              },
              { type: 'click', name: '赞一下我们', key: 'V1001_GOOD', sub_button: [] },
            ],
          },
          { type: 'article_id', name: '文章', article_id: 'ARTICLE_ID1', sub_button: [] },
        ],
      },
    });
    // menu/get's own answer posts back unchanged (leaves with sub_button: []).
    const again = menu as { menu: { button: unknown[]; menuid: number } };
    expect(await post('/cgi-bin/menu/create', { button: again.menu.button })).toMatchObject({ errcode: 0 });
    const replaced = (await get('/cgi-bin/menu/get')) as { menu: { menuid: number; button: unknown[] } };
    expect(replaced.menu.button).toEqual(again.menu.button);
    expect(replaced.menu.menuid).not.toBe(again.menu.menuid);

    expect(await call((cb) => sdk.removeMenu(cb))).toMatchObject({ errcode: 0 });
    await expect(call((cb) => sdk.getMenu(cb))).rejects.toMatchObject({ code: 46003 });
    expect(await get('/cgi-bin/menu/get')).toMatchObject({
      errcode: 46003,
      errmsg: expect.stringMatching(/^menu no exist/) as unknown,
    });
  });

  it("get_current_selfmenu_info answers in the console's shape", async () => {
    expect(await call((cb) => sdk.getMenuConfig(cb))).toEqual({
      is_menu_open: 0,
      selfmenu_info: { button: [] },
    });
    const withMaterial = [
      ...DEFAULT_MENU.button.slice(0, 2),
      { type: 'media_id', name: '图片', media_id: materials.image },
    ];
    expect(await post('/cgi-bin/menu/create', { button: withMaterial })).toMatchObject({ errcode: 0 });
    expect(await call((cb) => sdk.getMenuConfig(cb))).toEqual({
      is_menu_open: 1,
      selfmenu_info: {
        button: [
          { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
          {
            name: '菜单',
            sub_button: {
              list: [
                { type: 'view', name: '搜索', url: 'http://www.soso.com/' },
                {
                  type: 'miniprogram',
                  name: 'wxa',
                  url: 'http://mp.weixin.qq.com',
                  appid: 'wx286b93c14bbf93aa',
                  pagepath: 'pages/lunar/index',
                },
                { type: 'click', name: '赞一下我们', key: 'V1001_GOOD' },
              ],
            },
          },
          { type: 'media_id', name: '图片', value: materials.image },
        ],
      },
    });
  });

  it('accepts every button type at the byte limits', async () => {
    const leaf = (type: string, extra: object) => ({ type, name: bytes(60), ...extra });
    const key = { key: bytes(128) };
    const url = `https://example.com/${'a'.repeat(1024 - 20)}`;
    expect(Buffer.byteLength(url)).toBe(1024);
    const body = {
      button: [
        { type: 'view', name: bytes(16), url },
        {
          name: bytes(16),
          sub_button: [
            leaf('scancode_push', key),
            leaf('scancode_waitmsg', key),
            leaf('pic_sysphoto', key),
            leaf('pic_photo_or_album', key),
            leaf('pic_weixin', key),
          ],
        },
        {
          name: '更多',
          sub_button: [
            leaf('location_select', key),
            leaf('view_limited', { media_id: materials.news }),
            leaf('article_id', { article_id: 'ARTICLE1' }),
            leaf('article_view_limited', { article_id: 'ARTICLE2' }),
            leaf('click', key),
          ],
        },
      ],
    };
    expect(await post('/cgi-bin/menu/create', body)).toEqual({ errcode: 0, errmsg: 'ok' });
    const menu = (await get('/cgi-bin/menu/get')) as { menu: { button: { sub_button: unknown[] }[] } };
    expect(menu.menu.button[2]!.sub_button[1]).toEqual({
      type: 'view_limited',
      name: bytes(60),
      media_id: materials.news,
      sub_button: [],
    });
  });

  const click = { type: 'click', name: 'ok', key: 'K' };
  const parent = (...subs: object[]) => ({ name: 'parent', sub_button: subs });
  const cases: [string, unknown, number][] = [
    ['no button array', {}, 65307],
    ['button not an array', { button: 'x' }, 47001],
    ['a name of the wrong JSON type', { button: [{ type: 'click', name: 7, key: 'K' }] }, 47001],
    ['no buttons', { button: [] }, 40016],
    ['four buttons', { button: [click, click, click, click] }, 40016],
    ['a top name over 16 bytes', { button: [{ ...click, name: bytes(17) }] }, 40018],
    ['a top button without a name', { button: [{ type: 'click', key: 'K' }] }, 40018],
    ['an unknown top-level type', { button: [{ ...click, type: 'text' }] }, 40017],
    ['a type next to sub-buttons', { button: [{ ...parent(click), type: 'click', key: 'K' }] }, 40017],
    ['a button with no type and no sub-buttons', { button: [{ name: 'empty' }] }, 65308],
    ['a click without key', { button: [{ type: 'click', name: 'k' }] }, 40019],
    ['a top key over 128 bytes', { button: [{ ...click, key: bytes(129) }] }, 40019],
    ['a scancode button without key', { button: [{ type: 'scancode_push', name: 's' }] }, 40019],
    ['a location_select without key', { button: [{ type: 'location_select', name: 'l' }] }, 40019],
    ['a view without url', { button: [{ type: 'view', name: 'v' }] }, 40020],
    [
      'a top url over 1024 bytes',
      { button: [{ type: 'view', name: 'v', url: `https://e.com/${'a'.repeat(1011)}` }] },
      40020,
    ],
    [
      'a url that is not http(s)',
      { button: [{ type: 'view', name: 'v', url: 'ftp://example.com/' }] },
      65317,
    ],
    ['a parent with no sub-buttons', { button: [parent()] }, 40023],
    ['six sub-buttons', { button: [parent(click, click, click, click, click, click)] }, 40023],
    ['a third level', { button: [parent({ name: 'deep', sub_button: [click] })] }, 40022],
    ['an unknown sub-button type', { button: [parent({ ...click, type: 'news' })] }, 40024],
    ['a sub name over 60 bytes', { button: [parent({ ...click, name: bytes(61) })] }, 40025],
    ['a sub key over 128 bytes', { button: [parent({ ...click, key: bytes(129) })] }, 40026],
    ['a pic_weixin sub-button without key', { button: [parent({ type: 'pic_weixin', name: 'p' })] }, 40026],
    [
      'a sub url over 1024 bytes',
      { button: [parent({ type: 'view', name: 'v', url: `https://e.com/${'a'.repeat(1011)}` })] },
      40027,
    ],
    ['a media_id button without media_id', { button: [{ type: 'media_id', name: 'm' }] }, 41006],
    ['a view_limited button without media_id', { button: [{ type: 'view_limited', name: 'm' }] }, 41006],
    ['an article_id button without article_id', { button: [{ type: 'article_id', name: 'a' }] }, 40035],
    [
      'an article_view_limited button without article_id',
      { button: [{ type: 'article_view_limited', name: 'a' }] },
      40035,
    ],
    [
      'a miniprogram without appid',
      { button: [{ type: 'miniprogram', name: 'm', url: 'https://e.com', pagepath: 'p' }] },
      40035,
    ],
    [
      'a miniprogram without pagepath',
      { button: [{ type: 'miniprogram', name: 'm', url: 'https://e.com', appid: 'wx1' }] },
      40035,
    ],
    [
      'a miniprogram without url',
      { button: [{ type: 'miniprogram', name: 'm', appid: 'wx1', pagepath: 'p' }] },
      40020,
    ],
  ];

  it.each(cases)('menu/create refuses %s', async (_name, body, errcode) => {
    const answer = await post('/cgi-bin/menu/create', body);
    expect(answer.errcode, answer.errmsg).toBe(errcode);
    expect(await get('/cgi-bin/menu/get')).toMatchObject({ errcode: 46003 });
  });

  it('addconditional applies the same button rules', async () => {
    await post('/cgi-bin/menu/create', DEFAULT_MENU);
    const rule = { tag_id: '100' };
    expect((await post('/cgi-bin/menu/addconditional', { matchrule: rule })).errcode).toBe(65307);
    expect((await post('/cgi-bin/menu/addconditional', { button: [], matchrule: rule })).errcode).toBe(40016);
    const bad = { button: [parent({ ...click, name: bytes(61) })], matchrule: rule };
    expect((await post('/cgi-bin/menu/addconditional', bad)).errcode).toBe(40025);
  });

  it('media_id and view_limited buttons must name permanent materials of the account (40007)', async () => {
    const media = (media_id: string) => ({ type: 'media_id', name: 'm', media_id });
    const limited = (media_id: string) => ({ type: 'view_limited', name: 'v', media_id });
    const every = {
      button: [
        media(materials.image),
        { name: '素材', sub_button: [media(materials.voice), media(materials.video), media(materials.news)] },
        limited(materials.news),
      ],
    };
    expect(await post('/cgi-bin/menu/create', every)).toEqual({ errcode: 0, errmsg: 'ok' });

    const theirs = await buildMaterials(p, await buildAccount(p.ctx));
    const refused: [string, object][] = [
      ['an unknown id', media('E'.repeat(64))],
      ['a temporary image', media(materials.temporary)],
      ["another account's image", media(theirs.image)],
      ["another account's news", limited(theirs.news)],
      ['view_limited of an image (news only)', limited(materials.image)],
    ];
    for (const [why, bad] of refused) {
      const answer = await post('/cgi-bin/menu/create', {
        button: [click, { name: 'p', sub_button: [bad] }],
      });
      expect(answer.errcode, why).toBe(40007);
      expect(answer.errmsg, why).toMatch(/^invalid media_id, button\[1\]\.sub_button\[0\]\.media_id /);
    }
    // Refused menus left the last good one in place.
    expect((await get('/cgi-bin/menu/get')).menu).toMatchObject({ button: every.button });
    const conditional = { button: [media(theirs.video)], matchrule: { tag_id: '100' } };
    expect((await post('/cgi-bin/menu/addconditional', conditional)).errcode).toBe(40007);
  });

  it('conditional menus together link to at most 3 URL domains (65316); the default menu is not counted', async () => {
    const links = (...hosts: string[]) => ({
      button: hosts.map((host, i) => ({ type: 'view', name: `l${i}`, url: `https://${host}/page` })),
    });
    expect(await post('/cgi-bin/menu/create', links('a.example', 'b.example', 'c.example'))).toMatchObject({
      errcode: 0,
    });
    const add = (menu: object, tag: string) =>
      post('/cgi-bin/menu/addconditional', { ...menu, matchrule: { tag_id: tag } });
    expect((await add(links('one.example', 'two.example'), '1')).menuid).toEqual(anyNumber);
    // Host names compare case-insensitively; the same host again adds nothing.
    expect((await add(links('ONE.example', 'three.example'), '2')).menuid).toEqual(anyNumber);
    const fourth = await add(links('four.example'), '3');
    expect(fourth.errcode).toBe(65316);
    expect(fourth.errmsg).toMatch(/link to 4: .*four\.example/);
    // A miniprogram's fallback url is a link too.
    const mini = {
      button: [
        { type: 'miniprogram', name: 'wxa', url: 'https://mini.example', appid: 'wx1', pagepath: 'p' },
      ],
    };
    expect((await add(mini, '4')).errcode).toBe(65316);
    // Deleting a conditional menu frees its domains.
    const { conditionalmenu } = (await get('/cgi-bin/menu/get')) as { conditionalmenu: { menuid: number }[] };
    expect(await post('/cgi-bin/menu/delconditional', { menuid: conditionalmenu[0]!.menuid })).toMatchObject({
      errcode: 0,
    });
    expect((await add(links('four.example'), '3')).menuid).toEqual(anyNumber);
    // The default menu may link anywhere.
    const wide = {
      button: [
        ...links('d1.example', 'd2.example').button,
        { name: 'more', sub_button: links('d3.example', 'd4.example').button },
      ],
    };
    expect((await post('/cgi-bin/menu/create', wide)).errcode).toBe(0);
  });

  it(`an account has at most ${MAX_CONDITIONAL_MENUS} conditional menus (65305)`, async () => {
    const full = await buildAccount(p.ctx);
    const as = await fetchToken(p, full);
    const conditionalMenus = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...markedMenu(`m${i}`), matchrule: { tag_id: i + 1 } }));
    const over = await ownApi(p, 'PUT', `/accounts/${full.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: conditionalMenus(MAX_CONDITIONAL_MENUS + 1),
    });
    expect([over.status, over.body.code]).toEqual([409, 'CONDITIONAL_MENU_LIMIT']);
    const saved = await ownApi(p, 'PUT', `/accounts/${full.appid}/menus`, {
      ...DEFAULT_MENU,
      conditional_menus: conditionalMenus(MAX_CONDITIONAL_MENUS),
    });
    expect(saved.status).toBe(200);
    const another = { ...markedMenu('one more'), matchrule: { tag_id: '1' } };
    expect((await post('/cgi-bin/menu/addconditional', another, as)).errcode).toBe(65305);
    const { conditionalmenu } = (await get('/cgi-bin/menu/get', as)) as {
      conditionalmenu: { menuid: number }[];
    };
    expect(conditionalmenu).toHaveLength(MAX_CONDITIONAL_MENUS);
    await post('/cgi-bin/menu/delconditional', { menuid: conditionalmenu[0]!.menuid }, as);
    expect((await post('/cgi-bin/menu/addconditional', another, as)).menuid).toEqual(anyNumber);
  });

  it('del_material answers 48005 while a menu uses the material', async () => {
    const own = await buildAccount(p.ctx);
    const as = await fetchToken(p, own);
    const mine = await buildMaterials(p, own);
    await post('/cgi-bin/menu/create', markedMenu('default'), as);
    const conditional = {
      button: [{ type: 'view_limited', name: '新品', media_id: mine.news }],
      matchrule: { tag_id: '100' },
    };
    expect((await post('/cgi-bin/menu/addconditional', conditional, as)).menuid).toEqual(anyNumber);
    expect((await post('/cgi-bin/material/del_material', { media_id: mine.news }, as)).errcode).toBe(48005);
    await post(
      '/cgi-bin/menu/create',
      { button: [{ type: 'media_id', name: '图', media_id: mine.image }] },
      as,
    );
    expect((await post('/cgi-bin/material/del_material', { media_id: mine.image }, as)).errcode).toBe(48005);
    // menu/delete takes the conditional menus along, and the materials are free.
    await get('/cgi-bin/menu/delete', as);
    expect(await post('/cgi-bin/material/del_material', { media_id: mine.news }, as)).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect((await post('/cgi-bin/material/del_material', { media_id: mine.image }, as)).errcode).toBe(0);
  });

  it('addconditional needs a default menu and a matchrule of tag and platform only', async () => {
    const menu = markedMenu('vip');
    expect(
      (await post('/cgi-bin/menu/addconditional', { ...menu, matchrule: { tag_id: '100' } })).errcode,
    ).toBe(65303);
    await post('/cgi-bin/menu/create', DEFAULT_MENU);
    expect((await post('/cgi-bin/menu/addconditional', menu)).errcode).toBe(65304);
    expect((await post('/cgi-bin/menu/addconditional', { ...menu, matchrule: {} })).errcode).toBe(65304);
    const blanks = { sex: '', country: '', province: '', city: '', language: '', tag_id: '' };
    expect((await post('/cgi-bin/menu/addconditional', { ...menu, matchrule: blanks })).errcode).toBe(65304);
    for (const privacy of [
      { sex: '1' },
      { sex: 2 },
      { country: '中国' },
      { province: '广东' },
      { city: '广州' },
      { language: 'zh_CN' },
    ]) {
      const answer = await post('/cgi-bin/menu/addconditional', {
        ...menu,
        matchrule: { tag_id: '100', ...privacy },
      });
      expect(answer.errcode, JSON.stringify(privacy)).toBe(65320);
    }
    expect(
      (await post('/cgi-bin/menu/addconditional', { ...menu, matchrule: { client_platform_type: '4' } }))
        .errcode,
    ).toBe(40035);
    expect(
      (await post('/cgi-bin/menu/addconditional', { ...menu, matchrule: { tag_id: 'vip' } })).errcode,
    ).toBe(40035);
    // Empty privacy fields are "no condition", as WeChat's own examples send them.
    const added = await post('/cgi-bin/menu/addconditional', {
      ...menu,
      matchrule: { ...blanks, tag_id: 100 },
    });
    expect(added).toEqual({ menuid: anyNumber });
  });

  it('menu/get lists conditional menus with string matchrule values; delconditional takes either menuid form', async () => {
    await post('/cgi-bin/menu/create', DEFAULT_MENU);
    const byTag = await call<{ menuid: number }>((cb) =>
      sdk.createCustomMenu({ ...markedMenu('tagged'), matchrule: { tag_id: 100 } }, cb),
    );
    const byGroup = await post('/cgi-bin/menu/addconditional', {
      ...markedMenu('group'),
      matchrule: { group_id: '101' },
    });
    const byPhone = await post('/cgi-bin/menu/addconditional', {
      ...markedMenu('ios'),
      matchrule: { client_platform_type: 1, tag_id: '102' },
    });
    expect(typeof byTag.menuid).toBe('number');
    const menu = await get('/cgi-bin/menu/get');
    expect(menu.conditionalmenu).toEqual([
      {
        button: [{ type: 'view', name: 'tagged', url: 'https://example.com/tagged', sub_button: [] }],
        matchrule: { tag_id: '100' },
        menuid: byTag.menuid,
      },
      {
        button: [{ type: 'view', name: 'group', url: 'https://example.com/group', sub_button: [] }],
        matchrule: { group_id: '101' },
        menuid: byGroup.menuid,
      },
      {
        button: [{ type: 'view', name: 'ios', url: 'https://example.com/ios', sub_button: [] }],
        matchrule: { tag_id: '102', client_platform_type: '1' },
        menuid: byPhone.menuid,
      },
    ]);
    const defaultId = (menu.menu as { menuid: number }).menuid;

    expect((await post('/cgi-bin/menu/delconditional', { menuid: String(byGroup.menuid) })).errcode).toBe(0);
    expect(await call((cb) => sdk.removeCustomMenu(byPhone.menuid as number, cb))).toMatchObject({
      errcode: 0,
    });
    expect((await post('/cgi-bin/menu/delconditional', { menuid: byPhone.menuid })).errcode).toBe(65301);
    expect((await post('/cgi-bin/menu/delconditional', { menuid: defaultId })).errcode).toBe(65301);
    expect((await post('/cgi-bin/menu/delconditional', { menuid: 'abc' })).errcode).toBe(65301);
    expect((await post('/cgi-bin/menu/delconditional', {})).errcode).toBe(47001);
    expect(((await get('/cgi-bin/menu/get')).conditionalmenu as unknown[]).length).toBe(1);

    // menu/create keeps conditional menus; menu/delete takes them along.
    await post('/cgi-bin/menu/create', markedMenu('new default'));
    expect(((await get('/cgi-bin/menu/get')).conditionalmenu as unknown[]).length).toBe(1);
    await get('/cgi-bin/menu/delete');
    expect((await get('/cgi-bin/menu/get')).errcode).toBe(46003);
    expect((await post('/cgi-bin/menu/delconditional', { menuid: byTag.menuid })).errcode).toBe(65301);
  });

  it('trymatch resolves by last tag and by phone, newest menu first, else the default menu', async () => {
    await post('/cgi-bin/menu/create', markedMenu('default'));
    const iosPlain = await buildPhoneFollower(p, account, 'ios', `ios_plain_${dialect}`);
    const androidVip = await buildPhoneFollower(p, account, 'android');
    const iosVip = await buildPhoneFollower(p, account, 'ios');
    const otherGold = await buildPhoneFollower(p, account, 'others');
    const gone = await buildFollower(p.ctx, account, { subscribed: false });
    const stranger = await buildFollower(p.ctx, await buildAccount(p.ctx));

    // androidVip got 200 first, then 100: matched on 100, the last one.
    await tagFollower(p, account, androidVip.follower, 200, 1_000);
    await tagFollower(p, account, androidVip.follower, 100, 2_000);
    await tagFollower(p, account, iosVip.follower, 100, 1_000);
    await tagFollower(p, account, otherGold.follower, 200, 1_000);

    await post('/cgi-bin/menu/addconditional', { ...markedMenu('vip'), matchrule: { tag_id: '100' } });
    await post('/cgi-bin/menu/addconditional', { ...markedMenu('gold'), matchrule: { group_id: '200' } });
    // Newest: iOS phones, whatever their tags.
    await post('/cgi-bin/menu/addconditional', {
      ...markedMenu('ios'),
      matchrule: { client_platform_type: '1' },
    });

    const seen = async (userId: string) => {
      const answer = await post('/cgi-bin/menu/trymatch', { user_id: userId });
      return (answer.button as { name: string }[] | undefined)?.[0]?.name ?? answer.errcode;
    };
    expect(await seen(iosPlain.follower.openid)).toBe('ios');
    expect(await seen(`ios_plain_${dialect}`)).toBe('ios');
    expect(await seen(iosVip.follower.openid)).toBe('ios');
    expect(await seen(androidVip.follower.openid)).toBe('vip');
    expect(await seen(otherGold.follower.openid)).toBe('gold');
    const plainAndroid = await buildPhoneFollower(p, account, 'android');
    expect(await seen(plainAndroid.follower.openid)).toBe('default');

    expect(await seen(gone.follower.openid)).toBe(65302);
    expect(await seen(stranger.follower.openid)).toBe(65302);
    expect(await seen('oNoSuchOpenid000000000000000')).toBe(65302);
    const sdkAnswer = await call((cb) => sdk.testCustomMenu(androidVip.follower.openid, cb));
    expect(sdkAnswer).toEqual({
      button: [{ type: 'view', name: 'vip', url: 'https://example.com/vip', sub_button: [] }],
    });

    await get('/cgi-bin/menu/delete');
    expect(await seen(androidVip.follower.openid)).toBe(46003);
  });

  it("matches tags given through /cgi-bin/tags/* on the follower's last tag", async () => {
    // Its own account, so the tag ids are the tags module's own.
    const tagged = await buildAccount(p.ctx);
    const as = await fetchToken(p, tagged);
    await post('/cgi-bin/menu/create', markedMenu('default'), as);
    const tagId = async (name: string) =>
      ((await post('/cgi-bin/tags/create', { tag: { name } }, as)) as { tag: { id: number } }).tag.id;
    const gold = await tagId('gold');
    const silver = await tagId('silver');
    const a = (await buildFollower(p.ctx, tagged)).follower.openid;
    const b = (await buildFollower(p.ctx, tagged)).follower.openid;
    const tagging = async (tagid: number, openids: string[]) => {
      const answer = await post('/cgi-bin/tags/members/batchtagging', { tagid, openid_list: openids }, as);
      expect(answer).toMatchObject({ errcode: 0 });
      // The next tagging happens a second later on the platform clock.
      expect((await ownApi(p, 'POST', '/sandbox/clock/advance', { seconds: 1 })).status).toBe(200);
    };
    await tagging(gold, [a]);
    await tagging(silver, [a, b]);
    await tagging(gold, [b]);
    await post('/cgi-bin/menu/addconditional', { ...markedMenu('gold'), matchrule: { tag_id: gold } }, as);
    await post(
      '/cgi-bin/menu/addconditional',
      { ...markedMenu('silver'), matchrule: { tag_id: silver } },
      as,
    );

    const seen = async (openid: string) =>
      ((await post('/cgi-bin/menu/trymatch', { user_id: openid }, as)).button as { name: string }[])[0]!.name;
    // a: gold then silver; b: silver then gold. The silver menu is newer, but only a's last tag is silver.
    expect(await seen(a)).toBe('silver');
    expect(await seen(b)).toBe('gold');
    await post('/cgi-bin/tags/members/batchuntagging', { tagid: silver, openid_list: [a] }, as);
    expect(await seen(a)).toBe('gold');
  });

  it('follows the permission table and counts the daily quotas', async () => {
    const subscription = await buildAccount(p.ctx, { type: 'subscription', verified: false });
    const subToken = await fetchToken(p, subscription);
    expect((await post('/cgi-bin/menu/create', DEFAULT_MENU, subToken)).errcode).toBe(48001);
    expect((await get('/cgi-bin/menu/get', subToken)).errcode).toBe(48001);
    expect(await get('/cgi-bin/get_current_selfmenu_info', subToken)).toEqual({
      is_menu_open: 0,
      selfmenu_info: { button: [] },
    });
    const service = await buildAccount(p.ctx, { type: 'service', verified: false });
    const serviceToken = await fetchToken(p, service);
    expect((await post('/cgi-bin/menu/create', DEFAULT_MENU, serviceToken)).errcode).toBe(0);
    const conditional = { ...markedMenu('x'), matchrule: { tag_id: '100' } };
    expect((await post('/cgi-bin/menu/addconditional', conditional, serviceToken)).errcode).toBe(48001);

    await post('/cgi-bin/menu/trymatch', { user_id: 'nobody' });
    for (const [path, limit] of [
      ['/cgi-bin/menu/create', 1000],
      ['/cgi-bin/menu/addconditional', 2000],
      ['/cgi-bin/menu/delconditional', 2000],
      ['/cgi-bin/menu/trymatch', 20000],
    ] as const) {
      const quota = await post('/cgi-bin/openapi/quota/get', { cgi_path: path });
      expect(quota.quota, path).toMatchObject({ daily_limit: limit });
    }
    const used = await post('/cgi-bin/openapi/quota/get', { cgi_path: '/cgi-bin/menu/trymatch' });
    expect((used.quota as { used: number }).used).toBeGreaterThanOrEqual(1);
  });
});
