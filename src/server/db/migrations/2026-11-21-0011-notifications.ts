import type { Kysely } from 'kysely';

/**
 * Template messages and subscribe notifications (issue 5): an account's
 * industries and private templates, every template send (for
 * client_msg_id de-duplication and TEMPLATESENDJOBFINISH), subscribe
 * notification templates and each follower's accept/reject per template,
 * the follower's "block this account's notifications" switch, and an index
 * for a user's service-notification feed across accounts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_industries')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('primary_industry_id', 'integer', (c) => c.notNull())
    .addColumn('secondary_industry_id', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('private_templates')
    .addColumn('template_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('short_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('primary_industry', 'text', (c) => c.notNull())
    .addColumn('deputy_industry', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('private_templates_account_idx')
    .on('private_templates')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('template_sends')
    .addColumn('msgid', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('client_msg_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('template_sends_client_msg_idx')
    .on('template_sends')
    .columns(['account_id', 'follower_id', 'client_msg_id'])
    .execute();

  await db.schema
    .createTable('subscribe_templates')
    .addColumn('pri_tmpl_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tid', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addColumn('kid_list', 'text', (c) => c.notNull())
    .addColumn('scene_desc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subscribe_templates_account_idx')
    .on('subscribe_templates')
    .columns(['account_id', 'created_at'])
    .execute();

  // One row per (follower, template): the latest decision, and for one-time
  // templates how many sends the accepts still allow.
  await db.schema
    .createTable('notification_subscriptions')
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('pri_tmpl_id', 'text', (c) =>
      c.notNull().references('subscribe_templates.pri_tmpl_id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_subscriptions_pkey', ['follower_id', 'pri_tmpl_id'])
    .execute();

  await db.schema
    .alterTable('followers')
    .addColumn('notifications_blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('messages_user_source_time_idx')
    .on('messages')
    .columns(['user_id', 'source', 'created_at'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
