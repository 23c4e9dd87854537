import type { Kysely } from 'kysely';

/**
 * The audience tools of issue 4: tags and their members, the blacklist, the
 * client platform conditional menus match on, custom and conditional menus,
 * parametric QR codes with their scan counts, and short keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Tag ids are per account, start at 100 (0–2 are WeChat's system tags) and
  // are never reused, so an old id in a developer's database cannot silently
  // point at a new tag.
  await db.schema
    .createTable('tags')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pkey', ['account_id', 'id'])
    .addUniqueConstraint('tags_account_name_key', ['account_id', 'name'])
    .execute();
  // The highest tag id an account ever had, so deleted ids are not handed out again.
  await db.schema
    .alterTable('accounts')
    .addColumn('last_tag_id', 'integer', (c) => c.notNull().defaultTo(99))
    .execute();

  // openid is copied here (it never changes for a follower) so user/tag/get
  // pages a tag's members by openid on one index, like user/get does.
  await db.schema
    .createTable('follower_tags')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull())
    .addColumn('follower_id', 'text', (c) => c.notNull().references('followers.id').onDelete('cascade'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('follower_tags_pkey', ['follower_id', 'tag_id'])
    .addForeignKeyConstraint(
      'follower_tags_tag_fkey',
      ['account_id', 'tag_id'],
      'tags',
      ['account_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('follower_tags_tag_openid_idx')
    .on('follower_tags')
    .columns(['account_id', 'tag_id', 'openid'])
    .execute();

  await db.schema
    .alterTable('followers')
    .addColumn('blacklisted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('followers_account_blacklisted_openid_idx')
    .on('followers')
    .columns(['account_id', 'blacklisted', 'openid'])
    .execute();

  // ios | android | others: what conditional menus' client_platform_type sees.
  await db.schema
    .alterTable('users')
    .addColumn('client_platform', 'text', (c) => c.notNull().defaultTo('android'))
    .execute();

  // One default menu (kind 'default') and any number of conditional menus per
  // account; buttons and matchrule are JSON text in WeChat's request shape.
  await db.schema
    .createTable('menus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('menuid', 'bigint', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('buttons', 'text', (c) => c.notNull())
    .addColumn('matchrule', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('menus_account_idx').on('menus').columns(['account_id', 'kind']).execute();

  await db.schema
    .createTable('qr_codes')
    .addColumn('ticket', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('action_name', 'text', (c) => c.notNull())
    .addColumn('scene_id', 'bigint')
    .addColumn('scene_str', 'text')
    .addColumn('expire_seconds', 'integer')
    .addColumn('expires_at', 'bigint')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('scan_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('subscribe_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('qr_codes_account_idx')
    .on('qr_codes')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema.createIndex('qr_codes_url_idx').on('qr_codes').column('url').execute();

  await db.schema
    .createTable('short_keys')
    .addColumn('short_key', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('long_data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
