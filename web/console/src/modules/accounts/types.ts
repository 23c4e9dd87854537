/** `presentAccount` on the server (modules/accounts/accounts.presenter.ts). */
export interface Account {
  id: string;
  organization_id: string;
  appid: string;
  appsecret: string;
  original_id: string;
  type: 'service' | 'subscription';
  verified: boolean;
  name: string;
  description: string;
  avatar_url: string;
  developer: {
    url: string | null;
    token: string | null;
    encoding_aes_key: string | null;
    message_mode: 'plaintext' | 'compatible' | 'safe';
    enabled: boolean;
  };
  ip_whitelist: string[];
  permissions: string[];
  created_at: string;
}
