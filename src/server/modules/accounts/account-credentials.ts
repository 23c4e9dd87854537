import { randomBytes } from 'node:crypto';
import { randomHex } from '../../lib/ids.ts';

/** A fresh appid: "wx" + 16 lowercase hex, WeChat's shape. */
export function generateAppid(): string {
  return `wx${randomHex(8)}`;
}

/** A fresh original id (原始ID): "gh_" + 12 lowercase hex. */
export function generateOriginalId(): string {
  return `gh_${randomHex(6)}`;
}

/** A fresh AppSecret: 32 lowercase hex. */
export function generateAppsecret(): string {
  return randomHex(16);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  // Rejection sampling keeps the 62-letter alphabet uniform.
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALNUM[b % 62];
  }
  return out.length === length ? out : out + randomAlnum(length - out.length);
}

/** A callback Token like the ones WeChat's console suggests (32 letters and digits). */
export function generateServerToken(): string {
  return randomAlnum(32);
}

/** A random EncodingAESKey: 43 letters and digits. */
export function generateEncodingAesKey(): string {
  return randomAlnum(43);
}
