import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { followAccount, type FollowResult } from '../followers/follow-account.ts';
import { getUser } from '../followers/get-user.ts';
import { getQrcodeByTicket, getQrcodeByUrl } from './get-qrcode.ts';
import { incrementQrcodeCounts, selectQrcodeByTicket } from './qrcodes.queries.ts';
import { presentQrcode, type QrcodeView } from './qrcodes.presenter.ts';
import { ScanSchema } from './qrcodes.schemas.ts';
import { readQrcodeImage } from './read-qrcode-image.ts';

export interface ScanResult extends FollowResult {
  /** The code scanned, with its counts after this scan. */
  qrcode: QrcodeView;
}

/**
 * A user scans a parametric code (spec §4.1, §11.3), found by ticket or by
 * the url its image encodes. Someone not following the account follows it:
 * `subscribe` with `EventKey=qrscene_<scene>` and `Ticket`, subscribe_scene
 * ADD_SCENE_QR_CODE and the scene kept on the follower. A follower sends
 * `SCAN` with `EventKey=<scene>` and `Ticket`. followAccount makes that
 * choice and the push; this counts the scan (and the follow) on the code.
 * QRCODE_NOT_FOUND for unknown and expired codes.
 */
export async function scanQrcode(ctx: AppContext, userId: string, input: unknown): Promise<ScanResult> {
  const data = validate(ScanSchema, input ?? {});
  await getUser(ctx, userId);
  const code =
    data.ticket !== undefined
      ? await getQrcodeByTicket(ctx, data.ticket)
      : await getQrcodeByUrl(ctx, data.url ?? '');
  // The account cannot be missing: deleting an account deletes its codes.
  const account = (await selectAccountById(ctx.db, code.account_id))!;
  const scene =
    code.scene_id !== null ? { qr_scene: code.scene_id } : { qr_scene_str: code.scene_str ?? undefined };
  const follow = await followAccount(ctx, userId, account.appid, { ...scene, ticket: code.ticket });
  // A single UPDATE adds to the counters, so concurrent scans never lose one.
  await incrementQrcodeCounts(ctx.db, code.ticket, follow.event === 'subscribe');
  const counted = (await selectQrcodeByTicket(ctx.db, code.ticket)) ?? code;
  return { ...follow, qrcode: presentQrcode(ctx, counted) };
}

/** scanQrcode for a picture of the code (PNG or JPEG): read it as a phone camera would, then scan its url. */
export async function scanQrcodeImage(ctx: AppContext, userId: string, image: Buffer): Promise<ScanResult> {
  await getUser(ctx, userId);
  const text = await readQrcodeImage(image);
  return scanQrcode(ctx, userId, { url: text });
}
