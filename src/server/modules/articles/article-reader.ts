import type { AppContext } from '../../context.ts';
import type { AccountsTable, Db, FollowersTable, UsersTable } from '../../db/schema.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { appendEvents, type EventLogType } from '../event-log/event-log.ts';
import { getUser } from '../followers/get-user.ts';
import { ensureWebFollower } from '../webauth/authorize-user.ts';
import type { ArticleRow } from './record-articles.ts';

/** Where a reader opened an article (the event log's `source`). */
export const READ_SOURCES = [
  'conversation',
  'mass_send',
  'moments',
  'friend_share',
  'search',
  'profile',
  'menu',
  'other',
] as const;
export type ReadSource = (typeof READ_SOURCES)[number];

/** A person reading one article: the user, the account and their openid with it. */
export interface ArticleReader {
  user: UsersTable;
  account: AccountsTable;
  /** Made unsubscribed when they never followed: WeChat gives readers from Moments an openid too. */
  follower: FollowersTable;
}

/** The reader of `article` for `userId` (USER_NOT_FOUND for an unknown user). */
export async function articleReader(
  ctx: AppContext,
  userId: string,
  article: ArticleRow,
): Promise<ArticleReader> {
  const user = await getUser(ctx, userId);
  const account = (await selectAccountById(ctx.db, article.account_id))!;
  const follower = await ensureWebFollower(ctx, account, user.id);
  return { user, account, follower };
}

/** Appends one reader action on an article to the follower event log. */
export async function logArticleEvent(
  ctx: AppContext,
  db: Db,
  reader: ArticleReader,
  article: ArticleRow,
  type: Extract<EventLogType, `article_${string}`>,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendEvents(db, [
    {
      account_id: article.account_id,
      user_id: reader.user.id,
      openid: reader.follower.openid,
      type,
      detail: {
        article_id: article.id,
        msg_data_id: article.msg_data_id,
        idx: article.idx,
        subscribed: reader.follower.subscribed === 1,
        ...detail,
      },
      created_at: ctx.clock.now(),
    },
  ]);
}
