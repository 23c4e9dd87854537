import { sql, type Kysely } from 'kysely';

/**
 * What the follower client still kept to itself or could not find: an
 * account's WeChat id (微信号) to search by, and how far each user has read
 * each conversation, so unread badges follow the user across browsers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Nullable: most accounts never set one. WeChat ids compare without case,
  // so uniqueness holds on the lowered value (NULLs never collide, on both
  // dialects).
  await db.schema.alterTable('accounts').addColumn('alias', 'text').execute();
  await sql`CREATE UNIQUE INDEX accounts_alias_key ON accounts (lower(alias))`.execute(db);

  // One row per (user, account) once the user opens the conversation: the
  // created_at of the newest message they have seen there.
  await db.schema
    .createTable('conversation_reads')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('read_up_to', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_reads_pkey', ['user_id', 'account_id'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
