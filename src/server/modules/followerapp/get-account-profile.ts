import type { AppContext } from '../../context.ts';
import { getAccount } from '../accounts/get-account.ts';
import { coverPath } from '../articles/articles.presenter.ts';
import { presentPublicAccount } from './followerapp.presenter.ts';
import { selectFollowState, selectRecentArticles } from './followerapp.queries.ts';

/** Articles listed on a profile page, newest first. */
export const PROFILE_ARTICLES = 5;

/**
 * An account's profile page as one follower sees it: the public profile,
 * whether this user follows it (the follow / enter-conversation button) and
 * its newest articles.
 */
export async function getAccountProfile(ctx: AppContext, appid: string, userId: string | null) {
  const account = await getAccount(ctx, appid);
  const [state, articles] = await Promise.all([
    userId ? selectFollowState(ctx.db, userId, appid) : undefined,
    selectRecentArticles(ctx.db, appid, PROFILE_ARTICLES),
  ]);
  return {
    ...presentPublicAccount(account),
    following: state?.subscribed === 1,
    /** The account's LOCATION reporting (0 off, 1 on entering the chat, 2 every 5 s): the client asks the follower first. */
    location_report: account.location_report,
    recent_articles: articles.map((a) => ({
      id: a.id,
      title: a.title,
      digest: a.digest,
      cover_url: coverPath(a),
      read_count: a.read_count,
      published_at: a.published_at,
    })),
  };
}
