import type { Generated, Kysely } from 'kysely';

/**
 * Kysely table types. Times are epoch milliseconds in `bigint` columns
 * (pg's int8 parser is set to Number, safe below 2^53); flags are 0/1
 * integers because SQLite has no boolean type; JSON lives in text columns.
 */
export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: number;
}

export type AccountType = 'subscription' | 'service';
export type MessageMode = 'plaintext' | 'compatible' | 'safe';

export interface AccountsTable {
  id: string;
  organization_id: string;
  appid: string;
  original_id: string;
  type: AccountType;
  verified: number;
  name: string;
  description: string;
  avatar_url: string;
  appsecret: string;
  server_url: string | null;
  server_token: string | null;
  encoding_aes_key: string | null;
  message_mode: MessageMode;
  server_enabled: number;
  /** JSON array of IPv4/IPv6 addresses or CIDR ranges; empty means no restriction. */
  ip_whitelist: string;
  created_at: number;
  updated_at: number;
}

export type TokenKind = 'basic' | 'stable';

export interface AccessTokensTable {
  /** sha256 of the token: a leaked database does not leak usable tokens. */
  token_hash: string;
  account_id: string;
  kind: TokenKind;
  /** 1 when issued by stable_token with force_refresh (counted against the daily 20). */
  forced: number;
  /**
   * The token itself, kept only for stable tokens: stable_token hands the same
   * token back while it is valid. Basic tokens are stored as hashes alone.
   */
  token_value: string | null;
  created_at: number;
  expires_at: number;
}

export interface ApiQuotaUsageTable {
  account_id: string;
  cgi_path: string;
  /** YYYY-MM-DD in Beijing time, when WeChat resets daily quotas. */
  day: string;
  used: number;
}

export interface QuotaClearsTable {
  account_id: string;
  /** YYYY-MM in Beijing time. */
  month: string;
  count: number;
}

export interface ApiRequestLogTable {
  rid: string;
  account_id: string | null;
  invoke_time: number;
  cost_in_ms: number;
  request_url: string;
  request_body: string;
  response_body: string;
  client_ip: string;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobsTable {
  id: string;
  name: string;
  version: number;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  dedupe_key: string | null;
  progress: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  nickname: string;
  avatar_url: string;
  sex: number;
  country: string;
  province: string;
  city: string;
  language: string;
  wechat_id: string | null;
  created_at: number;
}

export interface FollowersTable {
  id: string;
  account_id: string;
  user_id: string;
  openid: string;
  subscribed: number;
  subscribe_time: number | null;
  unsubscribe_time: number | null;
  subscribe_scene: string;
  remark: string;
  created_at: number;
}

export interface Database {
  organizations: OrganizationsTable;
  accounts: AccountsTable;
  access_tokens: AccessTokensTable;
  api_quota_usage: ApiQuotaUsageTable;
  quota_clears: QuotaClearsTable;
  api_request_log: ApiRequestLogTable;
  settings: SettingsTable;
  jobs: JobsTable;
  users: UsersTable;
  followers: FollowersTable;
  /** Kysely's own bookkeeping, listed so backups can skip it by name. */
  kysely_migration: { name: string; timestamp: string };
  kysely_migration_lock: { id: string; is_locked: Generated<number> };
}

export type Db = Kysely<Database>;

/** Tables in foreign-key order: parents first. Backup/restore walks this list. */
export const DATA_TABLES = [
  'settings',
  'organizations',
  'accounts',
  'access_tokens',
  'api_quota_usage',
  'quota_clears',
  'api_request_log',
  'jobs',
  'users',
  'followers',
] as const satisfies readonly (keyof Database)[];
