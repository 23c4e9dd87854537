import { sql } from 'kysely';
import type {
  Db,
  MaterialNewsArticlesTable,
  MaterialNewsTable,
  MediaTable,
  MediaType,
} from '../../db/schema.ts';

/** The media types a material listing of `kind` covers: thumbs are listed and counted as images. */
export function mediaTypesOf(kind: 'image' | 'voice' | 'video'): MediaType[] {
  return kind === 'image' ? ['image', 'thumb'] : [kind];
}

/** An account's permanent file material by id, or undefined (other accounts' and temporary media too). */
export function selectFileMaterial(
  db: Db,
  accountId: string,
  mediaId: string,
): Promise<MediaTable | undefined> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('media_id', '=', mediaId)
    .where('account_id', '=', accountId)
    .where('origin', '=', 'permanent')
    .executeTakeFirst();
}

/** An account's news material by id, or undefined. */
export function selectNews(
  db: Db,
  accountId: string,
  mediaId: string,
): Promise<MaterialNewsTable | undefined> {
  return db
    .selectFrom('material_news')
    .selectAll()
    .where('media_id', '=', mediaId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The articles of the given news materials, in order within each. */
export function selectNewsArticles(
  db: Db,
  mediaIds: readonly string[],
): Promise<MaterialNewsArticlesTable[]> {
  if (mediaIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('material_news_articles')
    .selectAll()
    .where('media_id', 'in', mediaIds)
    .orderBy('media_id')
    .orderBy('idx')
    .execute();
}

/** How many permanent file materials of `types` the account holds. */
export async function countFileMaterials(
  db: Db,
  accountId: string,
  types: readonly MediaType[],
): Promise<number> {
  const row = await db
    .selectFrom('media')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId)
    .where('origin', '=', 'permanent')
    .where('type', 'in', types)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Permanent file materials per media type (types with none are absent). */
export async function countFileMaterialsByType(db: Db, accountId: string): Promise<Map<MediaType, number>> {
  const rows = await db
    .selectFrom('media')
    .select(['type', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('account_id', '=', accountId)
    .where('origin', '=', 'permanent')
    .groupBy('type')
    .execute();
  return new Map(rows.map((r) => [r.type, Number(r.n)]));
}

/** How many news materials the account holds. */
export async function countNews(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('material_news')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of permanent file materials of `types`, newest first (media_id breaks ties so pages never overlap). */
export function selectFileMaterialPage(
  db: Db,
  accountId: string,
  types: readonly MediaType[],
  offset: number,
  count: number,
): Promise<MediaTable[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('origin', '=', 'permanent')
    .where('type', 'in', types)
    .orderBy('created_at', 'desc')
    .orderBy('media_id', 'desc')
    .offset(offset)
    .limit(count)
    .execute();
}

/** A page of news materials, newest first. */
export function selectNewsPage(
  db: Db,
  accountId: string,
  offset: number,
  count: number,
): Promise<MaterialNewsTable[]> {
  return db
    .selectFrom('material_news')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('media_id', 'desc')
    .offset(offset)
    .limit(count)
    .execute();
}

/** Stores a news material and its articles (idx 0..n-1) in one transaction. */
export async function insertNews(
  db: Db,
  news: MaterialNewsTable,
  articles: readonly MaterialNewsArticlesTable[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('material_news').values(news).execute();
    await trx
      .insertInto('material_news_articles')
      .values([...articles])
      .execute();
  });
}

/** Replaces one article and stamps the news material's update time; false when there is no article at that index. */
export async function replaceNewsArticle(
  db: Db,
  article: MaterialNewsArticlesTable,
  updatedAt: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { media_id: mediaId, idx, ...fields } = article;
    const result = await trx
      .updateTable('material_news_articles')
      .set(fields)
      .where('media_id', '=', mediaId)
      .where('idx', '=', idx)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx
      .updateTable('material_news')
      .set({ updated_at: updatedAt })
      .where('media_id', '=', mediaId)
      .execute();
    return true;
  });
}

/** Removes a news material and its articles. */
export async function deleteNews(db: Db, mediaId: string): Promise<void> {
  // Articles go with it (ON DELETE CASCADE; SQLite enforces it with foreign_keys on).
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('material_news_articles').where('media_id', '=', mediaId).execute();
    await trx.deleteFrom('material_news').where('media_id', '=', mediaId).execute();
  });
}

/** Removes a file material's row (the caller deletes its bytes). */
export async function deleteFileMaterialRow(db: Db, mediaId: string): Promise<void> {
  await db.deleteFrom('media').where('media_id', '=', mediaId).execute();
}

/**
 * True when an auto-reply (rule, follow or default reply) or a menu of the
 * account mentions `mediaId` anywhere in its JSON. A substring test is exact
 * here: ids are 64 random characters, so one never appears by accident.
 * `_` is a LIKE wildcard and occurs in ids, hence the escape.
 */
export async function isMaterialReferenced(db: Db, accountId: string, mediaId: string): Promise<boolean> {
  const pattern = `%${mediaId.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  const contains = (column: string) => sql<boolean>`${sql.ref(column)} like ${pattern} escape '!'`;
  const [rule, settings, menu] = await Promise.all([
    db
      .selectFrom('autoreply_rules')
      .select('id')
      .where('account_id', '=', accountId)
      .where(contains('replies'))
      .executeTakeFirst(),
    db
      .selectFrom('autoreply_settings')
      .select('account_id')
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([contains('follow_reply'), contains('default_reply')]))
      .executeTakeFirst(),
    db
      .selectFrom('menus')
      .select('id')
      .where('account_id', '=', accountId)
      .where(contains('buttons'))
      .executeTakeFirst(),
  ]);
  return Boolean(rule ?? settings ?? menu);
}
