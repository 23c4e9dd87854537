import type { Kysely } from 'kysely';

/**
 * Mass send (spec §8): one row per sendall/send/preview call, what each
 * follower has received this month (service accounts' cap of 4), and each
 * account's delivery speed (mass/speed/set).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mass_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('msg_id', 'bigint', (c) => c.notNull())
    .addColumn('msg_data_id', 'bigint')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'integer')
    .addColumn('touser', 'text')
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('clientmsgid', 'text')
    .addColumn('send_ignore_reprint', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('speed', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('batches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('filter_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_articles', 'text')
    .addColumn('job_id', 'text')
    .addColumn('finish_delivery_id', 'text')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('mass_sends_msg_id_key', ['msg_id'])
    .execute();
  await db.schema
    .createIndex('mass_sends_account_time_idx')
    .on('mass_sends')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('mass_sends_account_clientmsgid_idx')
    .on('mass_sends')
    .columns(['account_id', 'clientmsgid', 'created_at'])
    .execute();

  // One row per follower who ever got a mass message: the month it counts
  // for and how many arrived in it. Updated set-based with each batch.
  await db.schema
    .createTable('mass_send_receipts')
    .addColumn('follower_id', 'text', (c) => c.primaryKey().references('followers.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mass_send_speeds')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('speed', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
