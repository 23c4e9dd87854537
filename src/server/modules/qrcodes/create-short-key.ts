import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { randomBase62, toInteger } from './qrcode-values.ts';
import { insertShortKey } from './qrcodes.queries.ts';

/** long_data's limit: 4 KB of UTF-8. */
export const MAX_LONG_DATA_BYTES = 4096;
/** A short key's longest (and default) lifetime: 30 days. */
export const MAX_SHORT_KEY_EXPIRE_SECONDS = 2_592_000;
/** Keys are 15 characters of base62 (0-9a-zA-Z), as WeChat's. */
const SHORT_KEY_LENGTH = 15;

/**
 * `/cgi-bin/shorten/gen` (spec §11.4): keeps up to 4 KB behind a 15-character
 * key for up to 30 days. 47003 without long_data, 9410010 when it is over
 * 4 KB, 9410011 when expire_seconds is over 30 days (WeChat's errcodes for
 * each; unlike qrcode/create, the docs list a refusal here, so no clamping).
 */
export async function createShortKey(
  ctx: AppContext,
  account: AccountsTable,
  body: Record<string, unknown>,
): Promise<{ errcode: 0; errmsg: 'ok'; short_key: string }> {
  const longData = body.long_data;
  if (typeof longData !== 'string' || longData === '') {
    throw new AppError('SHORTEN_ARGUMENT_INVALID', 'long_data is missing');
  }
  if (Buffer.byteLength(longData, 'utf8') > MAX_LONG_DATA_BYTES) {
    throw new AppError('SHORTEN_DATA_TOO_LONG', `long_data is limited to ${MAX_LONG_DATA_BYTES} bytes`);
  }
  const expireSeconds = readExpireSeconds(body.expire_seconds);
  const now = ctx.clock.now();
  // 62^15 keys: a collision would be a primary-key error, not a silent overwrite.
  const shortKey = randomBase62(SHORT_KEY_LENGTH);
  await insertShortKey(ctx.db, {
    short_key: shortKey,
    account_id: account.id,
    long_data: longData,
    created_at: now,
    expires_at: now + expireSeconds * 1000,
  });
  return { errcode: 0, errmsg: 'ok', short_key: shortKey };
}

/** Missing, null or 0 (an unset field in Go/Java clients) means the default, 30 days. */
function readExpireSeconds(value: unknown): number {
  if (value === undefined || value === null) return MAX_SHORT_KEY_EXPIRE_SECONDS;
  const seconds = toInteger(value);
  if (seconds === undefined || seconds < 0) {
    throw new AppError('SHORTEN_ARGUMENT_INVALID', 'expire_seconds must be a whole number of seconds');
  }
  if (seconds > MAX_SHORT_KEY_EXPIRE_SECONDS) {
    throw new AppError(
      'SHORTEN_EXPIRE_TOO_LONG',
      `expire_seconds is at most ${MAX_SHORT_KEY_EXPIRE_SECONDS}`,
    );
  }
  return seconds === 0 ? MAX_SHORT_KEY_EXPIRE_SECONDS : seconds;
}
