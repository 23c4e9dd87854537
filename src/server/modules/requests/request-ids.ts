import { randomHex } from '../../lib/ids.ts';

/** A WeChat-shaped request id: three groups of 8 hex, the first the time in seconds. */
export function newRid(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8)}-${randomHex(4)}-${randomHex(4)}`;
}

export const RID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

/** How long a failed call can be looked up with rid/get. */
export const RID_RETENTION_MS = 7 * 24 * 3600 * 1000;
