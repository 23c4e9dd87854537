import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { appendEvents } from '../event-log/event-log.ts';
import { getMaterial } from '../materials/get-material.ts';
import { newsArticleUrl } from '../materials/materials.presenter.ts';
import { getMedia } from '../media/get-media.ts';
import { readMediaBytes } from '../media/read-media-bytes.ts';
import { getVisibleButton } from '../menus/get-visible-menu.ts';
import type { MenuLeaf } from '../menus/menus.schemas.ts';
import {
  dispatchFollowerAction,
  storeOutgoing,
  type DispatchResult,
} from '../messages/dispatch-follower-action.ts';
import type { OutboundMessage } from '../messages/message-content.ts';
import type { MessageView } from '../messages/messages.presenter.ts';
import {
  MenuButtonPressSchema,
  RawMenuEventSchema,
  type MenuButtonPress,
  type MenuEvent,
} from './followers.schemas.ts';
import { getFollowing, type Following } from './get-follower.ts';
import { menuPush } from './inbound-push.ts';
import { sendFollowerMessage } from './send-message.ts';

/** What the follower's client opens after a press: a page, a mini program, or a material/article WeChat shows. */
export interface MenuTarget {
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
}

/**
 * The outcome of a press: the event's dispatch (null when the button sends
 * none), photo messages, what WeChat itself sends the follower (a media_id
 * button's material), and what opens.
 */
export interface MenuPressResult {
  event: DispatchResult | null;
  messages: DispatchResult[];
  replies: MessageView[];
  open: MenuTarget | null;
}

/**
 * The follower presses a menu button: the button type's event goes to the
 * developer server (§4.3). Photo buttons then send each picture as its own
 * image message, as WeChat does; VIEW and mini-program buttons answer with
 * the target the follower's client opens.
 *
 * The body is either a raw event (`{event: 'CLICK', key}` …) or a button of
 * the menu the follower sees by its path (`{button: [i, j]}`), whose stored
 * fields fill the event; a conditional menu's VIEW and view_miniprogram also
 * carry its MenuId. media_id, view_limited, article_id and
 * article_view_limited buttons push no event in WeChat: WeChat itself sends
 * or opens the material (see pressMaterialButton).
 */
export async function pressMenu(
  ctx: AppContext,
  userId: string,
  appid: string,
  input: unknown,
): Promise<MenuPressResult> {
  if (input && typeof input === 'object' && 'button' in input) {
    const press = validate(MenuButtonPressSchema, input);
    const following = await getFollowing(ctx, userId, appid);
    const { menu, button } = await getVisibleButton(ctx, following, press.button);
    const menuId = menu.kind === 'conditional' ? menu.menuid : undefined;
    const event = eventOfButton(button, press, menuId);
    if (!event)
      return pressMaterialButton(ctx, following, button, { button: press.button, menuid: menu.menuid });
    const result = await dispatchPress(ctx, following, validate(RawMenuEventSchema, event), {
      button: press.button,
      menuid: menu.menuid,
    });
    // Old clients open url when they cannot open the mini program.
    if (button.type === 'miniprogram' && result.open) result.open.url = button.url!;
    return result;
  }
  const press = validate(RawMenuEventSchema, input);
  return dispatchPress(ctx, await getFollowing(ctx, userId, appid), press, {});
}

async function dispatchPress(
  ctx: AppContext,
  following: Following,
  press: MenuEvent,
  logExtra: Record<string, unknown>,
): Promise<MenuPressResult> {
  const { account, follower } = following;
  let picMd5Sums: string[] = [];
  if ('media_ids' in press) {
    const media = await Promise.all(press.media_ids.map((id) => getMedia(ctx, account.id, id)));
    picMd5Sums = await Promise.all(
      media.map(async (m) =>
        createHash('md5')
          .update(await readMediaBytes(ctx, m))
          .digest('hex'),
      ),
    );
  }
  const now = ctx.clock.now();
  const event = await dispatchFollowerAction(ctx, account, follower, {
    push: menuPush(press, Math.floor(now / 1000), picMd5Sums),
    autoReply: null,
    log: { type: 'menu', detail: { ...press, ...logExtra } },
    canReceive: true,
  });
  const messages: DispatchResult[] = [];
  if ('media_ids' in press) {
    for (const mediaId of press.media_ids)
      messages.push(
        await sendFollowerMessage(ctx, following, { msgtype: 'image', image: { media_id: mediaId } }),
      );
  }
  const open: MenuTarget | null =
    press.event === 'VIEW'
      ? { url: press.url }
      : press.event === 'view_miniprogram'
        ? { pagepath: press.pagepath, ...(press.appid ? { appid: press.appid } : {}) }
        : null;
  return { event, messages, replies: [], open };
}

