import type { ClientPlatform, Db, MenusTable } from '../../db/schema.ts';
import { findMenus } from './find-menus.ts';
import type { MatchRule } from './menus.schemas.ts';
import { matchRuleOf } from './menus.presenter.ts';
import { selectLastTagId } from './menus.queries.ts';

/** What conditional menus look at in a follower. */
export interface MenuAudience {
  /** The tag given last (a follower with several tags is matched on it), or null. */
  lastTagId: number | null;
  clientPlatform: ClientPlatform;
}

const PLATFORM_TYPE: Record<ClientPlatform, string> = { ios: '1', android: '2', others: '3' };

/**
 * Whether a matchrule selects the audience: every condition it has must
 * hold. tag_id (or its old name group_id) compares with the last tag,
 * client_platform_type with the phone.
 */
export function matchesRule(rule: MatchRule, audience: MenuAudience): boolean {
  const tag = rule.tag_id ?? rule.group_id;
  if (tag !== undefined && String(audience.lastTagId) !== tag) return false;
  if (
    rule.client_platform_type !== undefined &&
    PLATFORM_TYPE[audience.clientPlatform] !== rule.client_platform_type
  )
    return false;
  return tag !== undefined || rule.client_platform_type !== undefined;
}

/**
 * The menu a follower sees (spec §6.5): conditional menus newest first, the
 * first whose rule matches wins, else the default menu; null when the
 * account has no menu.
 */
export async function chooseMenu(
  db: Db,
  accountId: string,
  follower: { id: string; client_platform: ClientPlatform },
): Promise<MenusTable | null> {
  const { defaultMenu, conditional } = await findMenus(db, accountId);
  if (!defaultMenu) return null;
  if (conditional.length === 0) return defaultMenu;
  const audience: MenuAudience = {
    lastTagId: await selectLastTagId(db, follower.id),
    clientPlatform: follower.client_platform,
  };
  return conditional.find((row) => matchesRule(matchRuleOf(row)!, audience)) ?? defaultMenu;
}
