import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { deleteAccountMenus } from './delete-menus.ts';
import { findAccountMenus } from './find-menus.ts';
import { getFollowerMenu } from './get-visible-menu.ts';
import { presentMenus, presentVisibleMenu } from './menus.presenter.ts';
import { ReplaceMenusSchema } from './menus.schemas.ts';
import { replaceMenus } from './replace-menus.ts';

type ByAppid = { Params: { appid: string } };
type ByUserAccount = { Params: { user_id: string; appid: string } };

/**
 * `/gz/v1/accounts/:appid/menus`: the console reads, replaces and deletes an
 * account's menus; `/gz/v1/users/:user_id/accounts/:appid/menu` shows the
 * menu one follower sees.
 */
export async function menuRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Menus'];
  const base = '/accounts/:appid/menus';
  app.get<ByAppid>(
    base,
    { schema: { tags, summary: 'The default menu (null when none) and the conditional menus' } },
    async (request) => {
      const { defaultMenu, conditional } = await findAccountMenus(ctx, request.params.appid);
      return presentMenus(defaultMenu, conditional);
    },
  );
  app.put<ByAppid>(
    base,
    {
      schema: {
        tags,
        summary:
          "Replace all of the account's menus (menu/create's rules; the last conditional menu is tried first)",
        body: toJsonSchema(ReplaceMenusSchema),
      },
    },
    async (request) => {
      const { defaultMenu, conditional } = await replaceMenus(ctx, request.params.appid, request.body);
      return presentMenus(defaultMenu, conditional);
    },
  );
  app.delete<ByAppid>(
    base,
    { schema: { tags, summary: 'Delete the default menu and every conditional menu' } },
    async (request, reply) => {
      await deleteAccountMenus(ctx, request.params.appid);
      return reply.code(204).send();
    },
  );
  app.get<ByUserAccount>(
    '/users/:user_id/accounts/:appid/menu',
    {
      schema: {
        tags,
        summary:
          'The menu this follower sees (conditional menus resolved); each button has the path menu-events takes',
      },
    },
    async (request) =>
      presentVisibleMenu(await getFollowerMenu(ctx, request.params.user_id, request.params.appid)),
  );
}
