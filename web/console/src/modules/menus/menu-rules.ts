/**
 * WeChat's menu rules, checked in the browser before saving so each mistake
 * shows next to its button with the errcode the API would answer
 * (modules/menus/check-menu-buttons.ts is the authority; this mirrors it).
 */

export const BUTTON_TYPES = [
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
export type ButtonType = (typeof BUTTON_TYPES)[number];

export interface MenuButton {
  type?: ButtonType;
  name: string;
  key?: string;
  url?: string;
  media_id?: string;
  article_id?: string;
  appid?: string;
  pagepath?: string;
  sub_button?: MenuButton[];
}

export interface MatchRule {
  tag_id?: string;
  client_platform_type?: string;
}

export interface Problem {
  /** [top] or [top, sub]; [] for the whole menu. */
  path: number[];
  errcode: number;
  message: string;
}

const KEY_TYPES = new Set<ButtonType>([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
]);

/** Which fields a button type needs. */
export function fieldsOf(type: ButtonType | undefined): (keyof MenuButton)[] {
  if (!type) return [];
  if (KEY_TYPES.has(type)) return ['key'];
  if (type === 'view') return ['url'];
  if (type === 'miniprogram') return ['url', 'appid', 'pagepath'];
  if (type === 'media_id' || type === 'view_limited') return ['media_id'];
  return ['article_id'];
}

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

function checkLeaf(b: MenuButton, path: number[], top: boolean, out: Problem[]) {
  const nameLimit = top ? 16 : 60;
  const code = (topCode: number, subCode: number) => (top ? topCode : subCode);
  if (!b.name || utf8Bytes(b.name) > nameLimit)
    out.push({
      path,
      errcode: code(40018, 40025),
      message: `name: 1–${nameLimit} bytes (a CJK character is 3)`,
    });
  if (!b.type) {
    out.push({ path, errcode: code(40017, 40024), message: 'choose what the button does' });
    return;
  }
  for (const field of fieldsOf(b.type)) {
    const value = (b[field] as string | undefined) ?? '';
    if (field === 'key' && (value.length === 0 || utf8Bytes(value) > 128))
      out.push({ path, errcode: code(40019, 40026), message: 'key: 1–128 bytes' });
    if (field === 'url') {
      if (value.length === 0 || utf8Bytes(value) > 1024)
        out.push({ path, errcode: code(40020, 40027), message: 'url: 1–1024 bytes' });
      else if (!/^https?:\/\//i.test(value))
        out.push({ path, errcode: 65317, message: 'url must start with http:// or https://' });
    }
    if (field === 'media_id' && !value)
      out.push({ path, errcode: 41006, message: 'media_id: pick a permanent material' });
    if (field === 'article_id' && !value)
      out.push({ path, errcode: 40035, message: 'article_id: pick a published article' });
    if ((field === 'appid' || field === 'pagepath') && !value)
      out.push({ path, errcode: 40035, message: `${field}: required for a mini program button` });
  }
}

/** Every problem of one menu's buttons. */
export function checkMenu(buttons: MenuButton[]): Problem[] {
  const out: Problem[] = [];
  if (buttons.length === 0 || buttons.length > 3)
    out.push({ path: [], errcode: 40016, message: '1–3 buttons' });
  buttons.forEach((b, i) => {
    if (b.sub_button && b.sub_button.length > 0) {
      if (!b.name || utf8Bytes(b.name) > 16)
        out.push({ path: [i], errcode: 40018, message: 'name: 1–16 bytes (a CJK character is 3)' });
      if (b.sub_button.length > 5) out.push({ path: [i], errcode: 40023, message: '1–5 sub-buttons' });
      b.sub_button.forEach((s, j) => checkLeaf(s, [i, j], false, out));
    } else checkLeaf(b, [i], true, out);
  });
  return out;
}

/** The button as the API takes it: only its type's fields. */
export function cleanButton(b: MenuButton): MenuButton {
  if (b.sub_button && b.sub_button.length > 0)
    return { name: b.name, sub_button: b.sub_button.map(cleanButton) };
  const out: MenuButton = { name: b.name, ...(b.type ? { type: b.type } : {}) };
  for (const f of fieldsOf(b.type)) (out as unknown as Record<string, unknown>)[f] = b[f] ?? '';
  return out;
}
