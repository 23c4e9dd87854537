import type { AppContext } from '../../context.ts';
import type { FollowersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

/** How many of the follower's newest menu messages a tap may answer (older menus are long gone from view). */
const MENUS_LOOKED_AT = 500;

/**
 * A menu-message tap must name an option the account really offered this
 * follower: some msgmenu it sent them has an option with that id and text
 * (ids may repeat across menus with other texts, so both must match).
 * MSGMENU_OPTION_UNKNOWN otherwise.
 */
export async function checkMenuOption(
  ctx: AppContext,
  follower: Pick<FollowersTable, 'id'>,
  option: { id: string; content: string },
): Promise<void> {
  const menus = await ctx.db
    .selectFrom('messages')
    .select('content')
    .where('follower_id', '=', follower.id)
    .where('direction', '=', 'out')
    .where('msg_type', '=', 'msgmenu')
    .orderBy('created_at', 'desc')
    .limit(MENUS_LOOKED_AT)
    .execute();
  const offered = menus.some((row) => {
    const menu = JSON.parse(row.content) as { list?: { id?: unknown; content?: unknown }[] };
    return (menu.list ?? []).some((o) => o.id === option.id && o.content === option.content);
  });
  if (!offered) {
    throw new AppError(
      'MSGMENU_OPTION_UNKNOWN',
      `bizmsgmenuid ${option.id} with the text "${option.content}" is not an option of any menu message this follower received from the account`,
    );
  }
}
