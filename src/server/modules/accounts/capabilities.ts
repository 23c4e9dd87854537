import type { AccountType } from '../../db/schema.ts';

/**
 * API permission groups, after WeChat's interface-permission table
 * (接口权限说明). A call whose group the account lacks answers 48001, never
 * a token errcode (SDKs retry those forever).
 */
export const CAPABILITIES = [
  'basic',
  'receive_messages',
  'passive_reply',
  'menu',
  'conditional_menu',
  'material',
  'draft_publish',
  'customer_service',
  'mass_send',
  'template_message',
  'subscribe_message',
  'user_management',
  'qrcode',
  'oauth',
  'jssdk',
  'datacube',
  'comment',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

type Variant = 'subscription' | 'subscription_verified' | 'service' | 'service_verified';

// What each kind of account may call (WeChat's 接口权限说明). Every account
// keeps the basics; unverified service accounts also get menus; verification
// unlocks materials, publishing (withdrawn from unverified accounts in 2025),
// messaging users, user management and statistics; templates, subscribe
// notifications, parametric QR codes and web authorization need a verified
// service account.
const MATRIX: Record<Variant, readonly Capability[]> = {
  subscription: ['basic', 'receive_messages', 'passive_reply', 'jssdk'],
  subscription_verified: [
    'basic',
    'receive_messages',
    'passive_reply',
    'menu',
    'conditional_menu',
    'material',
    'draft_publish',
    'customer_service',
    'mass_send',
    'user_management',
    'jssdk',
    'datacube',
    'comment',
  ],
  service: ['basic', 'receive_messages', 'passive_reply', 'menu', 'jssdk'],
  service_verified: [...CAPABILITIES],
};

/** The permission set implied by an account's type and verification. */
export function capabilitiesFor(type: AccountType, verified: boolean): readonly Capability[] {
  const variant: Variant = `${type}${verified ? '_verified' : ''}`;
  return MATRIX[variant];
}

export function hasCapability(type: AccountType, verified: boolean, capability: Capability): boolean {
  return capabilitiesFor(type, verified).includes(capability);
}
