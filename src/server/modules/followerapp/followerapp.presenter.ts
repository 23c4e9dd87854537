import type { AccountsTable } from '../../db/schema.ts';

/** An account as any follower sees it in WeChat: public profile only, never credentials. */
export function presentPublicAccount(
  row: Pick<
    AccountsTable,
    'appid' | 'original_id' | 'alias' | 'name' | 'description' | 'avatar_url' | 'type' | 'verified'
  >,
) {
  return {
    appid: row.appid,
    original_id: row.original_id,
    /** WeChat id (微信号), when the account has one. */
    alias: row.alias ?? null,
    name: row.name,
    description: row.description,
    avatar_url: row.avatar_url,
    type: row.type,
    verified: row.verified === 1,
  };
}
