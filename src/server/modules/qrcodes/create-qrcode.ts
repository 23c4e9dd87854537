import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable, QrActionName } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newQrcodeUrl, newTicket, toInteger } from './qrcode-values.ts';
import {
  countPermanentQrcodes,
  insertQrcode,
  selectPermanentQrcode,
  type QrCode,
} from './qrcodes.queries.ts';

/** Permanent codes an account may hold (WeChat: 10万). */
export const MAX_PERMANENT_QRCODES = 100_000;
/** A temporary code's lifetime when the call gives none (older docs said 30 s; today's say 60). */
export const DEFAULT_QRCODE_EXPIRE_SECONDS = 60;
/** The longest a temporary code lives: 30 days. */
export const MAX_QRCODE_EXPIRE_SECONDS = 2_592_000;
/** QR_SCENE takes any 32-bit unsigned scene_id but 0. */
const MAX_TEMPORARY_SCENE_ID = 4_294_967_295;
/** QR_LIMIT_SCENE takes 1–100000 ("目前参数只支持1--100000"). */
const MAX_PERMANENT_SCENE_ID = 100_000;
const MAX_SCENE_STR_LENGTH = 64;

const ACTION_NAMES: readonly QrActionName[] = [
  'QR_SCENE',
  'QR_STR_SCENE',
  'QR_LIMIT_SCENE',
  'QR_LIMIT_STR_SCENE',
];

type TemporaryScene =
  { action_name: 'QR_SCENE'; scene_id: number } | { action_name: 'QR_STR_SCENE'; scene_str: string };

type PermanentScene =
  | { action_name: 'QR_LIMIT_SCENE'; scene_id: number }
  | { action_name: 'QR_LIMIT_STR_SCENE'; scene_str: string };
type Scene = TemporaryScene | PermanentScene;

/**
 * `/cgi-bin/qrcode/create` (spec §11.1): a temporary or permanent code with
 * a scene. A permanent code for a scene the account already has is handed
 * back as it is (same ticket and url), so it never counts twice towards the
 * 100,000 limit (45029). A temporary code is new on every call.
 *
 * 40052 for an unknown action_name; 40053 when action_info lacks the
 * scene the action needs or the scene is out of range.
 */
export async function createQrcode(
  ctx: AppContext,
  account: AccountsTable,
  body: Record<string, unknown>,
): Promise<QrCode> {
  const scene = readScene(body);
  const now = ctx.clock.now();
  if (scene.action_name === 'QR_LIMIT_SCENE' || scene.action_name === 'QR_LIMIT_STR_SCENE') {
    return createPermanentQrcode(ctx, account, scene, now);
  }
  const expireSeconds = readExpireSeconds(body.expire_seconds);
  const url = newQrcodeUrl();
  const row: QrCode = {
    ticket: newTicket(url),
    account_id: account.id,
    action_name: scene.action_name,
    scene_id: 'scene_id' in scene ? scene.scene_id : null,
    scene_str: 'scene_str' in scene ? scene.scene_str : null,
    expire_seconds: expireSeconds,
    expires_at: now + expireSeconds * 1000,
    url,
    scan_count: 0,
    subscribe_count: 0,
    created_at: now,
  };
  await insertQrcode(ctx.db, row);
  return row;
}

