/**
 * Byte-level checks for the formats sharp cannot read (BMP) and for audio and
 * video, where a header check plus a walk over the container structure is
 * what tells a real file from a renamed one. Each returns null for data that
 * is not that format; none trusts a filename or a declared Content-Type.
 */

/** A recognised file format: the Content-Type we serve it with and its usual extension. */
export interface MediaFormat {
  contentType: string;
  ext: string;
}

export const FORMATS = {
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  png: { contentType: 'image/png', ext: 'png' },
  gif: { contentType: 'image/gif', ext: 'gif' },
  bmp: { contentType: 'image/bmp', ext: 'bmp' },
  amr: { contentType: 'audio/amr', ext: 'amr' },
  amrWb: { contentType: 'audio/amr-wb', ext: 'amr' },
  mp3: { contentType: 'audio/mpeg', ext: 'mp3' },
  speex: { contentType: 'audio/ogg', ext: 'spx' },
  mp4: { contentType: 'video/mp4', ext: 'mp4' },
} as const satisfies Record<string, MediaFormat>;

/** The extension a stored Content-Type downloads with (`bin` for anything unexpected). */
export function extensionFor(contentType: string): string {
  return Object.values(FORMATS).find((f) => f.contentType === contentType)?.ext ?? 'bin';
}

/** Width and height of an uncompressed or RLE BMP whose headers hold together, else null. */
export function readBmpSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 26 || bytes.toString('latin1', 0, 2) !== 'BM') return null;
  const pixelOffset = bytes.readUInt32LE(10);
  const dibSize = bytes.readUInt32LE(14);
  if (dibSize === 12) {
    // OS/2 BITMAPCOREHEADER: 16-bit unsigned dimensions.
    const width = bytes.readUInt16LE(18);
    const height = bytes.readUInt16LE(20);
    const bpp = bytes.readUInt16LE(24);
    if (width === 0 || height === 0 || ![1, 4, 8, 24].includes(bpp)) return null;
    return pixelsFit(bytes, pixelOffset, width, height, bpp) ? { width, height } : null;
  }
  if (![40, 52, 56, 108, 124].includes(dibSize) || bytes.length < 14 + dibSize) return null;
  const width = bytes.readInt32LE(18);
  const rawHeight = bytes.readInt32LE(22);
  const planes = bytes.readUInt16LE(26);
  const bpp = bytes.readUInt16LE(28);
  const compression = bytes.readUInt32LE(30);
  if (width <= 0 || rawHeight === 0 || planes !== 1) return null;
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) return null;
  const height = Math.abs(rawHeight);
  // 0 BI_RGB, 3 BI_BITFIELDS, 6 BI_ALPHABITFIELDS: raw rows that must fit; 1/2 RLE8/RLE4: run-length.
  if (compression === 0 || compression === 3 || compression === 6) {
    return pixelsFit(bytes, pixelOffset, width, height, bpp) ? { width, height } : null;
  }
  if ((compression === 1 && bpp === 8) || (compression === 2 && bpp === 4)) {
    return pixelOffset < bytes.length ? { width, height } : null;
  }
  return null;
}

function pixelsFit(bytes: Buffer, offset: number, width: number, height: number, bpp: number): boolean {
  const rowBytes = Math.ceil((width * bpp) / 32) * 4;
  return offset >= 26 && offset + rowBytes * height <= bytes.length;
}

// Payload bytes per frame type (the 4-bit FT field), after the one-byte frame
// header; -1 marks reserved types. RFC 4867 §5.3 / 3GPP TS 26.101 and 26.201.
const AMR_NB_FRAME = [12, 13, 15, 17, 19, 20, 26, 31, 5, -1, -1, -1, -1, -1, -1, 0];
const AMR_WB_FRAME = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, -1, -1, -1, -1, 0, 0];

/**
 * AMR storage format (RFC 4867 §5): the `#!AMR\n` (or `#!AMR-WB\n`) magic
 * then frames whose headers have zero padding bits, a defined frame type,
 * and sizes that add up to exactly the file length.
 */
export function detectAmr(bytes: Buffer): MediaFormat | null {
  const nb = '#!AMR\n';
  const wb = '#!AMR-WB\n';
  let offset: number;
  let sizes: number[];
  let format: MediaFormat;
  if (bytes.toString('latin1', 0, wb.length) === wb) {
    [offset, sizes, format] = [wb.length, AMR_WB_FRAME, FORMATS.amrWb];
  } else if (bytes.toString('latin1', 0, nb.length) === nb) {
    [offset, sizes, format] = [nb.length, AMR_NB_FRAME, FORMATS.amr];
  } else {
    return null;
  }
  let frames = 0;
  while (offset < bytes.length) {
    const header = bytes[offset]!;
    const size = sizes[(header >> 3) & 0x0f]!;
    if ((header & 0x83) !== 0 || size < 0) return null;
    offset += 1 + size;
    frames++;
  }
  return frames > 0 && offset === bytes.length ? format : null;
}

/**
 * How long a voice file plays, in ms, for the formats whose length the
 * structure gives exactly: AMR (every frame is 20 ms) and MP3 (frames of
 * 1152 or 576 samples, walked until the frames stop). Null for Speex, which
 * would need its last Ogg page; its files come only from followers.
 */
