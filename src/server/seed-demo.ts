import type { AppContext } from './context.ts';
import type { AccountsTable } from './db/schema.ts';
import { generateEncodingAesKey, generateServerToken } from './modules/accounts/account-credentials.ts';
import { createAccount } from './modules/accounts/create-account.ts';
import { updateAccountRow } from './modules/accounts/accounts.queries.ts';
import { createOrganization } from './modules/organizations/create-organization.ts';
import { createAutoreplyRule } from './modules/autoreply/create-autoreply-rule.ts';
import { updateAutoreplySettings } from './modules/autoreply/update-autoreply-settings.ts';
import { createDemoFollowers } from './modules/followers/create-demo-followers.ts';

/**
 * First-run demo data: one organisation with a verified service account
 * (listed first) and an unverified subscription account, each with a Token
 * and EncodingAESKey ready for a developer server, a few followers, and
 * auto-replies on the service account so a first message gets an answer
 * before any developer server is connected.
 * Does nothing when any organisation exists.
 */
export async function seedDemo(ctx: AppContext): Promise<AccountsTable[] | null> {
  const existing = await ctx.db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const org = await createOrganization(ctx, { name: 'Gongzhong Demo' });
  const service = await createAccount(ctx, {
    organization_id: org.id,
    type: 'service',
    verified: true,
    name: 'Gongzhong Demo Service',
    alias: 'gongzhong-demo',
    description: 'A verified service account (服务号) with every API permission.',
  });
  const subscription = await createAccount(ctx, {
    organization_id: org.id,
    type: 'subscription',
    verified: false,
    name: 'Gongzhong Demo Subscription',
    alias: 'gongzhong-news',
    description: 'An unverified subscription account (订阅号): basic APIs only.',
  });
  const accounts: AccountsTable[] = [];
  for (const [i, account] of [service, subscription].entries()) {
    const set = {
      server_token: generateServerToken(),
      encoding_aes_key: generateEncodingAesKey(),
      // Both are created in the same millisecond; listing is oldest first,
      // so nudge the subscription account after the service account.
      created_at: account.created_at + i,
    };
    await updateAccountRow(ctx.db, account.id, set);
    accounts.push({ ...account, ...set });
  }
  await createDemoFollowers(ctx, accounts);
  await updateAutoreplySettings(ctx, service.appid, {
    follow_reply: {
      msgtype: 'text',
      text: { content: '欢迎关注 Gongzhong 演示服务号！发送“帮助”或 help 查看可以做什么。' },
    },
    default_reply: {
      msgtype: 'text',
      text: {
        content:
          '收到。这是自动回复：连接开发者服务器（PUT /gz/v1/accounts/:appid/developer）后，消息会推送给它。',
      },
    },
  });
  await createAutoreplyRule(ctx, service.appid, {
    rule_name: '帮助 / help',
    keywords: [
      { match_mode: 'equal', content: '帮助' },
      { match_mode: 'equal', content: 'help' },
    ],
    replies: [
      {
        msgtype: 'text',
        text: {
          content:
            'Gongzhong simulates WeChat followers. Point your bot at this platform, set the server URL in developer settings, and every message here becomes a signed WeChat push.',
        },
      },
    ],
    reply_mode: 'reply_all',
  });
  return accounts;
}
