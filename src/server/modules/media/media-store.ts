import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../context.ts';
import { randomHex } from '../../lib/ids.ts';

/**
 * Where media bytes live, by key (`media.storage_key`). Rows hold the facts
 * (type, size, owner, expiry); the store holds only bytes, so another backend
 * (an object store) can replace the local folder without touching operations.
 */
export interface MediaStore {
  /** Stores `bytes` under `key`, replacing any earlier value; readers never see a partial file. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Keys are lowercase so two keys never collide on a case-insensitive file
 * system, and carry no separators so a key can never leave the folder.
 */
const KEY = /^[a-z0-9][a-z0-9_-]{7,127}$/;

/** A fresh storage key: 32 lowercase hex characters (128 random bits). */
export function newStorageKey(): string {
  return randomHex(16);
}

/**
 * Files under `root`, fanned out by the key's first four characters
 * (`root/ab/cd/abcd…`) so no folder grows past a few hundred entries.
 */
export class LocalMediaStore implements MediaStore {
  constructor(readonly root: string) {}

  /** The file holding `key` (exported for tests and backups). */
  pathFor(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid media storage key ${JSON.stringify(key)}`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathFor(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Write a sibling temp file, flush it, then rename over the target: a
    // rename is atomic, so a crash leaves the old file or the new one, and
    // at worst a stray *.tmp (never a half-written media file).
    const temp = `${target}.${randomHex(6)}.tmp`;
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
    } catch (err) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    try {
      await rename(temp, target);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathFor(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathFor(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

const stores = new WeakMap<AppContext, MediaStore>();

/** The folder the local media store keeps its files in (backups copy it whole). */
export function mediaRoot(dataDir: string): string {
  return path.join(dataDir, 'media');
}

/** The context's media store: `<dataDir>/media/`, created once per context. */
export function mediaStore(ctx: AppContext): MediaStore {
  let store = stores.get(ctx);
  if (!store) {
    store = new LocalMediaStore(mediaRoot(ctx.config.dataDir));
    stores.set(ctx, store);
  }
  return store;
}
