import type { Kysely } from 'kysely';

/**
 * The API call log (issue 8): every Open API call an account makes, with
 * its endpoint, errcode and latency, capped per account (apiCallLogLimit).
 * api_request_log keeps only failures, with bodies, for rid/get; this one is
 * small rows for the developer tools' list and chart.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_call_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('errcode', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('api_call_log_account_created_idx')
    .on('api_call_log')
    .columns(['account_id', 'created_at'])
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
