import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Article search (issue 6), CJK-aware on both dialects: Chinese has no
 * spaces, so words cannot be tokenised by whitespace; both indexes work on
 * character trigrams instead and match any substring of 3+ characters.
 *
 * `articles.search_text` holds the plain text of the sanitised content
 * (recordArticles fills it). SQLite: an FTS5 table with the trigram
 * tokenizer, kept in step with `articles` by triggers, so a restore (which
 * inserts rows) rebuilds it too. PostgreSQL: pg_trgm and a GIN index on the
 * searched text, which ILIKE '%…%' uses; where the extension cannot be
 * created (no rights) search still works, by a plain scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // A DO block's EXCEPTION clause runs in a subtransaction, so a refused
    // CREATE EXTENSION does not abort the migration's transaction.
    await sql`
      DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm unavailable (%): article search falls back to a plain scan', SQLERRM;
      END $$`.execute(db);
    await sql`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX articles_search_trgm_idx ON articles
            USING gin ((title || ' ' || digest || ' ' || search_text) gin_trgm_ops);
        END IF;
      END $$`.execute(db);
    return;
  }

  await sql`
    CREATE VIRTUAL TABLE article_search USING fts5(
      article_ref UNINDEXED, title, digest, body, tokenize = 'trigram'
    )`.execute(db);
  await sql`
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles BEGIN
      INSERT INTO article_search (article_ref, title, digest, body)
      VALUES (new.id, new.title, new.digest, new.search_text);
    END`.execute(db);
  await sql`
    CREATE TRIGGER articles_search_update AFTER UPDATE OF title, digest, search_text ON articles BEGIN
      DELETE FROM article_search WHERE article_ref = old.id;
      INSERT INTO article_search (article_ref, title, digest, body)
      VALUES (new.id, new.title, new.digest, new.search_text);
    END`.execute(db);
  await sql`
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles BEGIN
      DELETE FROM article_search WHERE article_ref = old.id;
    END`.execute(db);
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
