import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BackupError } from './backup-error.ts';
import {
  EXPORT_FORMAT,
  ExportHeaderSchema,
  READABLE_EXPORT_VERSIONS,
  type ExportRow,
  type ExportSource,
  type MediaSink,
} from './export-format.ts';

const NOT_AN_EXPORT = `is not a Gongzhong backup (expected a SQLite database or a ${EXPORT_FORMAT} JSON-lines file)`;

/**
 * Opens a JSON-lines export for streaming: the header is parsed and checked
 * now; `media` then reads the media section (version 2) and `rows` the rows,
 * one line at a time. Every defect (bad JSON, unknown table, wrong column
 * count, a media file cut short) is a BackupError naming the line.
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
      if (
        format === EXPORT_FORMAT &&
        typeof version === 'number' &&
        !(READABLE_EXPORT_VERSIONS as readonly number[]).includes(version)
      ) {
        throw new BackupError(
          `${file} is export version ${version}; this Gongzhong reads versions ${READABLE_EXPORT_VERSIONS.join(' and ')} (upgrade Gongzhong)`,
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

    let lineNo = 1;
    /** The next non-empty line, parsed, or null at the end of the file. */
    const nextLine = async (): Promise<Record<string, unknown> | null> => {
      for (;;) {
        const next = await lines.next();
        if (next.done) return null;
        lineNo++;
        if (next.value === '') continue;
        let line: unknown;
        try {
          line = JSON.parse(next.value);
        } catch {
          throw new BackupError(`${file} is corrupt: line ${lineNo} is not valid JSON`);
        }
        if (line === null || typeof line !== 'object' || Array.isArray(line))
          throw new BackupError(`${file} is corrupt: line ${lineNo} is not a row`);
        return line as Record<string, unknown>;
      }
    };
    const cut = () =>
      new BackupError(`${file} is truncated or damaged: its media section ends early (line ${lineNo})`);

    async function media(sink: MediaSink): Promise<number | null> {
      if (header.version === 1) return null;
      let files = 0;
      for (;;) {
        const line = await nextLine();
        if (!line) throw cut();
        if (typeof line.media_end === 'number') {
          if (line.media_end !== files) throw cut();
          return files;
        }
        const { m, size } = line;
        if (typeof m !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
          throw new BackupError(`${file} is corrupt: line ${lineNo} is not a media file entry`);
        const chunks: Buffer[] = [];
        let length = 0;
        while (length < size) {
          const chunk = await nextLine();
          if (!chunk || typeof chunk.c !== 'string') throw cut();
          const bytes = Buffer.from(chunk.c, 'base64');
          chunks.push(bytes);
          length += bytes.length;
        }
        if (length !== size)
          throw new BackupError(`${file} is corrupt: media file ${m} has ${length} bytes, not ${size}`);
        await sink(m, Buffer.concat(chunks));
        files++;
      }
    }

    async function* rows(): AsyncGenerator<ExportRow> {
      try {
        for (;;) {
          const line = await nextLine();
          if (!line) return;
          const { t, v } = line as { t?: unknown; v?: unknown };
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
    return { header, media, rows, close };
  } catch (err) {
    await close();
    throw err;
  }
}
