/**
 * The one clock every time-dependent rule reads (token expiry, quotas,
 * service windows, media expiry, schedules). In sandbox mode an offset can be
 * added so a test can jump hours ahead in a second; the offset is persisted by
 * the caller (see modules/sandbox) so it survives restarts.
 */
export class Clock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  /** Current platform time in epoch milliseconds. */
  now(): number {
    return this.base() + this.offsetMs;
  }

  /** Current platform time in whole epoch seconds (WeChat's CreateTime unit). */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** How far the clock has been moved ahead of real time, in ms. */
  getOffset(): number {
    return this.offsetMs;
  }

  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/**
 * WeChat resets daily quotas at midnight Beijing time, whatever the server's
 * zone; this is the day key (YYYY-MM-DD, UTC+8) those counters use.
 */
export function chinaDay(epochMs: number): string {
  return new Date(epochMs + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The month key (YYYY-MM, UTC+8) for monthly limits such as clear_quota. */
export function chinaMonth(epochMs: number): string {
  return chinaDay(epochMs).slice(0, 7);
}
