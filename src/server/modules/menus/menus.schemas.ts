import { z } from 'zod';

/**
 * Button types menu/create accepts (spec §6.1). `view_limited` is the legacy
 * form of `article_view_limited` that names a material by media_id.
 */
export const MENU_BUTTON_TYPES = [
  'click',
  'view',
  'miniprogram',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'view_limited',
  'article_id',
  'article_view_limited',
] as const;
export type MenuButtonType = (typeof MENU_BUTTON_TYPES)[number];

/** A button that does something when pressed, as stored and as WeChat echoes it. */
export interface MenuLeaf {
  type: MenuButtonType;
  name: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
}

/** A top-level button that opens a sub-menu of 1–5 leaves. */
export interface MenuParent {
  name: string;
  sub_button: MenuLeaf[];
}

export type MenuButton = MenuLeaf | MenuParent;

/** A stored matchrule: only the conditions given, values as strings (menu/get emits strings). */
export interface MatchRule {
  tag_id?: string;
  /** Pre-tag name of tag_id (wechat-api and old docs); matched as tag_id. */
  group_id?: string;
  /** 1 iOS, 2 Android, 3 others. */
  client_platform_type?: string;
}

// Field types only: zod turns a wrong JSON type into 47001, while the
// WeChat rules (counts, byte sizes, required fields) are checked by
// checkMenuButtons so each violation gets its own errcode.
const Text = z.string();
const LeafFields = {
  /** click, view, miniprogram, scancode_push, … (omitted on a button with sub_button). */
  type: Text.optional(),
  /** ≤16 bytes at the top, ≤60 bytes in a sub-menu (UTF-8: a CJK character is 3). */
  name: Text.optional(),
  /** Pushed as EventKey: click, scancode_*, pic_*, location_select. ≤128 bytes. */
  key: Text.optional(),
  /** view and miniprogram (fallback for old clients). ≤1024 bytes, http(s). */
  url: Text.optional(),
  /** media_id and view_limited: a permanent material. */
  media_id: Text.optional(),
  /** article_id and article_view_limited: a published article. */
  article_id: Text.optional(),
  /** miniprogram: the mini program's appid. */
  appid: Text.optional(),
  /** miniprogram: the page to open. */
  pagepath: Text.optional(),
};

/** A sub-menu button as sent; a further `sub_button` is refused (40022). */
export const MenuSubButtonInputSchema = z.object({
  ...LeafFields,
  sub_button: z.array(z.unknown()).optional(),
});

/** A top-level button as sent: a leaf, or a parent with `sub_button` (1–5). */
export const MenuButtonInputSchema = z.object({
  ...LeafFields,
  sub_button: z.array(MenuSubButtonInputSchema).optional(),
});
export type MenuButtonInput = z.infer<typeof MenuButtonInputSchema>;

const RuleValue = z.union([z.string(), z.number()]).optional();

/**
 * A conditional menu's matchrule as sent. Only tag_id (group_id) and
 * client_platform_type still match; sex, country, province, city and
 * language are refused with 65320 since WeChat's privacy change.
 */
export const MatchRuleInputSchema = z.object({
  tag_id: RuleValue,
  group_id: RuleValue,
  /** 1 iOS, 2 Android, 3 others. */
  client_platform_type: RuleValue,
  sex: RuleValue,
  country: RuleValue,
  province: RuleValue,
  city: RuleValue,
  language: RuleValue,
});
export type MatchRuleInput = z.infer<typeof MatchRuleInputSchema>;

/** Body of `/cgi-bin/menu/create`: 1–3 buttons. */
export const CreateMenuBodySchema = z.object({ button: z.array(MenuButtonInputSchema).optional() });

/** Body of `/cgi-bin/menu/addconditional`. */
export const AddConditionalBodySchema = z.object({
  button: z.array(MenuButtonInputSchema).optional(),
  matchrule: MatchRuleInputSchema.optional(),
});

/** Body of `/cgi-bin/menu/delconditional`: menuid as a number or a string (spec A.3). */
export const DelConditionalBodySchema = z.object({ menuid: z.union([z.string(), z.number()]) });

/** Body of `/cgi-bin/menu/trymatch`: an openid or a WeChat id (微信号). */
export const TryMatchBodySchema = z.object({ user_id: z.string().min(1).max(64) });

/** Body of `PUT /gz/v1/accounts/:appid/menus`: the default menu and its conditional menus, all at once. */
export const ReplaceMenusSchema = z
  .object({
    /** The default menu's 1–3 buttons (menu/create's rules). */
    button: z.array(MenuButtonInputSchema),
    /** Conditional menus, oldest first: the last one listed is tried first. At most 100 (65305). */
    conditional_menus: z
      .array(z.object({ button: z.array(MenuButtonInputSchema), matchrule: MatchRuleInputSchema }).strict())
      .default([]),
  })
  .strict();
export type ReplaceMenus = z.input<typeof ReplaceMenusSchema>;
