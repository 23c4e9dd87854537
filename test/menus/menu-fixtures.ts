import type WechatAPI from 'wechat-api';
import type { AccountsTable, ClientPlatform, FollowersTable } from '../../src/server/db/schema.ts';
import { createUser } from '../../src/server/modules/followers/create-user.ts';
import { addMaterial } from '../../src/server/modules/materials/add-material.ts';
import { createNewsMaterial } from '../../src/server/modules/materials/create-news-material.ts';
import { NewsArticleSchema } from '../../src/server/modules/materials/materials.schemas.ts';
import { saveMedia } from '../../src/server/modules/media/save-media.ts';
import { sampleAmr, sampleMp4, samplePng } from '../../src/server/modules/media/media.test-helpers.ts';
import { buildFollower } from '../helpers/factories.ts';
import type { TestPlatform } from '../helpers/platform.ts';

/**
 * A default menu with a parent (view, click, miniprogram) and two top-level
 * leaves. The article_id button is not looked up (published articles do not
 * exist yet), so the menu is valid for any account.
 */
export const DEFAULT_MENU = {
  button: [
    { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
    {
      name: '菜单',
      sub_button: [
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
    { type: 'article_id', name: '文章', article_id: 'ARTICLE_ID1' },
  ],
};

/** Media ids of one material of each kind a menu can name, all of one account. */
export interface MenuMaterials {
  image: string;
  voice: string;
  video: string;
  news: string;
  /** A temporary image (media/upload): not a material, so no menu may name it. */
  temporary: string;
}

/** Adds one permanent material of each kind (and a temporary image) to `account`. */
export async function buildMaterials(p: TestPlatform, account: AccountsTable): Promise<MenuMaterials> {
  const file = (filename: string, bytes: Buffer) => ({
    filename,
    bytes,
    contentType: 'application/octet-stream',
  });
  const png = await samplePng();
  const image = await addMaterial(p.ctx, account.id, { type: 'image', file: file('logo.png', png) });
  const voice = await addMaterial(p.ctx, account.id, { type: 'voice', file: file('hi.amr', sampleAmr()) });
  const video = await addMaterial(p.ctx, account.id, {
    type: 'video',
    file: file('clip.mp4', sampleMp4()),
    description: JSON.stringify({ title: '片头', introduction: '三十秒' }),
  });
  const news = await createNewsMaterial(p.ctx, account.id, [
    NewsArticleSchema.parse({ title: '春季上新', thumb_media_id: image.media_id, content: '<p>正文</p>' }),
  ]);
  const temporary = await saveMedia(p.ctx, {
    accountId: account.id,
    type: 'image',
    origin: 'temporary',
    filename: 'temp.png',
    bytes: png,
  });
  return {
    image: image.media_id,
    voice: voice.media_id,
    video: video.media_id,
    news: news.media_id,
    temporary: temporary.media_id,
  };
}

/** A one-button menu whose only button says which menu it is. */
export function markedMenu(mark: string) {
  return { button: [{ type: 'view', name: mark, url: `https://example.com/${mark}` }] };
}

/**
 * Gives a follower a tag the way the tags module stores it: the tag row
 * (made once, with the account's tag id counter moved past it so
 * tags/create never hands the id out again) and the membership at `at`
 * (the follower's last tag is the latest membership).
 */
export async function tagFollower(
  p: TestPlatform,
  account: AccountsTable,
  follower: FollowersTable,
  tagId: number,
  at: number,
): Promise<void> {
  await p.ctx.db
    .insertInto('tags')
    .values({ account_id: account.id, id: tagId, name: `tag ${tagId}`, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await p.ctx.db
    .updateTable('accounts')
    .set({ last_tag_id: tagId })
    .where('id', '=', account.id)
    .where('last_tag_id', '<', tagId)
    .execute();
  await p.ctx.db
    .insertInto('follower_tags')
    .values({
      account_id: account.id,
      tag_id: tagId,
      follower_id: follower.id,
      openid: follower.openid,
      created_at: at,
    })
    .execute();
}

/** A follower of `account` using a phone of the given platform (and optionally a WeChat id). */
export async function buildPhoneFollower(
  p: TestPlatform,
  account: AccountsTable,
  platform: ClientPlatform,
  wechatId: string | null = null,
) {
  const user = await createUser(p.ctx, {
    nickname: `${platform} user`,
    client_platform: platform,
    wechat_id: wechatId,
  });
  return buildFollower(p.ctx, account, { user });
}

type Ok = { errcode: number; errmsg: string };

/**
 * The menu methods of node-webot/wechat-api 1.35 (lib/api_menu.js,
 * lib/api_menu_custom.js), which test/contract/wechat-api.d.ts does not declare.
 */
export interface WechatMenuApi {
  /** POST /cgi-bin/menu/create with the menu object as given (`{button: [...]}`). */
  createMenu(menu: object, callback: WechatAPI.Callback<Ok>): void;
  /** GET /cgi-bin/menu/get. */
  getMenu(callback: WechatAPI.Callback<Record<string, unknown>>): void;
  /** GET /cgi-bin/menu/delete. */
  removeMenu(callback: WechatAPI.Callback<Ok>): void;
  /** GET /cgi-bin/get_current_selfmenu_info. */
  getMenuConfig(callback: WechatAPI.Callback<Record<string, unknown>>): void;
  /** POST /cgi-bin/menu/addconditional with `{button, matchrule}`. */
  createCustomMenu(menu: object, callback: WechatAPI.Callback<{ menuid: number }>): void;
  /** POST /cgi-bin/menu/delconditional with `{menuid}`. */
  removeCustomMenu(menuid: number | string, callback: WechatAPI.Callback<Ok>): void;
  /** POST /cgi-bin/menu/trymatch with `{user_id}`. */
  testCustomMenu(userId: string, callback: WechatAPI.Callback<{ button: unknown[] }>): void;
}
