import sharp from 'sharp';
import type { AppContext } from '../../context.ts';
import type { MediaTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { mediaUrl } from './media-url.ts';

/**
 * Derived images, served at `/mmbiz/<media_id>/<variant>`:
 * - `thumb`: fits inside 360×360 (lists, the console's material grid);
 * - `cover-2.35`: the 2.35:1 cover of an article in a feed (900×383 at most);
 * - `cover-1`: the 1:1 cover for shares and small cards (500×500 at most).
 *
 * They are derived on demand, not stored: a variant is a pure function of
 * bytes that never change under a media id, so the HTTP response is cached
 * as immutable instead; storing them would multiply files per image and
 * make deletion, backups and the expiry sweep track derived keys. sharp's
 * shrink-on-load keeps a render of a 10 MB photo to tens of milliseconds.
 */
export const IMAGE_VARIANTS = {
  thumb: { width: 360, height: 360, ratio: null },
  'cover-2.35': { width: 900, height: 383, ratio: 2.35 },
  'cover-1': { width: 500, height: 500, ratio: 1 },
} as const;

export type ImageVariant = keyof typeof IMAGE_VARIANTS;

/** A crop box in fractions of the image (WeChat's `pic_crop_235_1` "X1_Y1_X2_Y2"). */
export interface CropBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** True for the names IMAGE_VARIANTS defines (a URL segment is untrusted). */
export function isImageVariant(name: string): name is ImageVariant {
  return Object.hasOwn(IMAGE_VARIANTS, name);
}

/**
 * Parses WeChat's crop string "X1_Y1_X2_Y2" (top-left and bottom-right
 * corners, each 0..1 of the width or height). INVALID_PARAMETER when it is
 * not four numbers in range with x1 < x2 and y1 < y2.
 */
export function parseCropBox(text: string): CropBox {
  const parts = text.split('_').map(Number);
  const [x1, y1, x2, y2] = parts;
  const ok =
    parts.length === 4 &&
    parts.every((n) => Number.isFinite(n) && n >= 0 && n <= 1) &&
    x1! < x2! &&
    y1! < y2!;
  if (!ok)
    throw new AppError(
      'INVALID_PARAMETER',
      `crop must be "X1_Y1_X2_Y2" in 0..1, got ${JSON.stringify(text)}`,
    );
  return { x1: x1!, y1: y1!, x2: x2!, y2: y2! };
}

const SHARP_INPUT = { failOn: 'error', limitInputPixels: 100_000_000 } as const;

/**
 * Renders `variant` of an image as JPEG. Covers take the `crop` box when
 * given (as WeChat does with pic_crop_*), else the centre; either way the
 * result is cut to the exact ratio, then shrunk to the variant's size (never
 * enlarged). Animated GIFs give their first frame.
 */
export async function renderImageVariant(
  bytes: Buffer,
  variant: ImageVariant,
  crop?: CropBox,
): Promise<Buffer> {
  const spec = IMAGE_VARIANTS[variant];
  const meta = await sharp(bytes, SHARP_INPUT).metadata();
  // rotate() applies the EXIF orientation first, so boxes refer to the image
  // as seen: orientations 5–8 swap width and height.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 1;
  const height = (turned ? meta.width : meta.height) ?? 1;
  let image = sharp(bytes, SHARP_INPUT).rotate();
  let w = width;
  let h = height;
  if (crop && spec.ratio !== null) {
    const left = Math.min(width - 1, Math.round(crop.x1 * width));
    const top = Math.min(height - 1, Math.round(crop.y1 * height));
    w = Math.max(1, Math.min(width, Math.round(crop.x2 * width)) - left);
    h = Math.max(1, Math.min(height, Math.round(crop.y2 * height)) - top);
    // Called before resize(), extract() cuts the full-size image.
    image = image.extract({ left, top, width: w, height: h });
  }
  if (spec.ratio === null) {
    image = image.resize(spec.width, spec.height, { fit: 'inside', withoutEnlargement: true });
  } else {
    // The largest box of the ratio inside what is left, at most the variant's size.
    const boxW = Math.max(1, Math.min(w, Math.round(h * spec.ratio), spec.width));
    const boxH = Math.max(1, Math.round(boxW / spec.ratio));
    image = image.resize(boxW, boxH, { fit: 'cover', position: 'centre' });
  }
  return image.flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}

/**
 * The public URL of an image's variant, with the crop box when given (the
 * same string drafts store as pic_crop_235_1 / pic_crop_1_1).
 */
export function mediaVariantUrl(
  ctx: AppContext,
  row: Pick<MediaTable, 'media_id'>,
  variant: ImageVariant,
  crop?: string,
): string {
  const base = `${mediaUrl(ctx, row)}/${variant}`;
  return crop ? `${base}?crop=${encodeURIComponent(crop)}` : base;
}
