import type { Db, PublicationsTable, SensitiveWordsTable } from '../../db/schema.ts';
import type { ArticleRow } from '../articles/record-articles.ts';

/** An account's publication by publish_id, or undefined. */
export function selectPublicationByPublishId(
  db: Db,
  accountId: string,
  publishId: number,
): Promise<PublicationsTable | undefined> {
  return db
    .selectFrom('publications')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('publish_id', '=', publishId)
    .executeTakeFirst();
}

/** An account's successful publication by article_id, or undefined. */
export function selectPublicationByArticleId(
  db: Db,
  accountId: string,
  articleId: string,
): Promise<PublicationsTable | undefined> {
  return db
    .selectFrom('publications')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
}

export function selectPublicationById(db: Db, id: string): Promise<PublicationsTable | undefined> {
  return db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The readable articles of the given publications, in order within each. */
export function selectPublishedArticles(db: Db, publicationIds: readonly string[]): Promise<ArticleRow[]> {
  if (publicationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('articles')
    .selectAll()
    .where('publication_id', 'in', publicationIds)
    .orderBy('publication_id')
    .orderBy('idx')
    .execute();
}

/** A page of an account's publications, newest first; `successfulOnly` keeps those with articles to read. */
export function selectPublicationPage(
  db: Db,
  accountId: string,
  opts: { offset: number; count: number; successfulOnly: boolean },
): Promise<PublicationsTable[]> {
  let q = db.selectFrom('publications').selectAll().where('account_id', '=', accountId);
  if (opts.successfulOnly) q = q.where('publish_status', '=', 0);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(opts.offset)
    .limit(opts.count)
    .execute();
}

/** How many publications selectPublicationPage would page through. */
export async function countPublications(db: Db, accountId: string, successfulOnly: boolean): Promise<number> {
  let q = db
    .selectFrom('publications')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId);
  if (successfulOnly) q = q.where('publish_status', '=', 0);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The words of an organisation, alphabetically. */
export function selectSensitiveWords(db: Db, organizationId: string): Promise<SensitiveWordsTable[]> {
  return db
    .selectFrom('sensitive_words')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('word')
    .execute();
}
