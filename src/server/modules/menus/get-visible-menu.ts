import type { AppContext } from '../../context.ts';
import type { MenusTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getFollowing, type Following } from '../followers/get-follower.ts';
import { chooseMenu } from './choose-menu.ts';
import type { MenuLeaf } from './menus.schemas.ts';
import { buttonsOf, isParent } from './menus.presenter.ts';

/** The menu a current follower sees in the chat (conditional menus resolved), or null. */
export function getVisibleMenu(
  ctx: AppContext,
  { account, follower, user }: Following,
): Promise<MenusTable | null> {
  return chooseMenu(ctx.db, account.id, { id: follower.id, client_platform: user.client_platform });
}

/** The menu user `userId` sees in the chat with `appid` (they must follow it), or null. */
export async function getFollowerMenu(
  ctx: AppContext,
  userId: string,
  appid: string,
): Promise<MenusTable | null> {
  return getVisibleMenu(ctx, await getFollowing(ctx, userId, appid));
}

/**
 * The button at `path` ([i] for a top-level button, [i, j] for a
 * sub-button) of the menu the follower sees, with that menu. A top-level
 * button with a sub-menu only opens it, so it cannot be pressed itself.
 */
export async function getVisibleButton(
  ctx: AppContext,
  following: Following,
  path: readonly number[],
): Promise<{ menu: MenusTable; button: MenuLeaf }> {
  const menu = await getVisibleMenu(ctx, following);
  if (!menu) throw new AppError('MENU_NOT_EXIST', `${following.account.appid} has no menu`);
  const top = buttonsOf(menu)[path[0]!];
  const button =
    top && isParent(top)
      ? path.length === 2
        ? top.sub_button[path[1]!]
        : undefined
      : path.length === 1
        ? top
        : undefined;
  if (!button) {
    const why =
      top && isParent(top) && path.length === 1 ? ': it opens a sub-menu, press one of its sub-buttons' : '';
    throw new AppError(
      'MENU_BUTTON_NOT_FOUND',
      `no button to press at [${path.join(', ')}] of menu ${menu.menuid}${why}`,
    );
  }
  return { menu, button };
}
