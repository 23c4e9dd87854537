import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DialectName } from '../../db/index.ts';
import type { ArticleCommentsTable, ArticlesTable, Db } from '../../db/schema.ts';

export type ArticleCommentRow = Selectable<ArticleCommentsTable>;
/** A comment with its writer's nickname, as pages and lists show it. */
export type CommentWithNickname = ArticleCommentRow & { nickname: string };

/** One article by its id (the page's `/s/:id`), deleted ones included. */
export function selectArticleById(db: Db, id: string) {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One article as comment/* address it: (msg_data_id, 0-based index) of the account. */
export function selectArticleByMsgData(db: Db, accountId: string, msgDataId: number, idx: number) {
  return db
    .selectFrom('articles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('msg_data_id', '=', msgDataId)
    .where('idx', '=', idx)
    .executeTakeFirst();
}

/** One comment by its per-article number, deleted ones included. */
export function selectComment(db: Db, articleRef: string, userCommentId: number) {
  return db
    .selectFrom('article_comments')
    .selectAll()
    .where('article_ref', '=', articleRef)
    .where('user_comment_id', '=', userCommentId)
    .executeTakeFirst();
}

/** comment/list's `type`: 0 all, 1 normal only, 2 elected only. */
export type CommentListType = 0 | 1 | 2;

/** Live (not deleted) comments of an article, oldest first, with their writers' nicknames. */
function liveComments(db: Db, articleRef: string, type: CommentListType) {
  let q = db
    .selectFrom('article_comments')
    .innerJoin('users', 'users.id', 'article_comments.user_id')
    .where('article_comments.article_ref', '=', articleRef)
    .where('article_comments.deleted_by', 'is', null);
  if (type === 1) q = q.where('article_comments.comment_type', '=', 0);
  if (type === 2) q = q.where('article_comments.comment_type', '=', 1);
  return q;
}

/** A page of live comments (`begin` is an offset into the list) and how many there are. */
export async function selectCommentPage(
  db: Db,
  articleRef: string,
  type: CommentListType,
  begin: number,
  count: number,
): Promise<{ total: number; rows: CommentWithNickname[] }> {
  const [totalRow, rows] = await Promise.all([
    liveComments(db, articleRef, type)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
    liveComments(db, articleRef, type)
      .selectAll('article_comments')
      .select('users.nickname')
      .orderBy('article_comments.user_comment_id')
      .offset(begin)
      .limit(count)
      .execute(),
  ]);
  return { total: Number(totalRow.n), rows };
}

/**
 * The comments a reader sees under an article, as WeChat shows them: the
 * elected ones, plus the reader's own (still unreviewed) when one is given.
 */
export function selectReaderComments(
  db: Db,
  articleRef: string,
  userId: string | null,
  limit: number,
): Promise<CommentWithNickname[]> {
  return liveComments(db, articleRef, 0)
    .where((eb) =>
      userId
        ? eb.or([eb('article_comments.comment_type', '=', 1), eb('article_comments.user_id', '=', userId)])
        : eb('article_comments.comment_type', '=', 1),
    )
    .selectAll('article_comments')
    .select('users.nickname')
    .orderBy('article_comments.user_comment_id')
    .limit(limit)
    .execute();
}

/** Which reactions (like, wow) this user has on the article. */
export async function selectUserReactions(
  db: Db,
  articleRef: string,
  userId: string,
): Promise<Set<'like' | 'wow'>> {
  const rows = await db
    .selectFrom('article_reactions')
    .select('kind')
    .where('article_ref', '=', articleRef)
    .where('user_id', '=', userId)
    .execute();
  return new Set(rows.map((r) => r.kind));
}

/** Elected, live comments of an article (WeChat caps them). */
export async function countElectedComments(db: Db, articleRef: string): Promise<number> {
  const row = await liveComments(db, articleRef, 2)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves one of an article's counters by `delta`, never below zero (a
 * counter and its rows change in one transaction, so this is a guard, not
 * a correction).
 */
export async function bumpArticleCounter(
  db: Db,
  articleRef: string,
  column: 'read_count' | 'like_count' | 'wow_count' | 'share_count' | 'comment_count',
  delta: 1 | -1,
): Promise<void> {
  await db
    .updateTable('articles')
    .set({
      // CASE rather than max()/greatest(): the one spelling both dialects share.
      [column]:
        delta > 0
          ? sql<number>`${sql.ref(column)} + 1`
          : sql<number>`case when ${sql.ref(column)} > 0 then ${sql.ref(column)} - 1 else 0 end`,
    })
    .where('id', '=', articleRef)
    .execute();
}

/** Filter of the operator's article list. */
export interface ArticleListFilter {
  accountId: string;
  /** Search words: only published, non-deleted articles containing them. */
  q?: string | undefined;
  offset: number;
  limit: number;
}

/**
 * The account's articles, newest first; with `q`, the live ones whose title,
 * digest or text contain it, title matches first. 3+ characters use the
 * trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL); shorter queries
 * (common for 2-character Chinese words) use LIKE, which trigrams cannot
 * serve.
 */
export async function selectArticlePage(
  db: Db,
  dialect: DialectName,
  filter: ArticleListFilter,
): Promise<{ total: number; rows: Selectable<ArticlesTable>[] }> {
  const q = filter.q?.trim() ?? '';
  let base = db.selectFrom('articles').where('articles.account_id', '=', filter.accountId);
  let titleFirst: RawBuilder<number> | null = null;
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    base = base.where('articles.deleted_at', 'is', null);
    if (dialect === 'sqlite' && [...q].length >= 3) {
      // A phrase of the whole query: the trigram tokenizer matches it as a substring.
      const phrase = `"${q.replace(/"/g, '""')}"`;
      base = base.where(
        'articles.id',
        'in',
        sql<string>`(select article_ref from article_search where article_search match ${phrase})`,
      );
    } else if (dialect === 'sqlite') {
      base = base.where(
        sql<boolean>`(articles.title || ' ' || articles.digest || ' ' || articles.search_text) like ${pattern} escape '\\'`,
      );
    } else {
      // The same expression as the GIN index (migration 0014), so ILIKE can use it.
      base = base.where(
        sql<boolean>`(articles.title || ' ' || articles.digest || ' ' || articles.search_text) ilike ${pattern} escape '\\'`,
      );
    }
    titleFirst =
      dialect === 'sqlite'
        ? sql<number>`case when articles.title like ${pattern} escape '\\' then 0 else 1 end`
        : sql<number>`case when articles.title ilike ${pattern} escape '\\' then 0 else 1 end`;
  }
  let rowsQuery = base.selectAll('articles');
  if (titleFirst) rowsQuery = rowsQuery.orderBy(titleFirst);
  const [totalRow, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    rowsQuery
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.msg_data_id', 'desc')
      .orderBy('articles.idx')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute(),
  ]);
  return { total: Number(totalRow.n), rows };
}

/** `value` with LIKE's wildcards taken literally (escape character `\`). */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
