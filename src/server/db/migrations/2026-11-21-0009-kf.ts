import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Customer-service agents (spec §7.3–§7.5): kf accounts with their bound
 * WeChat user and pending invitation, sessions between a follower and an
 * agent (the waiting queue included), and the chat record msgrecord reads.
 * Conversation messages also say which kf account sent them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('kf_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kf_id', 'integer', (c) => c.notNull())
    .addColumn('kf_account', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    .addColumn('headimg_media_id', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('invite_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('invite_wx', 'text')
    .addColumn('invite_expires_at', 'bigint')
    .addColumn('invite_status', 'text')
    .addColumn('online_status', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('kf_accounts_account_key', ['account_id', 'kf_account'])
    .addUniqueConstraint('kf_accounts_kf_id_key', ['account_id', 'kf_id'])
    .execute();
  await db.schema.createIndex('kf_accounts_user_idx').on('kf_accounts').column('user_id').execute();
  await db.schema
    .createIndex('kf_accounts_invite_user_idx')
    .on('kf_accounts')
    .column('invite_user_id')
    .execute();

  // One open (waiting or active) session per follower: open_follower_id is
  // the follower while open and NULL once closed (NULLs never collide), so
  // two concurrent transfers cannot open two sessions on either dialect.
  await db.schema
    .createTable('kf_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('kf_account', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open_follower_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('latest_time', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('kf_sessions_open_follower_key', ['open_follower_id'])
    .execute();
  await db.schema
    .createIndex('kf_sessions_account_status_idx')
    .on('kf_sessions')
    .columns(['account_id', 'status', 'created_at'])
    .execute();

  // The chat record (msgrecord/getmsglist): msgid is the paging cursor.
  await db.schema
    .createTable('kf_records')
    .addColumn('msgid', postgres ? 'bigserial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('opercode', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('kf_records_account_msgid_idx')
    .on('kf_records')
    .columns(['account_id', 'msgid'])
    .execute();

  await db.schema.alterTable('messages').addColumn('kf_account', 'text').execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
