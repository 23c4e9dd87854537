import { z } from 'zod';
import { isValidIpEntry } from '../../lib/ip-allowlist.ts';

/** WeChat's callback Token: 3–32 letters or digits. */
export const ServerTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{3,32}$/, 'Token must be 3-32 letters or digits');
/** EncodingAESKey: exactly 43 letters or digits (base64 of a 32-byte key, without the trailing "="). */
export const EncodingAesKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9]{43}$/, 'EncodingAESKey must be exactly 43 letters or digits');

/** One allowlist entry: an IPv4/IPv6 address or a CIDR range. */
export const IpEntrySchema = z
  .string()
  .trim()
  .refine(isValidIpEntry, {
    error: (issue) =>
      `${String(issue.input)} is not an IP address or CIDR range (prefix 0-32 for IPv4, 0-128 for IPv6)`,
  });

/** WeChat id (微信号) of an account: 6–20 characters, a letter first, then letters, digits, _ or -. */
export const AccountAliasSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{5,19}$/,
    'alias must be 6-20 letters, digits, _ or -, starting with a letter',
  );

/** Body of `POST /gz/v1/accounts`. */
export const CreateAccountSchema = z.object({
  /** Owning organisation id. */
  organization_id: z.string().min(1),
  /** `subscription` (订阅号) or `service` (服务号). */
  type: z.enum(['subscription', 'service']),
  /** Display name, 1–64 characters. */
  name: z.string().trim().min(1).max(64),
  /** WeChat-verified (微信认证); unlocks most APIs. Default false. */
  verified: z.boolean().default(false),
  description: z.string().max(512).default(''),
  avatar_url: z.string().max(2048).default(''),
  /** WeChat id (微信号) followers can search by; unique without case. */
  alias: AccountAliasSchema.nullable().default(null),
  /** Fixed credentials, for tests and migrations from a real account; generated when absent. */
  appid: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, 'appid must be "wx" + 16 lowercase hex')
    .optional(),
  appsecret: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'appsecret must be 32 lowercase hex')
    .optional(),
  original_id: z
    .string()
    .regex(/^gh_[0-9a-f]{12}$/, 'original_id must be "gh_" + 12 lowercase hex')
    .optional(),
});
export type CreateAccount = z.input<typeof CreateAccountSchema>;

/** Body of `PATCH /gz/v1/accounts/:appid`: any subset of the profile. */
export const UpdateAccountSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    type: z.enum(['subscription', 'service']),
    verified: z.boolean(),
    description: z.string().max(512),
    avatar_url: z.string().max(2048),
    /** WeChat id (微信号); null removes it. */
    alias: AccountAliasSchema.nullable(),
    /** API IP allowlist; empty list lifts the restriction. At most 200 entries. */
    ip_whitelist: z.array(IpEntrySchema).max(200),
    /** LOCATION events: 0 off, 1 when the follower enters the conversation, 2 every 5 seconds. */
    location_report: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  })
  .partial()
  .strict();
export type UpdateAccount = z.infer<typeof UpdateAccountSchema>;

/** Body of `PUT /gz/v1/accounts/:appid/developer`: the server configuration (服务器配置). */
export const DeveloperConfigSchema = z
  .object({
    /** The developer's callback URL (http or https). */
    url: z
      .string()
      .url()
      .refine((v) => /^https?:\/\//i.test(v), 'url must be http:// or https://'),
    token: ServerTokenSchema,
    /** Required for compatible and safe modes. */
    encoding_aes_key: EncodingAesKeySchema.optional(),
    message_mode: z.enum(['plaintext', 'compatible', 'safe']).default('plaintext'),
    /** Whether pushes go to the developer (developer mode on). Default true. */
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((v) => v.message_mode === 'plaintext' || v.encoding_aes_key !== undefined, {
    message: 'encoding_aes_key is required for compatible and safe modes',
    path: ['encoding_aes_key'],
  });
export type DeveloperConfig = z.infer<typeof DeveloperConfigSchema>;

/** Query of `GET /gz/v1/accounts`. */
export const FindAccountsQuerySchema = z.object({
  organization_id: z.string().min(1).optional(),
  type: z.enum(['subscription', 'service']).optional(),
});
