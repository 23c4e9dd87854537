import { newFollowerRow } from './new-follower-row.ts';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, UsersTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { generateOpenid } from './openids.ts';

const DEMO_USERS: Omit<UsersTable, 'id' | 'created_at'>[] = [
  {
    nickname: '小明',
    avatar_url: '',
    sex: 1,
    country: '中国',
    province: '广东',
    city: '深圳',
    language: 'zh_CN',
    wechat_id: 'xiaoming_demo',
    client_platform: 'ios',
  },
  {
    nickname: '小红',
    avatar_url: '',
    sex: 2,
    country: '中国',
    province: '上海',
    city: '上海',
    language: 'zh_CN',
    wechat_id: 'xiaohong_demo',
    client_platform: 'android',
  },
  {
    nickname: 'Alice',
    avatar_url: '',
    sex: 2,
    country: 'United Kingdom',
    province: 'England',
    city: 'London',
    language: 'en',
    wechat_id: 'alice_demo',
    client_platform: 'android',
  },
  {
    nickname: '阿强',
    avatar_url: '',
    sex: 1,
    country: '中国',
    province: '四川',
    city: '成都',
    language: 'zh_CN',
    wechat_id: null,
    client_platform: 'android',
  },
];

/**
 * Simulated users for the demo: each follows every demo account, with a
 * distinct openid per account and one unionid per organisation. Inserted in
 * set statements, not a loop of per-follower writes.
 */
export async function createDemoFollowers(ctx: AppContext, accounts: AccountsTable[]): Promise<void> {
  const now = ctx.clock.now();
  const users: UsersTable[] = DEMO_USERS.map((u, i) => ({ ...u, id: newId('usr'), created_at: now + i }));
  const followers: FollowersTable[] = accounts.flatMap((account) =>
    users.map((user, i) =>
      newFollowerRow(account, user.id, now, {
        subscribed: 1,
        subscribe_time: now - (users.length - i) * 3600_000,
        subscribe_scene: 'ADD_SCENE_SEARCH',
      }),
    ),
  );
  const organizations = [...new Set(accounts.map((a) => a.organization_id))];
  const unionids = organizations.flatMap((organization_id) =>
    users.map((user) => ({
      organization_id,
      user_id: user.id,
      unionid: generateOpenid(`union:${organization_id}`),
      created_at: now,
    })),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('users').values(users).execute();
    if (followers.length > 0) await trx.insertInto('followers').values(followers).execute();
    if (unionids.length > 0) await trx.insertInto('unionids').values(unionids).execute();
  });
}
