import type { Db, OauthGrantsTable, TicketType, WebDomainKind } from '../../db/schema.ts';

export async function selectWebDomains(db: Db, accountId: string, kind: WebDomainKind): Promise<string[]> {
  const rows = await db
    .selectFrom('web_domains')
    .select('domain')
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .orderBy('domain')
    .execute();
  return rows.map((r) => r.domain);
}

/** Replaces the account's list of one kind in one transaction. */
export async function replaceWebDomainRows(
  db: Db,
  accountId: string,
  kind: WebDomainKind,
  domains: string[],
  now: number,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('web_domains')
      .where('account_id', '=', accountId)
      .where('kind', '=', kind)
      .execute();
    if (domains.length) {
      await trx
        .insertInto('web_domains')
        .values(domains.map((domain, i) => ({ account_id: accountId, kind, domain, created_at: now + i })))
        .execute();
    }
  });
}

export async function selectGrantByAccessHash(db: Db, hash: string): Promise<OauthGrantsTable | undefined> {
  return db.selectFrom('oauth_grants').selectAll().where('access_token_hash', '=', hash).executeTakeFirst();
}

export async function selectGrantByRefreshHash(db: Db, hash: string): Promise<OauthGrantsTable | undefined> {
  return db.selectFrom('oauth_grants').selectAll().where('refresh_token_hash', '=', hash).executeTakeFirst();
}

/** The account's tickets of one type, newest first (the current one, then expired ones). */
export async function selectRecentTickets(
  db: Db,
  accountId: string,
  type: TicketType,
  limit: number,
): Promise<{ ticket: string; created_at: number; expires_at: number }[]> {
  return db
    .selectFrom('jsapi_tickets')
    .select(['ticket', 'created_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where('type', '=', type)
    .orderBy('expires_at', 'desc')
    .limit(limit)
    .execute();
}
