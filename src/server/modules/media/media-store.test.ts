import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalMediaStore, newStorageKey } from './media-store.ts';
import { listFiles } from './media.test-helpers.ts';

describe('LocalMediaStore', () => {
  let root: string;
  let store: LocalMediaStore;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'gz-media-store-'));
    store = new LocalMediaStore(path.join(root, 'media'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps bytes under a key, fanned out by its first four characters', async () => {
    const key = newStorageKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await store.put(key, bytes);
    expect(await store.get(key)).toEqual(bytes);
    const expected = path.join(key.slice(0, 2), key.slice(2, 4), key);
    // Only the final file: the temp file was renamed, not left behind.
    expect(listFiles(store.root)).toEqual([expected]);
    expect(readFileSync(path.join(store.root, expected))).toEqual(bytes);
  });

  it('replaces a key whole, and deletes idempotently', async () => {
    const key = newStorageKey();
    await store.put(key, Buffer.from('first version'));
    await store.put(key, Buffer.from('second'));
    expect((await store.get(key))?.toString()).toBe('second');
    expect(listFiles(store.root)).toHaveLength(1);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
    await store.delete(key);
    expect(listFiles(store.root)).toEqual([]);
  });

  it('answers null for a key it never stored', async () => {
    expect(await store.get(newStorageKey())).toBeNull();
  });

  it('refuses keys that could leave its folder or collide by case', async () => {
    for (const key of ['../../etc/passwd', 'abc/defghijk', 'ABCDEF0123456789', 'short', '']) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid media storage key/);
      await expect(store.get(key)).rejects.toThrow(/invalid media storage key/);
    }
    expect(listFiles(root)).toEqual([]);
  });
});
