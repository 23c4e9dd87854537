import type { Kysely } from 'kysely';

/**
 * `/cgi-bin/user/get` pages an account's followers by openid (keyset:
 * `openid > next_openid`), 10,000 at a time; this index keeps each page a
 * range scan at millions of followers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('followers_account_subscribed_openid_idx')
    .on('followers')
    .columns(['account_id', 'subscribed', 'openid'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
