import sharp from 'sharp';
import type { MediaType } from '../../db/schema.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import {
  detectAmr,
  detectMp3,
  detectMp4,
  detectSpeex,
  FORMATS,
  readBmpSize,
  voiceDurationMs,
  type MediaFormat,
} from './media-formats.ts';
import { MAX_VOICE_MS, MEDIA_SIZE_LIMITS } from './media.schemas.ts';

/** What a file turned out to be. */
export interface MediaContent extends MediaFormat {
  /** Pixel size for images and thumbs; null for voice and video. */
  width: number | null;
  height: number | null;
}

/** What each media type accepts (WeChat §12.1 and §12.5), in words for errors. */
const ACCEPTED: Record<MediaType, string> = {
  image: 'JPEG, PNG, GIF or BMP',
  voice: 'AMR, MP3 or Speex in Ogg',
  video: 'MP4',
  thumb: 'JPEG',
};

const SHARP_IMAGE_FORMATS: Record<string, MediaFormat> = {
  jpeg: FORMATS.jpeg,
  png: FORMATS.png,
  gif: FORMATS.gif,
};

// Decompression bombs: a small PNG can claim a gigapixel canvas. 100 MP is
// past any phone photo; `failOn: 'error'` still refuses truncated data but
// tolerates the harmless warnings real cameras produce.
const SHARP_INPUT = { failOn: 'error', limitInputPixels: 100_000_000 } as const;

/** WeChat's size errcode per type (40009 image, 40010 voice, 40011 video, 40012 thumb). */
const SIZE_ERRORS: Record<MediaType, ErrorCode> = {
  image: 'IMAGE_SIZE_INVALID',
  voice: 'VOICE_SIZE_INVALID',
  video: 'VIDEO_SIZE_INVALID',
  thumb: 'THUMB_SIZE_INVALID',
};

/** The size error for a `type` file of `size` bytes past `limit` (the type's own limit by default). */
export function mediaSizeError(type: MediaType, size: number, limit = MEDIA_SIZE_LIMITS[type]): AppError {
  return new AppError(SIZE_ERRORS[type], `${type} files are limited to ${limit} bytes, got ${size}`);
}

/**
 * Checks that `bytes` really are a file of `type`, by decoding them (sharp for
 * JPEG/PNG/GIF, structural checks for BMP, AMR, MP3, Speex and MP4), never by
 * name or declared Content-Type. Throws the type's size error (40009–40012)
 * past `limit` (default the type's WeChat limit), MEDIA_EMPTY for no bytes,
 * MEDIA_INVALID when the bytes are not an accepted format, and
 * VOICE_TOO_LONG for voice past 60 seconds.
 */
export async function checkMediaContent(
  type: MediaType,
  bytes: Buffer,
  limit = MEDIA_SIZE_LIMITS[type],
): Promise<MediaContent> {
  if (bytes.length > limit) throw mediaSizeError(type, bytes.length, limit);
  if (bytes.length === 0) throw new AppError('MEDIA_EMPTY', 'the file is empty');
  const content = await detect(type, bytes);
  if (!content) {
    throw new AppError(
      'MEDIA_INVALID',
      `a ${type} must be ${ACCEPTED[type]}; these bytes are not (the content decides, not the file name)`,
    );
  }
  if (type === 'voice') {
    const duration = voiceDurationMs(bytes, content);
    if (duration !== null && duration > MAX_VOICE_MS) {
      throw new AppError('VOICE_TOO_LONG', `voice is limited to 60 s, this one plays ${duration / 1000} s`);
    }
  }
  return content;
}

async function detect(type: MediaType, bytes: Buffer): Promise<MediaContent | null> {
  switch (type) {
    case 'image':
      return decodeImage(bytes);
    case 'thumb': {
      const image = await decodeImage(bytes);
      return image?.contentType === FORMATS.jpeg.contentType ? image : null;
    }
    case 'voice': {
      const format = detectAmr(bytes) ?? detectMp3(bytes) ?? detectSpeex(bytes);
      return format && { ...format, width: null, height: null };
    }
    case 'video': {
      const format = detectMp4(bytes);
      return format && { ...format, width: null, height: null };
    }
  }
}

/** An image sharp can fully decode (or a well-formed BMP, which sharp cannot read), with its size. */
async function decodeImage(bytes: Buffer): Promise<MediaContent | null> {
  const bmp = readBmpSize(bytes);
  if (bmp) return { ...FORMATS.bmp, ...bmp };
  try {
    const meta = await sharp(bytes, SHARP_INPUT).metadata();
    const format = meta.format ? SHARP_IMAGE_FORMATS[meta.format] : undefined;
    if (!format || !meta.width || !meta.height) return null;
    // metadata() reads headers only; decoding a tiny copy walks the whole
    // compressed stream (JPEG shrink-on-load keeps it cheap), so truncated or
    // corrupt pixel data is caught here.
    await sharp(bytes, SHARP_INPUT).resize(16, 16, { fit: 'inside' }).raw().toBuffer();
    return { ...format, width: meta.width, height: meta.height };
  } catch {
    return null;
  }
}
