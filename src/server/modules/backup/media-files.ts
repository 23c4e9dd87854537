import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from './backup-error.ts';

/**
 * A path inside the media folder as backups carry it: `/`-separated, every
 * part plain (letters, digits, `.`, `_`, `-`; never `.` or `..`), so a
 * crafted backup can never write outside the folder.
 */
const PART = /^[A-Za-z0-9_.-]{1,200}$/;

export function isSafeMediaPath(rel: string): boolean {
  const parts = rel.split('/');
  return parts.length <= 8 && parts.every((p) => PART.test(p) && p !== '.' && p !== '..');
}

/**
 * Every file under the media folder (`<dataDir>/media`), as sorted relative
 * paths; none when the folder does not exist. Leftover `*.tmp` files of an
 * interrupted write are not media and stay behind.
 */
export async function listMediaFiles(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter(isSafeMediaPath)
    .sort();
}

/**
 * A media file's bytes for a backup, or null when it vanished after the
 * listing (the running platform deleted it, with its row, meanwhile).
 * Files are never rewritten in place (the store renames new ones over), so
 * one read is a consistent copy.
 */
export async function readMediaFile(root: string, rel: string): Promise<Buffer | null> {
  try {
    return await readFile(path.join(root, ...rel.split('/')));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The media folder a restore builds beside the live one: files go into a
 * sibling folder first, and only once the database restore has committed
 * does `commit` swap it in (two renames). A restore that fails before then
 * calls `discard`, and the live folder was never touched.
 */
export class MediaStaging {
  readonly dir: string;
  files = 0;

  constructor(readonly root: string) {
    this.dir = `${root}.restore-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  async add(rel: string, bytes: Buffer): Promise<void> {
    if (!isSafeMediaPath(rel))
      throw new BackupError(`the backup names an unsafe media path ${JSON.stringify(rel)}`);
    const target = path.join(this.dir, ...rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes, { flag: 'wx' });
    this.files++;
  }

  /** Replaces the live media folder with the staged one. */
  async commit(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const old = `${this.root}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
    let moved = false;
    try {
      await rename(this.root, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      await rename(this.dir, this.root);
    } catch (err) {
      if (moved) await rename(old, this.root);
      throw new BackupError(
        `the database was restored but the media folder could not be replaced (${(err as Error).message}); the restored files are in ${this.dir}`,
        { cause: err },
      );
    }
    if (moved) await rm(old, { recursive: true, force: true });
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
