import { z } from 'zod';

/**
 * Body of `/cgi-bin/qrcode/create` as the route accepts it: any JSON object.
 * createQrcode checks the fields itself, because WeChat answers each kind of
 * mistake with its own errcode (40052 action name, 40053 action info) rather
 * than the generic 47001 a schema failure gives.
 */
export const CreateQrcodeBodySchema = z
  .object({
    /** Temporary codes only: lifetime in seconds, default 60, at most 2592000 (30 days). */
    expire_seconds: z.unknown().optional(),
    /** QR_SCENE | QR_STR_SCENE | QR_LIMIT_SCENE | QR_LIMIT_STR_SCENE. */
    action_name: z.unknown().optional(),
    /** `{scene: {scene_id}}` or `{scene: {scene_str}}`. */
    action_info: z.unknown().optional(),
  })
  .passthrough();

/** Query of `/cgi-bin/showqrcode` (no access_token: the ticket is the credential). */
export const ShowQrcodeQuerySchema = z.object({ ticket: z.string().default('') });

/** Body of `/cgi-bin/shorten/gen` as the route accepts it; createShortKey checks the fields. */
export const ShortenGenBodySchema = z
  .object({
    /** At most 4 KB (UTF-8 bytes). */
    long_data: z.unknown().optional(),
    /** Lifetime in seconds, at most 2592000 (30 days), default 2592000. */
    expire_seconds: z.unknown().optional(),
  })
  .passthrough();

/** Body of `/cgi-bin/shorten/fetch`. */
export const ShortenFetchBodySchema = z.object({ short_key: z.unknown().optional() }).passthrough();

/** Query of `GET /gz/v1/accounts/:appid/qrcodes`. */
export const FindQrcodesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next_cursor` of the previous page (older codes). */
  cursor: z.string().max(300).optional(),
});

/**
 * JSON body of `POST /gz/v1/users/:user_id/scans`: the code to scan, by its
 * ticket or by the url its image encodes (what a QR reader returns). The
 * route also takes the image itself (PNG or JPEG) as the body.
 */
export const ScanSchema = z
  .object({
    /** The ticket from qrcode/create, as sent or URL-encoded. */
    ticket: z.string().min(1).max(1024).optional(),
    /** The decoded QR content, `http://weixin.qq.com/q/…`. */
    url: z.string().min(1).max(2048).optional(),
  })
  .strict()
  .refine((v) => (v.ticket === undefined) !== (v.url === undefined), {
    message: 'give ticket or url (exactly one), or send the QR image itself',
  });
export type Scan = z.infer<typeof ScanSchema>;