export function voiceDurationMs(bytes: Buffer, format: MediaFormat): number | null {
  const nb = format.contentType === FORMATS.amr.contentType;
  if (nb || format.contentType === FORMATS.amrWb.contentType) {
    const offset = nb ? '#!AMR\n'.length : '#!AMR-WB\n'.length;
    const sizes = nb ? AMR_NB_FRAME : AMR_WB_FRAME;
    let frames = 0;
    for (let at = offset; at < bytes.length; frames++) at += 1 + sizes[(bytes[at]! >> 3) & 0x0f]!;
    return frames * 20;
  }
  if (format.contentType === FORMATS.mp3.contentType) {
    let offset = id3Length(bytes) ?? 0;
    let ms = 0;
    for (;;) {
      const length = mp3FrameLength(bytes, offset);
      if (length === null || length === 0) break;
      const b1 = bytes[offset + 1]!;
      const version = (b1 >> 3) & 0x03;
      const sampleRate = MP3_SAMPLE_RATES[version]![(bytes[offset + 2]! >> 2) & 0x03]!;
      ms += ((version === 3 ? 1152 : 576) * 1000) / sampleRate;
      offset += length;
    }
    return Math.round(ms);
  }
  return null;
}

// MPEG audio bitrates in kbit/s by [version group][bitrate index], Layer III only.
const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000], // MPEG-1
  2: [22050, 24000, 16000], // MPEG-2
  0: [11025, 12000, 8000], // MPEG-2.5
};

/** Length in bytes of the MPEG Layer III frame whose header starts at `offset`, or null. */
function mp3FrameLength(bytes: Buffer, offset: number): number | null {
  if (offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  const bitrateIndex = b2 >> 4;
  const rates = MP3_SAMPLE_RATES[version];
  const sampleRate = rates?.[(b2 >> 2) & 0x03];
  // Layer III is 01; free-format (0) and bad (15) bitrates are refused.
  if (layer !== 1 || !sampleRate || bitrateIndex === 0 || bitrateIndex === 15) return null;
  const kbps = (version === 3 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[bitrateIndex]!;
  const padding = (b2 >> 1) & 0x01;
  const coefficient = version === 3 ? 144 : 72;
  return Math.floor((coefficient * kbps * 1000) / sampleRate) + padding;
}

/**
 * MP3: an optional ID3v2 tag (`ID3` + syncsafe size), then a valid Layer III
 * frame header; when the file goes on past that frame, the next frame must
 * start exactly where the first one ends.
 */
export function detectMp3(bytes: Buffer): MediaFormat | null {
  const offset = id3Length(bytes);
  if (offset === null) return null;
  const first = mp3FrameLength(bytes, offset);
  if (first === null) return null;
  const next = offset + first;
  if (next + 4 <= bytes.length && mp3FrameLength(bytes, next) === null) {
    // A trailing ID3v1 tag may follow the last frame.
    if (bytes.toString('latin1', next, next + 3) !== 'TAG') return null;
  }
  return FORMATS.mp3;
}

/** Bytes taken by a leading ID3v2 tag (0 without one), or null for a malformed tag. */
function id3Length(bytes: Buffer): number | null {
  if (bytes.toString('latin1', 0, 3) !== 'ID3') return 0;
  if (bytes.length < 10) return null;
  const size = bytes.subarray(6, 10).reduce((acc, b) => (b & 0x80 ? NaN : acc * 128 + b), 0);
  if (Number.isNaN(size)) return null;
  const footer = bytes[5]! & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/**
 * Speex in Ogg: the first page is a valid `OggS` beginning-of-stream page
 * whose first packet is the Speex header (`Speex   `).
 */
export function detectSpeex(bytes: Buffer): MediaFormat | null {
  if (bytes.length < 28 || bytes.toString('latin1', 0, 4) !== 'OggS') return null;
  if (bytes[4] !== 0 || (bytes[5]! & 0x02) === 0) return null;
  const segments = bytes[26]!;
  const payload = 27 + segments;
  if (bytes.length < payload + 8) return null;
  return bytes.toString('latin1', payload, payload + 8) === 'Speex   ' ? FORMATS.speex : null;
}

/**
 * MP4 (ISO base media file): an `ftyp` box at offset 4, then top-level boxes
 * that tile the file exactly (a size-0 box runs to the end) and include a
 * `moov` (the movie header every playable file has).
 */
export function detectMp4(bytes: Buffer): MediaFormat | null {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return null;
  let offset = 0;
  let hasMoov = false;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) return null;
    let size = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (size === 1) {
      if (offset + 16 > bytes.length) return null;
      size = Number(bytes.readBigUInt64BE(offset + 8));
      if (size < 16) return null;
    } else if (size === 0) {
      size = bytes.length - offset;
    } else if (size < 8) {
      return null;
    }
    if (!/^[\x20-\x7e]{4}$/.test(type)) return null;
    if (type === 'moov') hasMoov = true;
    offset += size;
  }
  return hasMoov && offset === bytes.length ? FORMATS.mp4 : null;
}
