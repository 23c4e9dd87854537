import QRCode from 'qrcode';

/** WeChat's showqrcode images are 430 pixels square. */
const IMAGE_SIZE = 430;

/**
 * The PNG showqrcode serves: `url` as a QR code a reader (or a phone)
 * decodes back to the url. Error correction M and a 4-module quiet zone,
 * as printed codes usually have, so a photo of a printout still reads.
 */
export async function renderQrcodePng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: IMAGE_SIZE });
}
