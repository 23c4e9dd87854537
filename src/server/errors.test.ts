import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS } from './errors.ts';

describe('error catalog', () => {
  it('is documented in docs/errors.md, code by code', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    // Table rows as trimmed cells, so formatting (column padding) does not matter.
    const rows = doc
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(rows, code).toContainEqual([
        `\`${code}\``,
        String(entry.status),
        String(entry.errcode),
        entry.errmsg,
      ]);
    }
  });

  it('never uses a token errcode for anything but a token problem (SDKs retry those forever)', () => {
    const tokenCodes = new Set([40001, 40014, 42001]);
    const allowed = new Set(['ACCESS_TOKEN_INVALID', 'ACCESS_TOKEN_EXPIRED', 'APPSECRET_WRONG']);
    for (const [code, entry] of Object.entries(ERRORS)) {
      if (tokenCodes.has(entry.errcode)) expect(allowed, code).toContain(code);
    }
  });
});
