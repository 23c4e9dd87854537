import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { defineOpenApi, type AnyOpenApiRoute } from '../../wechat/open-api.ts';
import { getFollowerOpenids, getUsersInfo, MAX_BATCHGET, updateRemark } from './user-info.ts';

// zh_CN, zh_TW or en; the answer has no localised fields since the 2021
// privacy change, and wechat-api sends "lang=undefined" when the caller gives
// none, so any value is accepted.
const Lang = z.string().max(16).optional();
const Openid = z.string().max(64);

/** Query of `/cgi-bin/user/info`. */
export const UserInfoQuerySchema = z.object({ openid: Openid, lang: Lang });
/** Query of `/cgi-bin/user/get`. */
export const UserGetQuerySchema = z.object({ next_openid: z.string().max(64).default('') });
/** Body of `/cgi-bin/user/info/batchget`. */
export const BatchGetBodySchema = z.object({
  user_list: z.array(z.object({ openid: Openid, lang: Lang.optional() })),
});
/** Body of `/cgi-bin/user/info/updateremark`: remark under 30 characters. */
export const UpdateRemarkBodySchema = z.object({ openid: Openid, remark: z.string() });

/** WeChat's user management (用户管理, spec §14.1): user/get, user/info, batchget, updateremark. */
export const userOpenApiRoutes: AnyOpenApiRoute[] = [
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/user/get',
    summary: 'Followers of the account, 10,000 openids a page',
    auth: 'access_token',
    capability: 'user_management',
    query: UserGetQuerySchema,
    handler: async ({ ctx, account, query }) => getFollowerOpenids(ctx, account, query.next_openid),
  }),
  defineOpenApi({
    method: 'GET',
    path: '/cgi-bin/user/info',
    summary: "One follower's info (subscribe 0 after an unfollow)",
    auth: 'access_token',
    capability: 'user_management',
    query: UserInfoQuerySchema,
    handler: async ({ ctx, account, query }) => (await getUsersInfo(ctx, account, [query.openid]))[0]!,
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/user/info/batchget',
    summary: 'Info for up to 100 followers',
    auth: 'access_token',
    capability: 'user_management',
    body: BatchGetBodySchema,
    handler: async ({ ctx, account, body }) => {
      if (body.user_list.length === 0 || body.user_list.length > MAX_BATCHGET)
        throw new AppError('OPENID_LIST_SIZE', `user_list must hold 1 to ${MAX_BATCHGET} openids`);
      return {
        user_info_list: await getUsersInfo(
          ctx,
          account,
          body.user_list.map((u) => u.openid),
        ),
      };
    },
  }),
  defineOpenApi({
    method: 'POST',
    path: '/cgi-bin/user/info/updateremark',
    summary: "Set the operator's remark on a follower",
    auth: 'access_token',
    capability: 'user_management',
    body: UpdateRemarkBodySchema,
    handler: async ({ ctx, account, body }) => {
      if ([...body.remark].length >= 30)
        throw new AppError('INVALID_PARAMETER', 'remark must be shorter than 30 characters');
      await updateRemark(ctx, account, body.openid, body.remark);
      return { errcode: 0, errmsg: 'ok' };
    },
  }),
];
