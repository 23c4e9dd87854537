import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { chooseMenu } from './choose-menu.ts';
import { buttonsOf, presentWechatButtons } from './menus.presenter.ts';
import { selectFollowerByOpenid, selectFollowerByWechatId } from './menus.queries.ts';

/**
 * menu/trymatch: the buttons the user would see. `user_id` is the
 * follower's openid or their WeChat id (微信号).
 *
 * WeChat documents user_id as a follower's ("粉丝的OpenID或微信号") and
 * answers 65302 for anyone else, so a user who never followed, or has
 * unfollowed, is 65302 here too: they see no menu in a chat they cannot
 * open. No menu at all is 46003, as menu/get.
 */
export async function tryMatchMenu(ctx: AppContext, account: AccountsTable, userId: string) {
  const follower =
    (await selectFollowerByOpenid(ctx.db, account.id, userId)) ??
    (await selectFollowerByWechatId(ctx.db, account.id, userId));
  if (!follower || follower.subscribed !== 1)
    throw new AppError('MENU_USER_NOT_FOUND', `${userId} is not a follower's openid or WeChat id`);
  const menu = await chooseMenu(ctx.db, account.id, follower);
  if (!menu) throw new AppError('MENU_NOT_EXIST', 'create one with /cgi-bin/menu/create');
  return { button: presentWechatButtons(buttonsOf(menu)) };
}