async function createPermanentQrcode(
  ctx: AppContext,
  account: AccountsTable,
  scene: PermanentScene,
  now: number,
): Promise<QrCode> {
  const existing = await selectPermanentQrcode(ctx.db, account.id, scene);
  if (existing) return existing;
  // Two racing creates at 99,999 may both pass this check; one code over a
  // limit of 100,000 is harmless, and a lock per account is not worth it.
  if ((await countPermanentQrcodes(ctx.db, account.id)) >= MAX_PERMANENT_QRCODES) {
    throw new AppError(
      'QRCODE_LIMIT_REACHED',
      `an account holds at most ${MAX_PERMANENT_QRCODES} permanent codes`,
    );
  }
  const url = newQrcodeUrl();
  const row: QrCode = {
    ticket: newTicket(url),
    account_id: account.id,
    action_name: scene.action_name,
    scene_id: 'scene_id' in scene ? scene.scene_id : null,
    scene_str: 'scene_str' in scene ? scene.scene_str : null,
    expire_seconds: null,
    expires_at: null,
    url,
    scan_count: 0,
    subscribe_count: 0,
    created_at: now,
  };
  try {
    await insertQrcode(ctx.db, row);
    return row;
  } catch (err) {
    const sameScene =
      isUniqueViolation(err, 'qr_codes_permanent_id_key', 'qr_codes.account_id, qr_codes.scene_id') ||
      isUniqueViolation(err, 'qr_codes_permanent_str_key', 'qr_codes.account_id, qr_codes.scene_str');
    if (!sameScene) throw err;
    // A concurrent call made this scene's code first: hand back that one.
    const winner = await selectPermanentQrcode(ctx.db, account.id, scene);
    if (!winner) throw err;
    return winner;
  }
}

/** The action and its scene, or 40052/40053. The field the action does not use is ignored, as WeChat does. */
function readScene(body: Record<string, unknown>): Scene {
  const actionName = body.action_name;
  if (!isActionName(actionName)) {
    throw new AppError(
      'QRCODE_ACTION_NAME_INVALID',
      'action_name must be QR_SCENE, QR_STR_SCENE, QR_LIMIT_SCENE or QR_LIMIT_STR_SCENE',
    );
  }
  const info = body.action_info;
  const scene = isObject(info) && isObject(info.scene) ? info.scene : undefined;
  if (!scene) throw new AppError('QRCODE_ACTION_INFO_INVALID', 'action_info.scene is missing');

  if (actionName === 'QR_SCENE' || actionName === 'QR_LIMIT_SCENE') {
    const max = actionName === 'QR_SCENE' ? MAX_TEMPORARY_SCENE_ID : MAX_PERMANENT_SCENE_ID;
    const sceneId = toInteger(scene.scene_id);
    if (sceneId === undefined || sceneId < 1 || sceneId > max) {
      throw new AppError('QRCODE_ACTION_INFO_INVALID', `${actionName} needs scene_id from 1 to ${max}`);
    }
    return { action_name: actionName, scene_id: sceneId };
  }
  const sceneStr = scene.scene_str;
  // Characters, not bytes: the docs say 长度限制为1到64 without naming bytes.
  if (typeof sceneStr !== 'string' || sceneStr.length === 0 || [...sceneStr].length > MAX_SCENE_STR_LENGTH) {
    throw new AppError(
      'QRCODE_ACTION_INFO_INVALID',
      `${actionName} needs scene_str of 1 to ${MAX_SCENE_STR_LENGTH} characters`,
    );
  }
  return { action_name: actionName, scene_str: sceneStr };
}

/**
 * A temporary code's lifetime. Missing, null or 0 (what Go and Java clients
 * send for an unset field) means the default 60 s. Above 30 days it is cut
 * to 30 days rather than refused: WeChat documents only the maximum, SDKs
 * (PowerWeChat, wx-sdk) clamp the same way on their side, and the answer's
 * expire_seconds tells the caller what it got.
 */
function readExpireSeconds(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_QRCODE_EXPIRE_SECONDS;
  const seconds = toInteger(value);
  if (seconds === undefined || seconds < 0) {
    throw new AppError('BAD_REQUEST_BODY', 'expire_seconds must be a whole number of seconds');
  }
  if (seconds === 0) return DEFAULT_QRCODE_EXPIRE_SECONDS;
  return Math.min(seconds, MAX_QRCODE_EXPIRE_SECONDS);
}

function isActionName(value: unknown): value is QrActionName {
  return typeof value === 'string' && (ACTION_NAMES as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
