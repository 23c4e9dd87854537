import { z } from 'zod';
import { InboundMessageSchema } from '../messages/message-content.ts';

/** Body of `POST /gz/v1/users`: a simulated WeChat user (global identity). */
export const CreateUserSchema = z
  .object({
    /** Display name, 1–64 characters. */
    nickname: z.string().trim().min(1).max(64),
    avatar_url: z.string().max(2048).default(''),
    /** 0 unknown, 1 male, 2 female (WeChat's codes). */
    sex: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    country: z.string().max(64).default(''),
    province: z.string().max(64).default(''),
    city: z.string().max(64).default(''),
    /** WeChat client language: zh_CN, zh_TW, zh_HK, en, … */
    language: z
      .string()
      .regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'language must look like zh_CN or en')
      .default('zh_CN'),
    /** WeChat id (微信号): 6–20 characters, a letter first, then letters, digits, _ or -. Unique. */
    wechat_id: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{5,19}$/, 'wechat_id must be 6-20 characters, starting with a letter')
      .nullable()
      .default(null),
    /** The phone the user's WeChat runs on: conditional menus match it (client_platform_type 1/2/3). */
    client_platform: z.enum(['ios', 'android', 'others']).default('android'),
  })
  .strict();
export type CreateUser = z.input<typeof CreateUserSchema>;

/** Body of `PATCH /gz/v1/users/:user_id`: any subset of the profile. */
export const UpdateUserSchema = CreateUserSchema.partial().strict();

/** Query of `GET /gz/v1/users`. */
export const FindUsersQuerySchema = z.object({
  /** Matches nickname (contains) or WeChat id (exact). */
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next_cursor` of the previous page. */
  cursor: z.string().max(200).optional(),
});

/** Body of `PUT /gz/v1/users/:user_id/follows/:appid`. */
export const FollowSchema = z
  .object({
    /**
     * WeChat's subscribe_scene: ADD_SCENE_SEARCH, ADD_SCENE_QR_CODE,
     * ADD_SCENE_PROFILE_CARD, ADD_SCENE_ACCOUNT_MIGRATION, ADD_SCENE_OTHERS, …
     * Default ADD_SCENE_SEARCH, or ADD_SCENE_QR_CODE with a QR scene.
     */
    subscribe_scene: z
      .string()
      .regex(/^ADD_SCENE_[A-Z_]+$/)
      .optional(),
    /** Parametric QR scene (integer, 1–4294967295) the follow came through. */
    qr_scene: z.number().int().min(1).max(4294967295).optional(),
    /** Parametric QR scene string (1–64 characters). */
    qr_scene_str: z.string().min(1).max(64).optional(),
    /** The QR ticket, sent as `Ticket` with the scene. */
    ticket: z.string().min(1).max(512).optional(),
  })
  .strict()
  .refine((v) => !(v.qr_scene !== undefined && v.qr_scene_str !== undefined), {
    message: 'give qr_scene or qr_scene_str, not both',
  })
  .refine((v) => v.ticket === undefined || v.qr_scene !== undefined || v.qr_scene_str !== undefined, {
    message: 'a ticket needs qr_scene or qr_scene_str',
    path: ['ticket'],
  });
export type Follow = z.infer<typeof FollowSchema>;

/** Body of `POST /gz/v1/users/:user_id/accounts/:appid/messages`. */
export const SendMessageSchema = InboundMessageSchema;

/** Body of `POST /gz/v1/users/:user_id/accounts/:appid/location` (the LOCATION event). */
export const ReportLocationSchema = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** Accuracy in metres. Default 30. */
    precision: z.number().min(0).max(100_000).default(30),
  })
  .strict();
export type ReportLocation = z.infer<typeof ReportLocationSchema>;

const Key = z.string().min(1).max(128);
const Location = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    scale: z.number().int().min(1).max(20).default(15),
    label: z.string().max(256).default(''),
    poiname: z.string().max(256).default(''),
  })
  .strict();

/**
 * A menu button press given in full, one shape per WeChat button type
 * (`event` is the event name): for menus the account does not store, or to
 * send any event a developer wants to test.
 */
export const RawMenuEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('CLICK'), key: Key }).strict(),
  z
    .object({
      event: z.literal('VIEW'),
      url: z.string().min(1).max(2048),
      /** Set when the button came from a conditional menu. */
      menu_id: z.number().int().optional(),
    })
    .strict(),
  z
    .object({
      event: z.literal('view_miniprogram'),
      pagepath: z.string().min(1).max(1024),
      appid: z.string().max(64).optional(),
      menu_id: z.number().int().optional(),
    })
    .strict(),
  ...(['scancode_push', 'scancode_waitmsg'] as const).map((event) =>
    z
      .object({
        event: z.literal(event),
        key: Key,
        scan_type: z.string().min(1).max(32).default('qrcode'),
        scan_result: z.string().max(4096),
      })
      .strict(),
  ),
  ...(['pic_sysphoto', 'pic_photo_or_album', 'pic_weixin'] as const).map((event) =>
    z
      .object({
        event: z.literal(event),
        key: Key,
        /** Images uploaded with the media endpoint; each also arrives as an image message. 1–9. */
        media_ids: z.array(z.string().min(1).max(128)).min(1).max(9),
      })
      .strict(),
  ),
  z.object({ event: z.literal('location_select'), key: Key, location: Location }).strict(),
]);
export type MenuEvent = z.infer<typeof RawMenuEventSchema>;

/**
 * Pressing a button of the menu the follower sees
 * (`GET /gz/v1/users/:user_id/accounts/:appid/menu`) by its path: the
 * platform fills in the event, key, url, pagepath, appid and MenuId from the
 * stored button. What only the follower can supply comes with the press.
 */
export const MenuButtonPressSchema = z
  .object({
    /** [i] for a top-level button, [i, j] for sub-button j of top-level button i. */
    button: z.array(z.number().int().min(0).max(4)).min(1).max(2),
    /** scancode_* buttons: what the camera read. */
    scan_result: z.string().max(4096).optional(),
    /** scancode_* buttons: default qrcode. */
    scan_type: z.string().min(1).max(32).optional(),
    /** pic_* buttons: the follower's uploaded images, 1–9. */
    media_ids: z.array(z.string().min(1).max(128)).min(1).max(9).optional(),
    /** location_select buttons: the place picked. */
    location: Location.optional(),
  })
  .strict();
export type MenuButtonPress = z.infer<typeof MenuButtonPressSchema>;

/**
 * Body of `POST /gz/v1/users/:user_id/accounts/:appid/menu-events`: a
 * button of the visible menu by path (`{button: [i, j]}`), or a raw event.
 */
export const MenuEventSchema = z.union([MenuButtonPressSchema, RawMenuEventSchema]);

/** Query of `GET /gz/v1/users/:user_id/accounts/:appid/messages`. */
export const ConversationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next_cursor` of the previous page (older messages). */
  cursor: z.string().max(200).optional(),
});
