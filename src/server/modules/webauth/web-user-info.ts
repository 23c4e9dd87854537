import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { selectUnionid } from '../followers/followers.queries.ts';
import { authenticateWebToken } from './web-tokens.ts';

/** `/sns/userinfo`'s answer (spec §17.4). */
export interface WebUserInfo {
  openid: string;
  nickname: string;
  sex: number;
  province: string;
  city: string;
  country: string;
  headimgurl: string;
  privilege: string[];
  unionid?: string;
}

/**
 * `/sns/userinfo`: the profile a snsapi_userinfo consent shares (48001 for a
 * snsapi_base token, 40003 when openid is not the token's). Since WeChat's
 * 2021 privacy change sex is 0 and the region empty, whatever `lang` asks.
 */
export async function getWebUserInfo(
  ctx: AppContext,
  query: Record<string, string | undefined>,
): Promise<WebUserInfo> {
  const { grant, openid, userId } = await authenticateWebToken(ctx, query.access_token);
  if (query.openid !== openid)
    throw new AppError('INVALID_OPENID', 'openid is not the one this access_token was issued for');
  if (grant.scope !== 'snsapi_userinfo')
    throw new AppError(
      'API_UNAUTHORIZED',
      'this access_token came from snsapi_base; userinfo needs snsapi_userinfo consent',
    );
  const user = await ctx.db
    .selectFrom('users')
    .select(['nickname', 'avatar_url'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const account = await ctx.db
    .selectFrom('accounts')
    .select('organization_id')
    .where('id', '=', grant.account_id)
    .executeTakeFirstOrThrow();
  const unionid = await selectUnionid(ctx.db, account.organization_id, userId);
  return {
    openid,
    nickname: user.nickname,
    sex: 0,
    province: '',
    city: '',
    country: '',
    headimgurl: user.avatar_url,
    privilege: [],
    ...(unionid ? { unionid: unionid.unionid } : {}),
  };
}

/**
 * `/sns/auth`: `{errcode: 0, errmsg: "ok"}` for a valid web token (always
 * with errcode: wechatpy reads it directly). `openid` is optional
 * (wechat-jssdk sends none); when given it must be the token's (40003).
 */
export async function checkWebToken(
  ctx: AppContext,
  query: Record<string, string | undefined>,
): Promise<{ errcode: 0; errmsg: 'ok' }> {
  const { openid } = await authenticateWebToken(ctx, query.access_token);
  if (query.openid !== undefined && query.openid !== openid)
    throw new AppError('INVALID_OPENID', 'openid is not the one this access_token was issued for');
  return { errcode: 0, errmsg: 'ok' };
}
