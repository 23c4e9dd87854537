import { createHash } from 'node:crypto';
import { randomUrlSafe } from '../../lib/ids.ts';

/**
 * A new openid in WeChat's shape: 28 characters of [A-Za-z0-9_-], starting
 * with "o" and a 5-character stem shared by all of one account's followers
 * (as real openids of one account share a prefix).
 */
export function generateOpenid(appid: string): string {
  const stem = createHash('sha256').update(appid).digest('base64url').slice(0, 5);
  return `o${stem}${randomUrlSafe(22)}`;
}

export const OPENID_PATTERN = /^[A-Za-z0-9_-]{28}$/;
