// Test-only helpers for the media suites: small real files built in code,
// follower rows inserted directly, and a hand-built multipart body for inject().
import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { AppContext } from '../../context.ts';
import type { AccountsTable, UsersTable } from '../../db/schema.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { buildFollower } from '../../../../test/helpers/factories.ts';

/** A solid-colour PNG. */
export function samplePng(width = 40, height = 30): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#07c160' } })
    .png()
    .toBuffer();
}

/** A JPEG; noise makes the size grow with the pixel count (for size-limit tests). */
export function sampleJpeg(width = 32, height = 24, noise = false): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#1989fa',
      ...(noise ? { noise: { type: 'gaussian' as const, mean: 128, sigma: 80 } } : {}),
    },
  })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** A GIF. */
export function sampleGif(width = 10, height = 10): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#ff0000' } })
    .gif()
    .toBuffer();
}

/** An uncompressed 24-bit BMP (BITMAPINFOHEADER), which sharp itself cannot write. */
export function sampleBmp(width = 3, height = 2): Buffer {
  const rowBytes = Math.ceil((width * 24) / 32) * 4;
  const bmp = Buffer.alloc(54 + rowBytes * height, 0x7f);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(bmp.length, 2);
  bmp.writeUInt32LE(0, 6);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(24, 28);
  bmp.writeUInt32LE(0, 30);
  bmp.writeUInt32LE(rowBytes * height, 34);
  return bmp;
}

/** AMR-NB: the `#!AMR\n` magic and `frames` 12.2 kbit/s frames (FT 7: 1 header + 31 bytes). */
export function sampleAmr(frames = 50): Buffer {
  const frame = Buffer.alloc(32, 0x55);
  frame[0] = (7 << 3) | 0x04; // FT=7, Q=1, padding bits zero
  return Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), ...Array.from({ length: frames }, () => frame)]);
}

/** MP3: an ID3v2 tag, then MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz (417 bytes each). */
export function sampleMp3(frames = 3): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
  const frame = Buffer.alloc(417, 0);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}

/** Speex in Ogg: a beginning-of-stream page whose one packet is the 80-byte Speex header. */
export function sampleSpeex(): Buffer {
  const packet = Buffer.alloc(80, 0);
  packet.write('Speex   ', 0, 'latin1');
  const header = Buffer.alloc(28, 0);
  header.write('OggS', 0, 'latin1');
  header[4] = 0; // version
  header[5] = 0x02; // beginning of stream
  header[26] = 1; // one segment
  header[27] = packet.length; // its lacing value
  return Buffer.concat([header, packet]);
}

/** MP4: `ftyp` (isom), an empty `moov` and an `mdat` of `payload` bytes. */
export function sampleMp4(payload = 256): Buffer {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2mp41', 'latin1'));
  return Buffer.concat([ftyp, box('moov', Buffer.alloc(0)), box('mdat', Buffer.alloc(payload, 1))]);
}

/** A simulated user following `account` (or having unfollowed it, with `subscribed: false`). */
export async function insertFollowingUser(
  ctx: AppContext,
  account: AccountsTable,
  { subscribed = true }: { subscribed?: boolean } = {},
): Promise<UsersTable> {
  return (await buildFollower(ctx, account, { subscribed })).user;
}

/** A multipart/form-data body as a browser would send it, for inject(). */
export function multipartBody(
  fields: Record<string, string>,
  file?: { field?: string; filename: string; contentType: string; bytes: Buffer },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----gz${randomUrlSafe(16)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'media'}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.contentType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Every file under `dir` (recursively), relative to it; [] when `dir` does not exist. */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
