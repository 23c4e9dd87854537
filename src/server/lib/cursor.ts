import { AppError } from '../errors.ts';

/** A keyset position: (created_at, id) of the last row of a page. */
export interface Cursor {
  created_at: number;
  id: string;
}

/** Opaque text for a page position (base64url JSON), handed back as `next_cursor`. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.created_at, cursor.id])).toString('base64url');
}

/** Reads a `cursor` parameter; a damaged one is a validation error, not a crash. */
export function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
      return { created_at: value[0], id: value[1] };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor this API handed out', {
    details: [{ path: 'cursor', message: 'not a cursor this API handed out' }],
  });
}

/** `next_cursor` for a page fetched with `limit + 1` rows: null on the last page. */
export function pageOf<T extends Cursor>(
  rows: T[],
  limit: number,
): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}