/**
 * The raw event a stored button makes, with what the follower supplied
 * (scan result, photos, location). Left unchecked here: the caller
 * validates it as a raw event, so a missing or unfitting field is reported
 * the same way for both shapes. null: the button pushes no event.
 */
function eventOfButton(
  button: MenuLeaf,
  press: MenuButtonPress,
  menuId: number | undefined,
): Record<string, unknown> | null {
  const { button: _path, ...given } = press;
  const withMenuId = menuId === undefined ? {} : { menu_id: menuId };
  switch (button.type) {
    case 'click':
      return { event: 'CLICK', key: button.key, ...given };
    case 'view':
      return { event: 'VIEW', url: button.url, ...withMenuId, ...given };
    case 'miniprogram':
      return {
        event: 'view_miniprogram',
        pagepath: button.pagepath,
        appid: button.appid,
        ...withMenuId,
        ...given,
      };
    case 'scancode_push':
    case 'scancode_waitmsg':
    case 'pic_sysphoto':
    case 'pic_photo_or_album':
    case 'pic_weixin':
    case 'location_select':
      return { event: button.type, key: button.key, ...given };
    case 'media_id':
    case 'view_limited':
    case 'article_id':
    case 'article_view_limited':
      return null;
  }
}

/**
 * A button WeChat answers itself, with no event for the developer server
 * (logged as `button_type` plus the id, instead of `event`):
 *
 * - media_id: the account's permanent material arrives in the chat as a
 *   message from the account: an image (thumbs too), voice, video (with its
 *   title and introduction) or the news material as `mpnews`;
 * - view_limited: the client opens the news material's first article;
 * - article_id / article_view_limited: published articles do not exist on
 *   the platform yet, so the answer only names the article.
 *
 * The material is stored like an auto-reply (source `auto_reply`): the
 * account configured it and WeChat sends it. A blacklisted follower gets
 * nothing, as with auto-replies; the press is still logged, marked blocked.
 */
async function pressMaterialButton(
  ctx: AppContext,
  { account, follower }: Following,
  button: MenuLeaf,
  logExtra: { button: number[]; menuid: number },
): Promise<MenuPressResult> {
  const blocked = follower.blacklisted === 1;
  const id = button.media_id ? { media_id: button.media_id } : { article_id: button.article_id! };
  let sent: OutboundMessage | null = null;
  let open: MenuTarget | null = id;
  if (button.type === 'media_id') {
    open = null;
    if (!blocked) sent = await materialMessage(ctx, account.id, button.media_id!);
  } else if (button.type === 'view_limited') {
    open = { url: newsArticleUrl(ctx, button.media_id!, 0), media_id: button.media_id! };
  }
  const now = ctx.clock.now();
  // The log entry first, then the message: a crash in between loses a
  // message the follower can press for again, never the record of a press.
  await appendEvents(ctx.db, [
    {
      account_id: account.id,
      user_id: follower.user_id,
      openid: follower.openid,
      type: 'menu',
      detail: {
        button_type: button.type,
        ...id,
        ...logExtra,
        ...(blocked ? { blocked: 'blacklisted' } : {}),
      },
      created_at: now,
    },
  ]);
  const replies = sent
    ? await storeOutgoing(ctx, account, follower, [{ message: sent, source: 'auto_reply' }], null, now)
    : [];
  return { event: null, messages: [], replies, open };
}

/** The message a media_id button sends: the material as the account's own message. */
async function materialMessage(
  ctx: AppContext,
  accountId: string,
  mediaId: string,
): Promise<OutboundMessage> {
  const material = await getMaterial(ctx, accountId, mediaId);
  if (material.kind === 'news') return { msgtype: 'mpnews', mpnews: { media_id: mediaId } };
  const row = material.row;
  switch (row.type) {
    case 'image':
    case 'thumb':
      return { msgtype: 'image', image: { media_id: mediaId } };
    case 'voice':
      return { msgtype: 'voice', voice: { media_id: mediaId } };
    case 'video':
      return {
        msgtype: 'video',
        video: {
          media_id: mediaId,
          ...(row.title ? { title: row.title } : {}),
          ...(row.introduction ? { description: row.introduction } : {}),
        },
      };
  }
}
