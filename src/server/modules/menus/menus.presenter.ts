import type { MenusTable } from '../../db/schema.ts';
import type { MatchRule, MenuButton, MenuLeaf } from './menus.schemas.ts';

/** The stored buttons of a menu row. */
export function buttonsOf(row: MenusTable): MenuButton[] {
  return JSON.parse(row.buttons) as MenuButton[];
}

/** The stored matchrule of a conditional menu row; null for the default menu. */
export function matchRuleOf(row: MenusTable): MatchRule | null {
  return row.matchrule === null ? null : (JSON.parse(row.matchrule) as MatchRule);
}

export function isParent(button: MenuButton): button is Extract<MenuButton, { sub_button: MenuLeaf[] }> {
  return 'sub_button' in button;
}

/**
 * Buttons as menu/get and trymatch answer them: every leaf carries an empty
 * `sub_button`, as WeChat's own answers do.
 */
export function presentWechatButtons(buttons: MenuButton[]) {
  return buttons.map((b) =>
    isParent(b) ? { name: b.name, sub_button: b.sub_button.map(leafWithSubButton) } : leafWithSubButton(b),
  );
}

function leafWithSubButton(leaf: MenuLeaf) {
  return { ...leaf, sub_button: [] as never[] };
}

/**
 * `/cgi-bin/menu/get`: the default menu, and `conditionalmenu` only when
 * there are any, oldest first (creation order). `conditional` comes newest first.
 */
export function presentMenuGet(defaultMenu: MenusTable, conditional: MenusTable[]) {
  return {
    menu: { button: presentWechatButtons(buttonsOf(defaultMenu)), menuid: defaultMenu.menuid },
    ...(conditional.length
      ? {
          conditionalmenu: [...conditional].reverse().map((row) => ({
            button: presentWechatButtons(buttonsOf(row)),
            // Stored as strings already: the real API answers strings here (spec A.3).
            matchrule: matchRuleOf(row),
            menuid: row.menuid,
          })),
        }
      : {}),
  };
}

/**
 * `/cgi-bin/get_current_selfmenu_info`'s own shape (spec §6.4): sub-menus
 * wrapped as `{list: [...]}`, and a material button's media_id in `value`
 * as the console's buttons have it.
 */
export function presentSelfmenuInfo(defaultMenu: MenusTable | undefined) {
  if (!defaultMenu) return { is_menu_open: 0, selfmenu_info: { button: [] } };
  const leaf = ({ media_id, ...rest }: MenuLeaf) => (media_id ? { ...rest, value: media_id } : rest);
  return {
    is_menu_open: 1,
    selfmenu_info: {
      button: buttonsOf(defaultMenu).map((b) =>
        isParent(b) ? { name: b.name, sub_button: { list: b.sub_button.map(leaf) } } : leaf(b),
      ),
    },
  };
}

/** One menu as our own API shows it. */
export function presentMenu(row: MenusTable) {
  return {
    menuid: row.menuid,
    kind: row.kind,
    button: buttonsOf(row),
    matchrule: matchRuleOf(row),
    created_at: row.created_at,
  };
}

/**
 * The account's menus on our own API: the default one (or null) and the
 * conditional ones oldest first, the order PUT takes them in (the last is
 * tried first). `conditional` comes newest first.
 */
export function presentMenus(defaultMenu: MenusTable | undefined, conditional: MenusTable[]) {
  return {
    menu: defaultMenu ? presentMenu(defaultMenu) : null,
    conditional_menus: [...conditional].reverse().map(presentMenu),
  };
}

/**
 * The menu a follower sees: every button carries its `path` (what
 * `menu-events` takes as `{button: path}`) and `menu_id`, the menu it
 * belongs to. Press events carry that MenuId only for conditional menus.
 */
export function presentVisibleMenu(row: MenusTable | null) {
  if (!row) return { menuid: null, kind: null, matchrule: null, button: [] };
  const menuId = row.menuid;
  return {
    menuid: menuId,
    kind: row.kind,
    matchrule: matchRuleOf(row),
    button: buttonsOf(row).map((b, i) =>
      isParent(b)
        ? {
            name: b.name,
            path: [i],
            menu_id: menuId,
            sub_button: b.sub_button.map((leaf, j) => ({ ...leaf, path: [i, j], menu_id: menuId })),
          }
        : { ...b, path: [i], menu_id: menuId },
    ),
  };
}
