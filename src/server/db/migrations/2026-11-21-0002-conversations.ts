import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Followers that talk: unionids, QR scene on followers, the conversation
 * (messages), the delivery log of pushes to developer servers, the follower
 * event log analytics reads, media that followers upload, and auto-reply.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // One unionid per (organisation, user): accounts of one open-platform owner share it.
  await db.schema
    .createTable('unionids')
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('unionid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('unionids_pkey', ['organization_id', 'user_id'])
    .addUniqueConstraint('unionids_unionid_key', ['unionid'])
    .execute();

  await db.schema.alterTable('followers').addColumn('qr_scene', 'bigint').execute();
  await db.schema.alterTable('followers').addColumn('qr_scene_str', 'text').execute();
  await db.schema.createIndex('followers_user_idx').on('followers').column('user_id').execute();
  await db.schema
    .createIndex('followers_account_subscribed_idx')
    .on('followers')
    .columns(['account_id', 'subscribed'])
    .execute();

  // 0 off, 1 on entering the conversation, 2 every 5 seconds (WeChat's three choices).
  await db.schema
    .alterTable('accounts')
    .addColumn('location_report', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('msg_id', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_follower_time_idx')
    .on('messages')
    .columns(['follower_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('messages_delivery_idx').on('messages').column('delivery_id').execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('follower_id', 'text', (c) => c.references('followers.id').onDelete('set null'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('event', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('message_mode', 'text', (c) => c.notNull())
    .addColumn('request_xml', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('reply_xml', 'text')
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('replay_of', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('deliveries_account_time_idx')
    .on('deliveries')
    .columns(['account_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('deliveries_follower_time_idx')
    .on('deliveries')
    .columns(['follower_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('delivery_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('request_url', 'text', (c) => c.notNull())
    .addColumn('request_body', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('delivery_attempts_delivery_idx')
    .on('delivery_attempts')
    .columns(['delivery_id', 'attempt'])
    .execute();

  // The follower event log: append-only, read by analytics in `seq` order.
  await db.schema
    .createTable('event_log')
    .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_log_account_time_idx')
    .on('event_log')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('event_log_user_time_idx')
    .on('event_log')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('media')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('media_account_time_idx')
    .on('media')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('autoreply_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('autoreply_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('follow_reply_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('follow_reply', 'text')
    .addColumn('default_reply_open', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('default_reply', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('autoreply_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('replies', 'text', (c) => c.notNull())
    .addColumn('reply_mode', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('autoreply_rules_account_idx')
    .on('autoreply_rules')
    .columns(['account_id', 'position'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
