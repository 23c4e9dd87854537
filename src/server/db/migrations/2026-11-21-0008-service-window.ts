import type { Kysely } from 'kysely';

/**
 * The customer-service window (spec §7.1): each follower interaction opens
 * a window in which the account may send a few messages through
 * message/custom/send — 5 in 48 hours after a message, 3 in a minute after
 * a follow, scan or menu press — and typing needs an interaction in the
 * last 30 seconds. Kept on the follower row: one window per follower, and
 * the send path consumes it with a single conditional UPDATE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('followers').addColumn('window_expires_at', 'bigint').execute();
  await db.schema
    .alterTable('followers')
    .addColumn('window_remaining', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('followers').addColumn('last_interaction_at', 'bigint').execute();
  await db.schema.alterTable('followers').addColumn('typing_until', 'bigint').execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
