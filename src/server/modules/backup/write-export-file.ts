import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ExportSource, ProgressListener } from './export-format.ts';

/**
 * Writes `source` as JSON lines: the header, then one `{"t": table, "v": [...]}`
 * line per row. Goes to a temporary file renamed at the end, so a failed or
 * interrupted backup never leaves a plausible-looking partial file behind.
 */
export async function writeExportFile(
  source: ExportSource,
  file: string,
  onProgress?: ProgressListener,
): Promise<{ rows: number; bytes: number }> {
  const total = source.header.tables.reduce((n, t) => n + t.rows, 0);
  const tmp = `${file}.partial-${process.pid}`;
  const out = createWriteStream(tmp, { flags: 'wx' });
  const state: { failed: Error | null } = { failed: null };
  out.on('error', (err) => (state.failed = err));
  let done = 0;
  try {
    const write = async (line: string) => {
      if (state.failed) throw state.failed;
      if (!out.write(`${line}\n`)) await drained(out);
    };
    await write(JSON.stringify(source.header));
    onProgress?.(0, total);
    for await (const row of source.rows()) {
      await write(JSON.stringify({ t: row.table, v: row.values }));
      done++;
      if (done % 500 === 0) onProgress?.(done, total);
    }
    onProgress?.(done, total);
    out.end();
    await once(out, 'finish');
    if (state.failed) throw state.failed;
    await rename(tmp, file);
    return { rows: done, bytes: out.bytesWritten };
  } catch (err) {
    out.destroy();
    await source.close();
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Waits for `drain`, or rejects on `error`, removing both listeners either way (one wait per full buffer). */
function drained(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      out.off('drain', onDrain);
      reject(err);
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}
