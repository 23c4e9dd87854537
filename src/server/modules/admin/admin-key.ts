import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import { randomUrlSafe, sha256Hex } from '../../lib/ids.ts';
import { getSetting, putSetting } from '../settings/settings.queries.ts';

const SETTING = 'admin_key_sha256';

/**
 * The admin API key's hash, creating a key on first start. Returns the
 * plaintext only when it was just generated, so it is printed exactly once.
 * A configured key (GZ_ADMIN_KEY) always wins and is never stored.
 */
export async function ensureAdminKey(
  db: Db,
  configured: string | undefined,
): Promise<{ hash: string; generated?: string }> {
  if (configured) return { hash: sha256Hex(configured) };
  const stored = await getSetting(db, SETTING);
  if (stored) return { hash: stored };
  return resetAdminKey(db);
}

/** Replaces the stored admin key with a new one and returns it. */
export async function resetAdminKey(db: Db): Promise<{ hash: string; generated: string }> {
  const key = `gzk_${randomUrlSafe(40)}`;
  const hash = sha256Hex(key);
  await putSetting(db, SETTING, hash);
  return { hash, generated: key };
}

/** Constant-time check of a presented key against the expected hash. */
export function adminKeyMatches(presented: string | undefined, expectedHash: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
