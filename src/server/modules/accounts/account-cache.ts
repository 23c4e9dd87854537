import type { AccountsTable, Db } from '../../db/schema.ts';
import { selectAccountByAppid, selectAccountById } from './accounts.queries.ts';

/** How long a cached account may be served before it is re-read (other nodes may have changed it). */
const TTL_MS = 5000;

interface Entry {
  row: AccountsTable | undefined;
  loadedAt: number;
}

/**
 * Hot-path account lookups for the Open API (permissions, allowlist) without
 * a query per request. Writes on this node invalidate at once; writes on
 * other nodes show up within TTL_MS.
 */
export class AccountCache {
  private readonly byId = new Map<string, Entry>();
  private readonly byAppid = new Map<string, Entry>();

  constructor(private readonly db: Db) {}

  async getById(id: string): Promise<AccountsTable | undefined> {
    const hit = this.byId.get(id);
    if (hit && Date.now() - hit.loadedAt < TTL_MS) return hit.row;
    const row = await selectAccountById(this.db, id);
    this.remember(row, id, row?.appid);
    return row;
  }

  async getByAppid(appid: string): Promise<AccountsTable | undefined> {
    const hit = this.byAppid.get(appid);
    if (hit && Date.now() - hit.loadedAt < TTL_MS) return hit.row;
    const row = await selectAccountByAppid(this.db, appid);
    // Unknown appids are not remembered: a typo loop must not grow the map.
    if (row) this.remember(row, row.id, appid);
    return row;
  }

  /** Drops an account from the cache after a write. */
  invalidate(row: Pick<AccountsTable, 'id' | 'appid'>): void {
    this.byId.delete(row.id);
    this.byAppid.delete(row.appid);
  }

  clear(): void {
    this.byId.clear();
    this.byAppid.clear();
  }

  private remember(row: AccountsTable | undefined, id: string, appid: string | undefined): void {
    const entry = { row, loadedAt: Date.now() };
    if (row) this.byId.set(id, entry);
    if (appid && row) this.byAppid.set(appid, entry);
  }
}
