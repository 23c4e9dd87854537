import type { Kysely } from 'kysely';

/**
 * Content of issue 6 (spec §13, §15): drafts, publish jobs, the articles
 * followers read (from publishing or an mpnews mass send), their comments and
 * likes, and the sensitive words the publish check looks for. Article search
 * indexes are dialect-specific and come in their own migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A draft: up to 8 articles under one media_id (the media id space, like materials).
  await db.schema
    .createTable('drafts')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('drafts_account_time_idx')
    .on('drafts')
    .columns(['account_id', 'updated_at'])
    .execute();
  await db.schema
    .createTable('draft_articles')
    .addColumn('media_id', 'text', (c) => c.notNull().references('drafts.media_id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('article_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_source_url', 'text', (c) => c.notNull())
    .addColumn('thumb_media_id', 'text', (c) => c.notNull())
    .addColumn('show_cover_pic', 'integer', (c) => c.notNull())
    .addColumn('need_open_comment', 'integer', (c) => c.notNull())
    .addColumn('only_fans_can_comment', 'integer', (c) => c.notNull())
    .addColumn('pic_crop_235_1', 'text', (c) => c.notNull())
    .addColumn('pic_crop_1_1', 'text', (c) => c.notNull())
    .addColumn('image_info', 'text')
    .addPrimaryKeyConstraint('draft_articles_pkey', ['media_id', 'idx'])
    .execute();

  // One freepublish/submit (or a scheduled one): the articles are copied at
  // submit time, so editing or deleting the draft afterwards changes nothing.
  await db.schema
    .createTable('publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('publish_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('draft_media_id', 'text', (c) => c.notNull())
    .addColumn('articles', 'text', (c) => c.notNull())
    .addColumn('publish_status', 'integer', (c) => c.notNull())
    .addColumn('fail_idx', 'text')
    .addColumn('article_id', 'text', (c) => c.unique())
    .addColumn('msg_data_id', 'bigint')
    .addColumn('scheduled_at', 'bigint')
    .addColumn('job_id', 'text')
    .addColumn('finish_delivery_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('publications_account_time_idx')
    .on('publications')
    .columns(['account_id', 'created_at'])
    .execute();

  // An article a follower can open: one row per article of a publication or
  // an mpnews mass send, addressed as WeChat does by (msg_data_id, idx).
  // Content is stored sanitised; counters are kept with the reaction or event
  // that changes them, so lists never count rows.
  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('msg_data_id', 'bigint', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'text')
    .addColumn('publication_id', 'text')
    .addColumn('mass_send_id', 'text')
    .addColumn('article_type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_source_url', 'text', (c) => c.notNull())
    .addColumn('thumb_media_id', 'text', (c) => c.notNull())
    .addColumn('show_cover_pic', 'integer', (c) => c.notNull())
    .addColumn('pic_crop_235_1', 'text', (c) => c.notNull())
    .addColumn('pic_crop_1_1', 'text', (c) => c.notNull())
    .addColumn('image_info', 'text')
    .addColumn('need_open_comment', 'integer', (c) => c.notNull())
    .addColumn('only_fans_can_comment', 'integer', (c) => c.notNull())
    .addColumn('read_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wow_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('share_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addUniqueConstraint('articles_msg_data_idx_key', ['account_id', 'msg_data_id', 'idx'])
    .execute();
  await db.schema
    .createIndex('articles_account_time_idx')
    .on('articles')
    .columns(['account_id', 'published_at'])
    .execute();
  await db.schema.createIndex('articles_article_id_idx').on('articles').column('article_id').execute();

  // A comment (留言). user_comment_id counts from 1 per article, as WeChat's.
  await db.schema
    .createTable('article_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('article_ref', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_comment_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('comment_type', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_content', 'text')
    .addColumn('reply_created_at', 'bigint')
    .addColumn('deleted_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('article_comments_number_key', ['article_ref', 'user_comment_id'])
    .execute();

  // Likes (赞) and wows (在看): one of each per person per article.
  await db.schema
    .createTable('article_reactions')
    .addColumn('article_ref', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_reactions_pkey', ['article_ref', 'user_id', 'kind'])
    .execute();

  // The operator's sensitive words, per organisation: the publish check fails
  // an article that contains one (publish_status 4 with fail_idx).
  await db.schema
    .createTable('sensitive_words')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sensitive_words_org_word_key', ['organization_id', 'word'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
