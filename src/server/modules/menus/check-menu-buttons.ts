import { AppError, type ErrorCode } from '../../errors.ts';
import {
  MENU_BUTTON_TYPES,
  type MatchRule,
  type MatchRuleInput,
  type MenuButton,
  type MenuButtonInput,
  type MenuButtonType,
  type MenuLeaf,
} from './menus.schemas.ts';

/** At most this many top-level buttons, and sub-buttons under one of them (spec §6.1). */
export const MAX_BUTTONS = 3;
export const MAX_SUB_BUTTONS = 5;
const TOP_NAME_BYTES = 16;
// The new docs allow 60 bytes, older ones 40: the larger, so menus valid
// under either set of docs are accepted.
const SUB_NAME_BYTES = 60;
const KEY_BYTES = 128;
const URL_BYTES = 1024;

const KEY_TYPES = new Set<MenuButtonType>([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
]);
const STRING_FIELDS = ['key', 'url', 'media_id', 'article_id', 'appid', 'pagepath'] as const;

type Level = 'top' | 'sub';

// The top level and the sub-menu have a twin errcode each (40017/40024 …).
const CODES: Record<Level, { type: ErrorCode; name: ErrorCode; key: ErrorCode; url: ErrorCode }> = {
  top: {
    type: 'MENU_BUTTON_TYPE',
    name: 'MENU_BUTTON_NAME_SIZE',
    key: 'MENU_BUTTON_KEY_SIZE',
    url: 'MENU_BUTTON_URL_SIZE',
  },
  sub: {
    type: 'MENU_SUB_BUTTON_TYPE',
    name: 'MENU_SUB_BUTTON_NAME_SIZE',
    key: 'MENU_SUB_BUTTON_KEY_SIZE',
    url: 'MENU_SUB_BUTTON_URL_SIZE',
  },
};

/**
 * Applies WeChat's menu rules (spec §6.1) to the `button` array of
 * menu/create or addconditional, and returns the buttons to store: parents
 * keep name and sub_button, leaves their type, name and the string fields
 * given. Like WeChat, the first violation (in button order) is the answer,
 * one errcode per kind of violation:
 *
 * - no `button` at all → 65307 (empty menu); 0 or more than 3 → 40016;
 * - a parent with an empty `sub_button` or more than 5 → 40023; a
 *   sub-button with sub-buttons of its own → 40022;
 * - a name missing, empty or over 16 bytes (60 in a sub-menu) → 40018 / 40025;
 * - a leaf without `type` → 65308 (no response type); an unknown type, or a
 *   type next to a non-empty sub_button → 40017 / 40024;
 * - key missing where the type needs one, empty, or over 128 bytes → 40019 / 40026;
 * - url missing where needed, empty, or over 1024 bytes → 40020 / 40027; not
 *   an http(s) URL → 65317;
 * - media_id missing for media_id / view_limited → 41006 (media_id missing);
 * - article_id missing for article_id / article_view_limited, or appid /
 *   pagepath missing for miniprogram → 40035 with the field named.
 *
 * Only the shape is checked here. Whether a media_id names a material of
 * the account (40007) is checkMenuMaterials' question, and the URL domains
 * of all conditional menus together (65316) checkConditionalDomains'.
 */
export function checkMenuButtons(buttons: MenuButtonInput[] | undefined): MenuButton[] {
  if (buttons === undefined) throw new AppError('MENU_EMPTY', 'the body has no button array');
  if (buttons.length === 0 || buttons.length > MAX_BUTTONS)
    throw new AppError(
      'MENU_BUTTON_COUNT',
      `button must hold 1 to ${MAX_BUTTONS} buttons, not ${buttons.length}`,
    );
  return buttons.map((button, i) => {
    const where = `button[${i}]`;
    const subs = button.sub_button;
    if (button.type === undefined && subs !== undefined) {
      checkName(button.name, 'top', where);
      if (subs.length === 0 || subs.length > MAX_SUB_BUTTONS)
        throw new AppError(
          'MENU_SUB_BUTTON_COUNT',
          `${where}.sub_button must hold 1 to ${MAX_SUB_BUTTONS} buttons, not ${subs.length}`,
        );
      return {
        name: button.name!,
        sub_button: subs.map((sub, j) => {
          const subWhere = `${where}.sub_button[${j}]`;
          if (sub.sub_button !== undefined && sub.sub_button.length > 0)
            throw new AppError('MENU_SUB_BUTTON_LEVEL', `${subWhere}: menus have two levels only`);
          return checkLeaf(sub, 'sub', subWhere);
        }),
      };
    }
    // type and sub_button exclude each other; `sub_button: []` on a leaf is
    // fine (menu/get echoes leaves that way, and SDKs post that answer back).
    if (subs !== undefined && subs.length > 0)
      throw new AppError('MENU_BUTTON_TYPE', `${where} has both a type and sub_button; a parent has no type`);
    return checkLeaf(button, 'top', where);
  });
}

