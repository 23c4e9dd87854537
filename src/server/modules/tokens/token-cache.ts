import type { AccessTokensTable, Db } from '../../db/schema.ts';
import { sha256Hex } from '../../lib/ids.ts';
import { selectToken } from './tokens.queries.ts';

/** Re-read a cached token after this long, so another node's supersede is seen promptly. */
const TTL_MS = 10_000;
/** Bound on remembered tokens; the map is simply emptied when it fills. */
const MAX_ENTRIES = 100_000;

interface Entry {
  token: AccessTokensTable | undefined;
  loadedAt: number;
}

/**
 * Token validation without a query per request: a hash → row map with a
 * short freshness window. Issuing a token on this node drops the account's
 * entries at once; other nodes catch up within TTL_MS.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: Db) {}

  /** The stored token row for a presented access_token, or undefined when unknown. */
  async lookup(token: string): Promise<AccessTokensTable | undefined> {
    const hash = sha256Hex(token);
    const hit = this.entries.get(hash);
    if (hit && Date.now() - hit.loadedAt < TTL_MS) return hit.token;
    const row = await selectToken(this.db, hash);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { token: row, loadedAt: Date.now() });
    return row;
  }

  /** Forgets every cached token of an account (after issuing or superseding). */
  invalidateAccount(accountId: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.token?.account_id === accountId) this.entries.delete(hash);
    }
  }

  /** Forgets one token hash (a newly issued token may have been cached as unknown). */
  forget(hash: string): void {
    this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }
}
