import type { FastifyBaseLogger } from 'fastify';
import { pino, stdSerializers, type DestinationStream } from 'pino';
import { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { assertReachable, migrateToLatest, openDatabase } from './db/index.ts';
import { AccountCache } from './modules/accounts/account-cache.ts';
import { CLOCK_OFFSET_SETTING } from './modules/sandbox/advance-clock.ts';
import { redactSecrets } from './modules/requests/record-failed-request.ts';
import { getSetting } from './modules/settings/settings.queries.ts';
import { TokenCache } from './modules/tokens/token-cache.ts';

/** Paths whose values are secrets: never written to logs. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-admin-key"]',
  'appsecret',
  'secret',
  'access_token',
  'token',
  'encoding_aes_key',
  '*.appsecret',
  '*.access_token',
  '*.encoding_aes_key',
];

/**
 * The process logger: pino JSON, secrets redacted. Request lines carry the
 * request id and a URL whose access_token/secret values are masked (they
 * travel in query strings on the Open API).
 */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination?: DestinationStream,
): FastifyBaseLogger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: LOG_REDACT_PATHS, censor: '***' },
      serializers: {
        req: (req: { method?: string; url?: string; ip?: string; id?: string }) => ({
          method: req.method,
          url: redactSecrets(req.url ?? ''),
          remoteAddress: req.ip,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: stdSerializers.err,
      },
    },
    destination,
  );
}

/**
 * Opens and migrates the database and builds the shared services. The clock
 * resumes from its persisted sandbox offset.
 */
export async function createContext(
  config: Config,
  log: FastifyBaseLogger = createLogger(config),
): Promise<AppContext> {
  const database = openDatabase(config);
  try {
    await assertReachable(database);
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
  const clock = new Clock();
  const offset = Number((await getSetting(database.db, CLOCK_OFFSET_SETTING)) ?? 0);
  if (config.sandbox && Number.isFinite(offset)) clock.setOffset(offset);
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    database,
    clock,
    log,
    accounts: new AccountCache(database.db),
    tokens: new TokenCache(database.db),
    runtime: { port: null },
  };
}
