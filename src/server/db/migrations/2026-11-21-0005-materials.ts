import type { Kysely } from 'kysely';

/**
 * Materials of issue 6: the title and introduction of video materials (on
 * the `media` row that holds the file), news materials (the legacy
 * add_news/update_news articles), and the index permanent-material listing
 * and the expiry sweep read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A video material's `description` ({title, introduction}); null for every other media.
  await db.schema.alterTable('media').addColumn('title', 'text').execute();
  await db.schema.alterTable('media').addColumn('introduction', 'text').execute();
  // batchget_material and get_materialcount: one account's materials of one type, newest first.
  await db.schema
    .createIndex('media_account_origin_type_time_idx')
    .on('media')
    .columns(['account_id', 'origin', 'type', 'created_at'])
    .execute();
  // The expiry sweep reads "every row whose expires_at has passed"; permanent rows are null.
  await db.schema.createIndex('media_expires_idx').on('media').column('expires_at').execute();

  // A news material: up to 8 articles under one media_id (ids share the media id space).
  await db.schema
    .createTable('material_news')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('material_news_account_time_idx')
    .on('material_news')
    .columns(['account_id', 'created_at'])
    .execute();

  // thumb_media_id is not a foreign key: WeChat keeps an article when its
  // cover material is deleted, and so do we (the cover then stops resolving).
  await db.schema
    .createTable('material_news_articles')
    .addColumn('media_id', 'text', (c) =>
      c.notNull().references('material_news.media_id').onDelete('cascade'),
    )
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('thumb_media_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_source_url', 'text', (c) => c.notNull())
    .addColumn('show_cover_pic', 'integer', (c) => c.notNull())
    .addColumn('need_open_comment', 'integer', (c) => c.notNull())
    .addColumn('only_fans_can_comment', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('material_news_articles_pkey', ['media_id', 'idx'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
