import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { canonicalQrcodeUrl, normalizeTicket } from './qrcode-values.ts';
import { selectQrcodeByTicket, selectQrcodeByUrl, type QrCode } from './qrcodes.queries.ts';

/** True once a temporary code's lifetime has passed by the platform clock; permanent codes never expire. */
export function isQrcodeExpired(ctx: AppContext, row: Pick<QrCode, 'expires_at'>): boolean {
  return row.expires_at !== null && row.expires_at <= ctx.clock.now();
}

/**
 * The live code behind a ticket, however the client encoded it
 * (normalizeTicket); QRCODE_NOT_FOUND when unknown or expired. The ticket
 * is the credential: whoever holds it may see the image and scan it.
 */
export async function getQrcodeByTicket(ctx: AppContext, ticket: string): Promise<QrCode> {
  const row = ticket === '' ? undefined : await selectQrcodeByTicket(ctx.db, normalizeTicket(ticket));
  if (!row || isQrcodeExpired(ctx, row))
    throw new AppError('QRCODE_NOT_FOUND', 'no such ticket, or the code has expired');
  return row;
}

/** The live code whose image encodes `text` (a decoded QR or a pasted url); QRCODE_NOT_FOUND otherwise. */
export async function getQrcodeByUrl(ctx: AppContext, text: string): Promise<QrCode> {
  const url = canonicalQrcodeUrl(text);
  if (url === null) {
    throw new AppError('QRCODE_NOT_FOUND', 'not a parametric QR code (expected http://weixin.qq.com/q/…)');
  }
  const row = await selectQrcodeByUrl(ctx.db, url);
  if (!row || isQrcodeExpired(ctx, row))
    throw new AppError('QRCODE_NOT_FOUND', 'no such code, or it has expired');
  return row;
}
