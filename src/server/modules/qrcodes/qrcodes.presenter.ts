import type { AppContext } from '../../context.ts';
import { platformUrl } from '../../lib/platform-url.ts';
import type { QrCode } from './qrcodes.queries.ts';

/** `/cgi-bin/qrcode/create`'s answer: no errcode (spec §0.3), expire_seconds for temporary codes only. */
export function presentCreatedQrcode(row: QrCode) {
  return {
    ticket: row.ticket,
    ...(row.expire_seconds === null ? {} : { expire_seconds: row.expire_seconds }),
    url: row.url,
  };
}

/** The path that serves a code's image, the ticket URL-encoded (it holds `+`, `/` and `=`). */
export function showQrcodePath(ticket: string): string {
  return `/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
}

/** A code as our API lists it, with its scan counts (times in epoch ms). */
export function presentQrcode(ctx: AppContext, row: QrCode) {
  return {
    ticket: row.ticket,
    action_name: row.action_name,
    /** True for QR_LIMIT_SCENE and QR_LIMIT_STR_SCENE. */
    permanent: row.expires_at === null,
    scene_id: row.scene_id,
    scene_str: row.scene_str,
    /** The content the image encodes. */
    url: row.url,
    /** Absolute URL of the PNG (showqrcode). */
    image_url: platformUrl(ctx, showQrcodePath(row.ticket)),
    /** Null for permanent codes. */
    expire_seconds: row.expire_seconds,
    expires_at: row.expires_at,
    expired: row.expires_at !== null && row.expires_at <= ctx.clock.now(),
    /** Every scan through the simulation, by followers and new followers alike. */
    scan_count: row.scan_count,
    /** Scans that made the user follow (subscribe events with qrscene_). */
    subscribe_count: row.subscribe_count,
    created_at: row.created_at,
  };
}

export type QrcodeView = ReturnType<typeof presentQrcode>;
