import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle, DialectName } from './db/index.ts';
import type { Db } from './db/schema.ts';
import type { AccountCache } from './modules/accounts/account-cache.ts';
import type { TokenCache } from './modules/tokens/token-cache.ts';

/**
 * What every operation needs, passed explicitly (no globals) so tests can
 * build as many isolated platforms as they like in one process.
 */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: DialectName;
  database: DatabaseHandle;
  clock: Clock;
  log: FastifyBaseLogger;
  accounts: AccountCache;
  tokens: TokenCache;
  /** Facts known only once the server listens (the real port when PORT=0). */
  runtime: { port: number | null };
}
