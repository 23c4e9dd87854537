import type { Db, AccountsTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/index.ts';
import { AppError } from '../../errors.ts';

/** One account row by appid. */
export function selectAccountByAppid(db: Db, appid: string): Promise<AccountsTable | undefined> {
  return db.selectFrom('accounts').selectAll().where('appid', '=', appid).executeTakeFirst();
}

export function selectAccountById(db: Db, id: string): Promise<AccountsTable | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Accounts oldest first (the demo creates its service account first, so it lists first). */
export function selectAccounts(
  db: Db,
  filter: { organization_id?: string | undefined; type?: string | undefined },
): Promise<AccountsTable[]> {
  let q = db.selectFrom('accounts').selectAll();
  if (filter.organization_id) q = q.where('organization_id', '=', filter.organization_id);
  if (filter.type) q = q.where('type', '=', filter.type as AccountsTable['type']);
  return q.orderBy('created_at', 'asc').orderBy('appid', 'asc').execute();
}

export async function insertAccount(db: Db, row: AccountsTable): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

export async function updateAccountRow(db: Db, id: string, patch: Partial<AccountsTable>): Promise<void> {
  await db.updateTable('accounts').set(patch).where('id', '=', id).execute();
}

/**
 * ACCOUNT_ALIAS_TAKEN when an insert or update broke the unique index on
 * lower(alias) (SQLite names an expression index as `index '…'`).
 */
export function throwIfAliasTaken(err: unknown, alias: string | null | undefined): void {
  if (!alias) return;
  if (
    isUniqueViolation(err, 'accounts_alias_key', "index 'accounts_alias_key'") ||
    isUniqueViolation(err, 'accounts_alias_key', 'accounts.alias')
  ) {
    throw new AppError('ACCOUNT_ALIAS_TAKEN', `another account has the WeChat id ${alias}`);
  }
}
