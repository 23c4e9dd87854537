import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { MEDIA_CHUNK_BYTES, type ExportSource, type ProgressListener } from './export-format.ts';
import { listMediaFiles, readMediaFile } from './media-files.ts';

/**
 * Writes `source` as JSON lines: the header; the media section (each file
 * of `mediaRoot` as `{"m": path, "size": n}` and its bytes in `{"c": base64}`
 * lines, closed by `{"media_end": files}`, so a cut inside it is noticed);
 * then one `{"t": table, "v": [...]}` line per row. Media come first so a
 * restore can stage them before it replaces the rows. Goes to a temporary
 * file renamed at the end, so a failed or interrupted backup never leaves a
 * plausible-looking partial file behind.
 */
export async function writeExportFile(
  source: ExportSource,
  file: string,
  onProgress?: ProgressListener,
  mediaRoot?: string,
): Promise<{ rows: number; bytes: number; mediaFiles: number }> {
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
    let mediaFiles = 0;
    for (const rel of mediaRoot ? await listMediaFiles(mediaRoot) : []) {
      const bytes = await readMediaFile(mediaRoot!, rel);
      if (!bytes) continue;
      await write(JSON.stringify({ m: rel, size: bytes.length }));
      for (let at = 0; at < bytes.length; at += MEDIA_CHUNK_BYTES)
        await write(JSON.stringify({ c: bytes.subarray(at, at + MEDIA_CHUNK_BYTES).toString('base64') }));
      mediaFiles++;
    }
    await write(JSON.stringify({ media_end: mediaFiles }));
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
    return { rows: done, bytes: out.bytesWritten, mediaFiles };
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
