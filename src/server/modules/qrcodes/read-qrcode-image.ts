import jsQR from 'jsqr';
import sharp, { type OutputInfo } from 'sharp';
import { AppError } from '../../errors.ts';

/** Photos are scaled down to this many pixels a side before decoding: plenty for a QR code, and quick. */
const DECODE_SIZE = 1024;
/** Refuse images that would decode to more pixels than this (a decompression bomb, not a photo). */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * The text of the QR code in an image (PNG, JPEG, or anything sharp reads),
 * as a phone camera would read it: sharp decodes and scales to raw RGBA,
 * jsQR finds and reads the code. QRCODE_IMAGE_UNREADABLE when the bytes are
 * not an image or hold no readable code.
 */
export async function readQrcodeImage(bytes: Buffer): Promise<string> {
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize({ width: DECODE_SIZE, height: DECODE_SIZE, fit: 'inside', withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new AppError('QRCODE_IMAGE_UNREADABLE', `not an image sharp can read (${(err as Error).message})`);
  }
  const pixels = new Uint8ClampedArray(raw.data.buffer, raw.data.byteOffset, raw.data.byteLength);
  // jsqr is CommonJS whose types declare only a default export: call it through `.default`.
  const code = jsQR.default(pixels, raw.info.width, raw.info.height, { inversionAttempts: 'attemptBoth' });
  if (!code) throw new AppError('QRCODE_IMAGE_UNREADABLE', 'the image holds no QR code a reader can find');
  return code.data;
}
