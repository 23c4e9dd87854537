/** Lifetime of an access token, seconds. SDKs subtract up to 1500 s of margin, so it must stay 7200. */
export const TOKEN_TTL_SECONDS = 7200;
/** How long a superseded /cgi-bin/token token keeps working, ms. */
export const SUPERSEDE_GRACE_MS = 5 * 60 * 1000;
/** A stable token is rotated when less than this remains, ms. */
export const STABLE_ROTATE_BEFORE_MS = 5 * 60 * 1000;
/** Forced stable refreshes allowed per (Beijing) day. */
export const STABLE_FORCE_DAILY_LIMIT = 20;
/** Forced refreshes closer together than this return the current token, ms. */
export const STABLE_FORCE_MIN_INTERVAL_MS = 30 * 1000;
/** Expired token rows are kept this long so callers get 42001 rather than 40001, ms. */
export const EXPIRED_TOKEN_RETENTION_MS = 24 * 3600 * 1000;