function checkLeaf(button: MenuButtonInput | MenuLeafInput, level: Level, where: string): MenuLeaf {
  const codes = CODES[level];
  checkName(button.name, level, where);
  const type = button.type;
  if (type === undefined)
    throw new AppError('MENU_BUTTON_NO_RESPONSE', `${where} has no type (and no sub_button)`);
  if (!isButtonType(type))
    throw new AppError(
      codes.type,
      `${where}.type ${JSON.stringify(type)} is not one of ${MENU_BUTTON_TYPES.join(', ')}`,
    );

  // Required fields must be 1..limit bytes; the same field on a type that
  // does not use it only has to stay under the limit.
  const keyBytes = byteLength(button.key);
  if ((KEY_TYPES.has(type) && keyBytes === 0) || keyBytes > KEY_BYTES)
    throw new AppError(codes.key, `${where}.key must be 1 to ${KEY_BYTES} bytes, not ${keyBytes}`);
  const urlBytes = byteLength(button.url);
  if (((type === 'view' || type === 'miniprogram') && urlBytes === 0) || urlBytes > URL_BYTES)
    throw new AppError(codes.url, `${where}.url must be 1 to ${URL_BYTES} bytes, not ${urlBytes}`);
  if (urlBytes > 0 && !isHttpUrl(button.url!))
    throw new AppError('MENU_BUTTON_URL_INVALID', `${where}.url must be an http:// or https:// URL`);
  if ((type === 'media_id' || type === 'view_limited') && !button.media_id)
    throw new AppError('MENU_MEDIA_ID_MISSING', `${where} (${type}) needs media_id`);
  if ((type === 'article_id' || type === 'article_view_limited') && !button.article_id)
    throw new AppError('MENU_ARTICLE_ID_MISSING', `${where} (${type}) needs article_id`);
  if (type === 'miniprogram') {
    if (!button.appid) throw new AppError('MENU_MINIPROGRAM_INVALID', `${where} (miniprogram) needs appid`);
    if (!button.pagepath)
      throw new AppError('MENU_MINIPROGRAM_INVALID', `${where} (miniprogram) needs pagepath`);
  }

  const leaf: MenuLeaf = { type, name: button.name! };
  for (const field of STRING_FIELDS) {
    const value = button[field];
    if (value) leaf[field] = value;
  }
  return leaf;
}

type MenuLeafInput = Omit<MenuButtonInput, 'sub_button'> & { sub_button?: unknown[] };

function checkName(name: string | undefined, level: Level, where: string): void {
  const limit = level === 'top' ? TOP_NAME_BYTES : SUB_NAME_BYTES;
  const bytes = byteLength(name);
  if (bytes === 0 || bytes > limit)
    throw new AppError(CODES[level].name, `${where}.name must be 1 to ${limit} bytes (UTF-8), not ${bytes}`);
}

function byteLength(value: string | undefined): number {
  return value === undefined ? 0 : Buffer.byteLength(value, 'utf8');
}

