/**
 * What the QR code tests share: reading a served image back as a phone
 * would (sharp → raw RGBA → jsQR), and the slice of wechat-api 1.35 they
 * drive (lib/api_qrcode.js, untyped).
 */
import jsQR from 'jsqr';
import sharp from 'sharp';
import type WechatAPI from 'wechat-api';

/** The text of the QR code in an image, or null when none is found. */
export async function decodeQr(image: Buffer): Promise<string | null> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  return jsQR.default(pixels, info.width, info.height)?.data ?? null;
}

/** qrcode/create's answer as wechat-api hands it over. */
export interface CreatedQr {
  ticket: string;
  expire_seconds?: number;
  url: string;
}

/** wechat-api's QR methods: a string scene means the _STR_ actions. */
export interface WechatQrApi {
  createTmpQRCode(
    scene: number | string,
    expire: number | undefined,
    cb: WechatAPI.Callback<CreatedQr>,
  ): void;
  createLimitQRCode(scene: number | string, cb: WechatAPI.Callback<CreatedQr>): void;
  /** `mpPrefix + 'showqrcode?ticket=' + ticket`, the ticket inserted raw. */
  showQRCodeURL(ticket: string): string;
}

/** Runs a wechat-api callback method as a promise. */
export function call<T>(fn: (cb: WechatAPI.Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));
}
