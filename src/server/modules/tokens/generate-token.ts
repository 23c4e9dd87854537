import { randomUrlSafe, sha256Hex } from '../../lib/ids.ts';

/**
 * A new access token in WeChat's shape: a short numeric prefix, "_", then
 * URL-safe characters (real tokens are ~136 characters; clients must store 512).
 */
export function generateToken(): { token: string; hash: string } {
  const token = `${10 + Math.floor(Math.random() * 89)}_${randomUrlSafe(133)}`;
  return { token, hash: sha256Hex(token) };
}
