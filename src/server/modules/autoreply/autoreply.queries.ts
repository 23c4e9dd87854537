import type { DialectName } from '../../db/index.ts';
import type { AutoreplyRulesTable, AutoreplySettingsTable, Db } from '../../db/schema.ts';
import type { OutboundMessage } from '../messages/message-content.ts';
import type { Keyword, ReplyMode } from './autoreply.schemas.ts';

/** An account's auto-reply switches and its follow and default replies, JSON parsed. */
export interface AutoreplySettings {
  autoreply_open: boolean;
  follow_reply_open: boolean;
  follow_reply: OutboundMessage | null;
  default_reply_open: boolean;
  default_reply: OutboundMessage | null;
  /** Epoch ms of the last change; null while the account runs on the defaults. */
  updated_at: number | null;
}

/** A keyword rule, JSON parsed. */
export interface AutoreplyRule {
  id: string;
  account_id: string;
  rule_name: string;
  keywords: Keyword[];
  replies: OutboundMessage[];
  reply_mode: ReplyMode;
  position: number;
  created_at: number;
  updated_at: number;
}

/**
 * What an account without a settings row gets: auto-reply on, nothing to
 * send yet. (The switches default to on, as the migration's column defaults
 * do, so setting a reply is enough to start sending it.)
 */
export const DEFAULT_AUTOREPLY_SETTINGS: AutoreplySettings = {
  autoreply_open: true,
  follow_reply_open: true,
  follow_reply: null,
  default_reply_open: true,
  default_reply: null,
  updated_at: null,
};

function parseReply(json: string | null): OutboundMessage | null {
  return json === null ? null : (JSON.parse(json) as OutboundMessage);
}

function toSettings(row: AutoreplySettingsTable): AutoreplySettings {
  return {
    autoreply_open: row.autoreply_open === 1,
    follow_reply_open: row.follow_reply_open === 1,
    follow_reply: parseReply(row.follow_reply),
    default_reply_open: row.default_reply_open === 1,
    default_reply: parseReply(row.default_reply),
    updated_at: row.updated_at,
  };
}

function toRule(row: AutoreplyRulesTable): AutoreplyRule {
  return {
    ...row,
    keywords: JSON.parse(row.keywords) as Keyword[],
    replies: JSON.parse(row.replies) as OutboundMessage[],
  };
}

/** The account's settings, or the defaults when it has never saved any. */
export async function selectSettings(db: Db, accountId: string): Promise<AutoreplySettings> {
  const row = await db
    .selectFrom('autoreply_settings')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? toSettings(row) : { ...DEFAULT_AUTOREPLY_SETTINGS };
}

/** Inserts or replaces the account's settings row, stamped `now`. */
export async function upsertSettings(
  db: Db,
  accountId: string,
  settings: AutoreplySettings,
  now: number,
): Promise<void> {
  const values = {
    autoreply_open: settings.autoreply_open ? 1 : 0,
    follow_reply_open: settings.follow_reply_open ? 1 : 0,
    follow_reply: settings.follow_reply ? JSON.stringify(settings.follow_reply) : null,
    default_reply_open: settings.default_reply_open ? 1 : 0,
    default_reply: settings.default_reply ? JSON.stringify(settings.default_reply) : null,
    updated_at: now,
  };
  await db
    .insertInto('autoreply_settings')
    .values({ account_id: accountId, ...values })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
}

/** The account's rules in matching order (position, then creation for ties). */
export async function selectRules(db: Db, accountId: string): Promise<AutoreplyRule[]> {
  const rows = await db
    .selectFrom('autoreply_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('position', 'asc')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toRule);
}

export async function selectRule(
  db: Db,
  accountId: string,
  ruleId: string,
): Promise<AutoreplyRule | undefined> {
  const row = await db
    .selectFrom('autoreply_rules')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', ruleId)
    .executeTakeFirst();
  return row ? toRule(row) : undefined;
}

/** How many rules the account has and the position after the last one. */
export async function selectRuleStats(db: Db, accountId: string): Promise<{ count: number; next: number }> {
  const row = await db
    .selectFrom('autoreply_rules')
    .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.max('position').as('last')])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const last = row?.last;
  return { count: Number(row?.count ?? 0), next: last === null || last === undefined ? 0 : Number(last) + 1 };
}

/**
 * Serialises rule writes of one account on PostgreSQL (the 200-rule limit
 * and positions are read-then-write) by locking its account row for the
 * transaction. SQLite transactions already hold the single writer lock.
 */
export async function lockAccountRules(db: Db, dialect: DialectName, accountId: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await db.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
}

export async function insertRule(db: Db, rule: AutoreplyRule): Promise<void> {
  await db
    .insertInto('autoreply_rules')
    .values({ ...rule, keywords: JSON.stringify(rule.keywords), replies: JSON.stringify(rule.replies) })
    .execute();
}

/** Writes a rule's editable fields. */
export async function updateRuleRow(db: Db, rule: AutoreplyRule): Promise<void> {
  await db
    .updateTable('autoreply_rules')
    .set({
      rule_name: rule.rule_name,
      keywords: JSON.stringify(rule.keywords),
      replies: JSON.stringify(rule.replies),
      reply_mode: rule.reply_mode,
      updated_at: rule.updated_at,
    })
    .where('account_id', '=', rule.account_id)
    .where('id', '=', rule.id)
    .execute();
}

/** Deletes one rule; false when the account has no rule with this id. */
export async function deleteRuleRow(db: Db, accountId: string, ruleId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('autoreply_rules')
    .where('account_id', '=', accountId)
    .where('id', '=', ruleId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Gives each rule its index in `ruleIds` as its position (one statement per rule; at most 200). */
export async function updateRulePositions(
  db: Db,
  accountId: string,
  ruleIds: readonly string[],
): Promise<void> {
  for (const [position, id] of ruleIds.entries()) {
    await db
      .updateTable('autoreply_rules')
      .set({ position })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .execute();
  }
}
