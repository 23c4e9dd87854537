import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { addConditionalMenu } from './add-conditional-menu.ts';
import { createMenu } from './create-menu.ts';
import { deleteConditionalMenu } from './delete-conditional-menu.ts';
import { deleteMenus } from './delete-menus.ts';
import { getCurrentSelfmenuInfo } from './get-current-selfmenu-info.ts';
import { getMenus } from './get-menus.ts';
import { presentMenuGet } from './menus.presenter.ts';
import {
  AddConditionalBodySchema,
  CreateMenuBodySchema,
  DelConditionalBodySchema,
  TryMatchBodySchema,
} from './menus.schemas.ts';
import { tryMatchMenu } from './try-match-menu.ts';

const OK = { errcode: 0, errmsg: 'ok' } as const;

/**
 * WeChat's custom menu (自定义菜单, spec §6): the default menu for accounts
 * with the menu permission (service accounts, verified subscription
 * accounts), conditional menus for verified accounts, and the read-only
 * get_current_selfmenu_info that every account has.
 */
export const menuOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/menu/create',
    summary: 'Create (replace) the default custom menu',
    auth: 'access_token',
    capability: 'menu',
    body: CreateMenuBodySchema,
    handler: async ({ ctx, account, body }) => {
      await createMenu(ctx, account, body.button);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/menu/get',
    summary: 'The default menu and the conditional menus (46003 when there is none)',
    auth: 'access_token',
    capability: 'menu',
    handler: async ({ ctx, account }) => {
      const { defaultMenu, conditional } = await getMenus(ctx, account);
      return presentMenuGet(defaultMenu, conditional);
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/menu/delete',
    summary: 'Delete the default menu and every conditional menu',
    auth: 'access_token',
    capability: 'menu',
    handler: async ({ ctx, account }) => {
      await deleteMenus(ctx, account);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/get_current_selfmenu_info',
    summary: "The menu followers see, in the console's shape (sub_button as {list})",
    auth: 'access_token',
    // Verified or not, service or subscription: every account has this API (WeChat's doc).
    capability: 'basic',
    handler: async ({ ctx, account }) => getCurrentSelfmenuInfo(ctx, account),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/menu/addconditional',
    summary: 'Add a conditional menu matched on tag_id and client_platform_type',
    auth: 'access_token',
    capability: 'conditional_menu',
    body: AddConditionalBodySchema,
    handler: async ({ ctx, account, body }) => ({
      menuid: (await addConditionalMenu(ctx, account, body)).menuid,
    }),
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/menu/delconditional',
    summary: 'Delete a conditional menu (menuid as a number or a string)',
    auth: 'access_token',
    capability: 'conditional_menu',
    body: DelConditionalBodySchema,
    handler: async ({ ctx, account, body }) => {
      await deleteConditionalMenu(ctx, account, body.menuid);
      return OK;
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/menu/trymatch',
    summary: 'The menu a follower (openid or WeChat id) would see',
    auth: 'access_token',
    capability: 'conditional_menu',
    body: TryMatchBodySchema,
    handler: async ({ ctx, account, body }) => tryMatchMenu(ctx, account, body.user_id),
  }),
];
