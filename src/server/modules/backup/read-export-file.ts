import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BackupError } from './backup-error.ts';
import { EXPORT_FORMAT, ExportHeaderSchema, type ExportRow, type ExportSource } from './export-format.ts';

const NOT_AN_EXPORT = `is not a Gongzhong backup (expected a SQLite database or a ${EXPORT_FORMAT} JSON-lines file)`;

/**
 * Opens a JSON-lines export for streaming: the header is parsed and checked
 * now, rows are parsed one line at a time as they are read. Every defect
 * (bad JSON, unknown table, wrong column count) is a BackupError naming the line.
 */
export async function readExportFile(file: string): Promise<ExportSource> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const close = async () => {
    stream.destroy();
  };
  try {
    const first = await lines.next();
    if (first.done) throw new BackupError(`${file} ${NOT_AN_EXPORT}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(first.value);
    } catch {
      throw new BackupError(`${file} ${NOT_AN_EXPORT}`);
    }
    const result = ExportHeaderSchema.safeParse(parsed);
    if (!result.success) {
      const format = (parsed as { format?: unknown } | null)?.format;
      const version = (parsed as { version?: unknown } | null)?.version;
      if (format === EXPORT_FORMAT && typeof version === 'number' && version !== 1) {
        throw new BackupError(
          `${file} is export version ${version}; this Gongzhong reads version 1 (upgrade Gongzhong)`,
        );
      }
      if (format === EXPORT_FORMAT)
        throw new BackupError(
          `${file} has a damaged header: ${result.error.issues[0]?.message ?? 'invalid'}`,
        );
      throw new BackupError(`${file} ${NOT_AN_EXPORT}`);
    }
    const header = result.data;
    const widths = new Map(header.tables.map((t) => [t.name, t.columns.length]));

    async function* rows(): AsyncGenerator<ExportRow> {
      let lineNo = 1;
      try {
        for (;;) {
          const next = await lines.next();
          if (next.done) return;
          lineNo++;
          if (next.value === '') continue;
          let line: unknown;
          try {
            line = JSON.parse(next.value);
          } catch {
            throw new BackupError(`${file} is corrupt: line ${lineNo} is not valid JSON`);
          }
          const { t, v } = (line ?? {}) as { t?: unknown; v?: unknown };
          if (typeof t !== 'string' || !Array.isArray(v))
            throw new BackupError(`${file} is corrupt: line ${lineNo} is not a row`);
          const width = widths.get(t);
          if (width === undefined)
            throw new BackupError(
              `${file} is corrupt: line ${lineNo} names table "${t}", absent from the header`,
            );
          if (v.length !== width)
            throw new BackupError(
              `${file} is corrupt: line ${lineNo} has ${v.length} values, table ${t} has ${width} columns`,
            );
          yield { table: t, values: v as unknown[] };
        }
      } finally {
        await close();
      }
    }
    return { header, rows, close };
  } catch (err) {
    await close();
    throw err;
  }
}
