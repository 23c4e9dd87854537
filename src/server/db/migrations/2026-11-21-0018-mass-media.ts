import type { Kysely } from 'kysely';

/**
 * What mass send still lacked (spec §8.1, §12.3): the ids media/uploadnews
 * and media/uploadvideo hand out, and the time a console send is scheduled
 * for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A news (1–8 articles, JSON) or video (a video media plus title and
  // description) made only to be mass-sent: temporary like media/upload's,
  // and kept apart from materials and drafts so it never shows in their
  // lists or counts.
  await db.schema
    .createTable('mass_media')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('articles', 'text')
    .addColumn('video_media_id', 'text')
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mass_media_account_expiry_idx')
    .on('mass_media')
    .columns(['account_id', 'expires_at'])
    .execute();

  // A console send for later: its fan-out job runs at this time (platform clock).
  await db.schema.alterTable('mass_sends').addColumn('scheduled_at', 'bigint').execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
