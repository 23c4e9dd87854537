import { createHash, randomBytes } from 'node:crypto';

/** Lowercase hex of `bytes` random bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

let lastMs = 0;
let sequence = 0;

/**
 * Internal primary key: a time prefix, a per-millisecond sequence and
 * randomness, e.g. `msg_m3x9k2ab0003f41a…`. Ids made by one process sort in
 * creation order even within one millisecond, so "(created_at, id)" keyset
 * pages list rows in the order they were made.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else sequence += 1;
  return `${prefix}_${lastMs.toString(36)}${sequence.toString(36).padStart(4, '0')}${randomHex(6)}`;
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` characters from WeChat's token/openid alphabet [A-Za-z0-9_-]. */
export function randomUrlSafe(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += URL_SAFE[bytes[i]! & 63];
  return out;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
