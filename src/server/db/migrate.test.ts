import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from './index.ts';
import { MIGRATIONS } from './migrations/index.ts';

describe('migrations on one fresh SQLite file from several connections at once', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every connection ends migrated (a `gongzhong` command next to `start`)', async () => {
    const config = loadConfig({}, { dataDir: dir, databaseUrl: `sqlite:${path.join(dir, 'race.db')}` });
    const handles = Array.from({ length: 4 }, () => openDatabase(config));
    try {
      await Promise.all(handles.map((h) => migrateToLatest(h.db)));
      const applied = await handles[0]!.db.selectFrom('kysely_migration').select('name').execute();
      expect(applied.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
    } finally {
      for (const h of handles) await h.close();
    }
  });
});
