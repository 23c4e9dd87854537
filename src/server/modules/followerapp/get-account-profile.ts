import type { AppContext } from '../../context.ts';
import { getAccount } from '../accounts/get-account.ts';
import { presentPublicAccount } from './followerapp.presenter.ts';
import { selectFollowState } from './followerapp.queries.ts';

/**
 * An account's profile page as one follower sees it: the public profile and
 * whether this user follows it (the follow / enter-conversation button).
 */
export async function getAccountProfile(ctx: AppContext, appid: string, userId: string | null) {
  const account = await getAccount(ctx, appid);
  const state = userId ? await selectFollowState(ctx.db, userId, appid) : undefined;
  return { ...presentPublicAccount(account), following: state?.subscribed === 1 };
}
