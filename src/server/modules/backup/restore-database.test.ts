import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount } from '../../../../test/helpers/factories.ts';
import { createTestPlatform, DIALECTS, type TestPlatform } from '../../../../test/helpers/platform.ts';
import { mediaRoot, mediaStore, newStorageKey } from '../media/media-store.ts';
import { backupDatabase } from './backup-database.ts';
import { BackupError } from './backup-error.ts';
import { readDatabase } from './read-database.ts';
import { restoreDatabase } from './restore-database.ts';

describe.each(DIALECTS)('restoreDatabase on %s', (dialect) => {
  let p: TestPlatform;
  let dir: string;
  let exportFile: string;
  beforeAll(async () => {
    p = await createTestPlatform(dialect);
    await buildAccount(p.ctx);
    await buildAccount(p.ctx);
    dir = p.ctx.config.dataDir;
    exportFile = path.join(dir, 'export.jsonl');
    await backupDatabase(p.ctx.database, exportFile, { format: 'jsonl' });
  });
  afterAll(async () => p.close());

  const countAccounts = async () => (await p.ctx.db.selectFrom('accounts').select('id').execute()).length;

  it('rejects a file that is no backup, naming it', async () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'hello\n');
    await expect(restoreDatabase(p.ctx.database, file)).rejects.toThrow(
      /notes\.txt is not a Gongzhong backup/,
    );
    const fake = path.join(dir, 'fake.db');
    writeFileSync(fake, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(200, 7)]));
    await expect(restoreDatabase(p.ctx.database, fake)).rejects.toThrow(BackupError);
  });

  it('a truncated export changes nothing', async () => {
    const lines = readFileSync(exportFile, 'utf8').trimEnd().split('\n');
    const truncated = path.join(dir, 'truncated.jsonl');
    writeFileSync(truncated, `${lines.slice(0, -1).join('\n')}\n`);
    const broken = path.join(dir, 'broken.jsonl');
    writeFileSync(broken, `${lines.slice(0, 3).join('\n')}\n{"t":"accounts","v":[1,2\n`);
    const before = await countAccounts();
    await expect(restoreDatabase(p.ctx.database, truncated)).rejects.toThrow(/truncated or damaged/);
    await expect(restoreDatabase(p.ctx.database, broken)).rejects.toThrow(/line 4 is not valid JSON/);
    expect(await countAccounts()).toBe(before);
  });

  it('pages through composite keys without skipping or repeating rows', async () => {
    const account = await buildAccount(p.ctx);
    await p.ctx.db
      .insertInto('api_quota_usage')
      .values(
        [1, 2, 3, 4, 5].map((i) => ({
          account_id: account.id,
          cgi_path: `/cgi-bin/p${i % 2}`,
          day: `2026-11-0${i}`,
          used: i,
        })),
      )
      .execute();
    const source = await readDatabase(p.ctx.db, dialect, { pageSize: 2 });
    const seen = new Map<string, Set<string>>();
    for await (const row of source.rows()) {
      const keys = seen.get(row.table) ?? new Set<string>();
      keys.add(JSON.stringify(row.values));
      seen.set(row.table, keys);
    }
    for (const table of source.header.tables)
      expect(seen.get(table.name)?.size ?? 0, table.name).toBe(table.rows);
    expect(seen.get('api_quota_usage')?.size).toBe(5);
  });

  it('refuses an export taken at other migrations', async () => {
    const [head, ...rest] = readFileSync(exportFile, 'utf8').split('\n');
    const header = JSON.parse(head!) as { migrations: string[] };
    header.migrations.push('2099-01-01-0001-future');
    const future = path.join(dir, 'future.jsonl');
    writeFileSync(future, [JSON.stringify(header), ...rest].join('\n'));
    await expect(restoreDatabase(p.ctx.database, future)).rejects.toThrow(
      /after migration 2099-01-01-0001-future/,
    );
  });

  it('a restore that fails, in the media section or in the rows, leaves the media folder as it was', async () => {
    const store = mediaStore(p.ctx);
    const root = mediaRoot(dir);
    const kept = newStorageKey();
    await store.put(kept, Buffer.alloc(3 * 1024 * 1024, 9));
    const withMedia = path.join(dir, 'with-media.jsonl');
    const made = await backupDatabase(p.ctx.database, withMedia, { format: 'jsonl', mediaRoot: root });
    expect(made.mediaFiles).toBeGreaterThanOrEqual(1);
    const later = newStorageKey();
    await store.put(later, Buffer.from('uploaded after the backup'));

    const lines = readFileSync(withMedia, 'utf8').trimEnd().split('\n');
    const mediaEnd = lines.findIndex((l) => l.startsWith('{"media_end"'));
    // A 3 MiB file spans several chunk lines: cut in the middle of it.
    const cutMedia = path.join(dir, 'cut-media.jsonl');
    writeFileSync(cutMedia, `${lines.slice(0, 3).join('\n')}\n`);
    await expect(restoreDatabase(p.ctx.database, cutMedia, { mediaRoot: root })).rejects.toThrow(
      /media section ends early/,
    );
    const badRow = path.join(dir, 'bad-row.jsonl');
    writeFileSync(badRow, `${lines.slice(0, mediaEnd + 2).join('\n')}\n{"t":"accounts","v":[1]}\n`);
    const before = await countAccounts();
    await expect(restoreDatabase(p.ctx.database, badRow, { mediaRoot: root })).rejects.toThrow(BackupError);

    expect(await countAccounts()).toBe(before);
    expect((await store.get(kept))?.length).toBe(3 * 1024 * 1024);
    expect((await store.get(later))?.toString()).toBe('uploaded after the backup');
    expect(readdirSync(dir).filter((f) => f.startsWith('media.'))).toEqual([]);

    // The intact backup puts back exactly what it holds.
    const restored = await restoreDatabase(p.ctx.database, withMedia, { mediaRoot: root });
    expect(restored.mediaFiles).toBe(made.mediaFiles);
    expect((await store.get(kept))?.equals(Buffer.alloc(3 * 1024 * 1024, 9))).toBe(true);
    expect(await store.get(later)).toBeNull();
  });
});