function isButtonType(type: string): type is MenuButtonType {
  return (MENU_BUTTON_TYPES as readonly string[]).includes(type);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** All of an account's conditional menus together may jump to at most this many URL domains (spec §6.5, 65316). */
export const MAX_CONDITIONAL_URL_DOMAINS = 3;

/**
 * How many conditional menus an account may have (65305). WeChat documents
 * the errcode but no number; 100 is ours: more than a console can sensibly
 * manage, and few enough that matching, which reads every conditional menu
 * on each menu pull, stays cheap.
 */
export const MAX_CONDITIONAL_MENUS = 100;

/**
 * Refuses (65305) when `count` conditional menus are more than an account may have.
 * addconditional passes the count after adding, the console its whole list.
 */
export function checkConditionalMenuCount(count: number): void {
  if (count > MAX_CONDITIONAL_MENUS)
    throw new AppError(
      'CONDITIONAL_MENU_LIMIT',
      `an account has at most ${MAX_CONDITIONAL_MENUS} conditional menus; delete one first`,
    );
}

/**
 * WeChat's rule that all conditional menus of an account together jump to
 * at most 3 URL domains (65316). The default menu is not counted: WeChat's
 * docs put the limit on personalised menus only. The urls of view buttons
 * and of miniprogram buttons (the page old clients open) count, by host
 * name: www.example.com and example.com are two domains, as nothing in
 * WeChat's docs says how it groups them.
 */
export function checkConditionalDomains(menus: readonly (readonly MenuButton[])[]): void {
  const domains = new Set<string>();
  for (const buttons of menus)
    for (const leaf of menuLeaves(buttons))
      if (leaf.url) domains.add(new URL(leaf.url).hostname.toLowerCase());
  if (domains.size > MAX_CONDITIONAL_URL_DOMAINS)
    throw new AppError(
      'MENU_URL_DOMAINS',
      `conditional menus may link to at most ${MAX_CONDITIONAL_URL_DOMAINS} domains, these link to ${domains.size}: ${[...domains].join(', ')}`,
    );
}

/** The pressable buttons of a checked menu, in button order, with where each is. */
export function menuLeaves(buttons: readonly MenuButton[]): (MenuLeaf & { where: string })[] {
  return buttons.flatMap((button, i) =>
    'sub_button' in button
      ? button.sub_button.map((sub, j) => ({ ...sub, where: `button[${i}].sub_button[${j}]` }))
      : [{ ...button, where: `button[${i}]` }],
  );
}

const PRIVACY_FIELDS = ['sex', 'country', 'province', 'city', 'language'] as const;
const PLATFORM_TYPES = new Set(['1', '2', '3']);

/**
 * A conditional menu's matchrule (spec §6.5), as stored. Empty values mean
 * "no condition", as in WeChat, so `{"sex": ""}` is not a privacy rule:
 *
 * - no non-empty condition at all → 65304;
 * - a non-empty sex, country, province, city or language → 65320 (refused
 *   since WeChat's privacy change, which also leaves them unmatched);
 * - tag_id / group_id not a non-negative integer, or client_platform_type
 *   not 1, 2 or 3 → 40035.
 *
 * The tag is not looked up: a conditional menu for a tag deleted later just
 * stops matching, so one for a tag that does not exist yet behaves the same.
 */
export function checkMatchRule(input: MatchRuleInput | undefined): MatchRule {
  const rule: MatchRule = {};
  const text = (value: string | number | undefined) => (value === undefined ? '' : String(value).trim());
  for (const field of PRIVACY_FIELDS) {
    if (text(input?.[field]) !== '')
      throw new AppError(
        'MATCHRULE_PRIVACY',
        `matchrule.${field} is no longer supported; match on tag_id or client_platform_type`,
      );
  }
  for (const field of ['tag_id', 'group_id'] as const) {
    const value = text(input?.[field]);
    if (value === '') continue;
    if (!/^\d{1,10}$/.test(value))
      throw new AppError(
        'MATCHRULE_INVALID',
        `matchrule.${field} must be a tag id, not ${JSON.stringify(value)}`,
      );
    rule[field] = String(Number(value));
  }
  const platform = text(input?.client_platform_type);
  if (platform !== '') {
    if (!PLATFORM_TYPES.has(platform))
      throw new AppError(
        'MATCHRULE_INVALID',
        'matchrule.client_platform_type must be 1 (iOS), 2 (Android) or 3 (others)',
      );
    rule.client_platform_type = platform;
  }
  if (Object.keys(rule).length === 0)
    throw new AppError('MATCHRULE_EMPTY', 'matchrule needs tag_id or client_platform_type');
  return rule;
}
