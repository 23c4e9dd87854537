import type { ArticleFields, Db, DraftArticlesTable, DraftsTable } from '../../db/schema.ts';

/** An account's draft by media_id, or undefined. */
export function selectDraft(db: Db, accountId: string, mediaId: string): Promise<DraftsTable | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('media_id', '=', mediaId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The articles of the given drafts, in order within each. */
export function selectDraftArticles(db: Db, mediaIds: readonly string[]): Promise<DraftArticlesTable[]> {
  if (mediaIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('draft_articles')
    .selectAll()
    .where('media_id', 'in', mediaIds)
    .orderBy('media_id')
    .orderBy('idx')
    .execute();
}

/** How many drafts the account holds. */
export async function countDrafts(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('drafts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of drafts, most recently updated first (media_id breaks ties so pages never overlap). */
export function selectDraftPage(
  db: Db,
  accountId: string,
  offset: number,
  count: number,
): Promise<DraftsTable[]> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('updated_at', 'desc')
    .orderBy('media_id', 'desc')
    .offset(offset)
    .limit(count)
    .execute();
}

/** Stores a draft and its articles (idx 0..n-1) in one transaction. */
export async function insertDraft(
  db: Db,
  draft: DraftsTable,
  articles: readonly ArticleFields[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('drafts').values(draft).execute();
    await trx
      .insertInto('draft_articles')
      .values(articles.map((a, idx) => ({ ...a, media_id: draft.media_id, idx })))
      .execute();
  });
}

/** Replaces one article and stamps the draft; false when there is no article at that index. */
export async function replaceDraftArticle(
  db: Db,
  mediaId: string,
  idx: number,
  article: ArticleFields,
  updatedAt: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('draft_articles')
      .set(article)
      .where('media_id', '=', mediaId)
      .where('idx', '=', idx)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await trx.updateTable('drafts').set({ updated_at: updatedAt }).where('media_id', '=', mediaId).execute();
    return true;
  });
}

/** Replaces every article of a draft (our console's whole-draft save). */
export async function replaceDraftArticles(
  db: Db,
  mediaId: string,
  articles: readonly ArticleFields[],
  updatedAt: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('draft_articles').where('media_id', '=', mediaId).execute();
    await trx
      .insertInto('draft_articles')
      .values(articles.map((a, idx) => ({ ...a, media_id: mediaId, idx })))
      .execute();
    await trx.updateTable('drafts').set({ updated_at: updatedAt }).where('media_id', '=', mediaId).execute();
  });
}

/** Removes a draft and its articles; false when the account has no such draft. */
export async function deleteDraftRow(db: Db, accountId: string, mediaId: string): Promise<boolean> {
  return db.transaction().execute((trx) => removeDraft(trx, accountId, mediaId));
}

/**
 * Removes a draft and its articles inside the caller's transaction (draft/delete,
 * a mass send of the draft); false when the account has no such draft, which
 * includes one a concurrent transaction removed first (the DELETE waits for it).
 */
export async function removeDraft(trx: Db, accountId: string, mediaId: string): Promise<boolean> {
  const removed = await trx
    .deleteFrom('drafts')
    .where('media_id', '=', mediaId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) return false;
  // Explicit rather than relying on ON DELETE CASCADE, which SQLite applies only with foreign_keys on.
  await trx.deleteFrom('draft_articles').where('media_id', '=', mediaId).execute();
  return true;
}
