import type { AccountsTable } from '../../db/schema.ts';
import { capabilitiesFor } from './capabilities.ts';

/** The account as our own API shows it to an administrator (credentials included). */
export function presentAccount(row: AccountsTable) {
  const verified = row.verified === 1;
  return {
    id: row.id,
    organization_id: row.organization_id,
    appid: row.appid,
    appsecret: row.appsecret,
    original_id: row.original_id,
    type: row.type,
    verified,
    name: row.name,
    description: row.description,
    avatar_url: row.avatar_url,
    alias: row.alias ?? null,
    developer: {
      url: row.server_url,
      token: row.server_token,
      encoding_aes_key: row.encoding_aes_key,
      message_mode: row.message_mode,
      enabled: row.server_enabled === 1,
    },
    ip_whitelist: parseWhitelist(row.ip_whitelist),
    location_report: row.location_report,
    permissions: capabilitiesFor(row.type, verified),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export type AccountView = ReturnType<typeof presentAccount>;

/** The account without its credentials, for console roles that do not manage it (analysts, agents). */
export function withoutSecrets(view: AccountView): AccountView {
  return {
    ...view,
    appsecret: '',
    developer: { ...view.developer, token: null, encoding_aes_key: null },
  };
}

export function parseWhitelist(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
