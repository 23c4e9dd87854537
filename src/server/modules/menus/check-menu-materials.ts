import type { Db } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectFileMaterial, selectNews } from '../materials/materials.queries.ts';
import { menuLeaves } from './check-menu-buttons.ts';
import type { MenuButton } from './menus.schemas.ts';

/**
 * The materials a checked menu names must be the account's permanent
 * materials (40007 otherwise, at the first button in order): any kind for
 * a media_id button (image, thumb — sent as an image —, voice, video,
 * news), a news material for view_limited (WeChat opens its article).
 * Temporary media and other accounts' materials do not count.
 *
 * article_id / article_view_limited buttons are not looked up: they name
 * published articles, which the platform does not have yet.
 */
export async function checkMenuMaterials(
  db: Db,
  accountId: string,
  buttons: readonly MenuButton[],
  prefix = '',
): Promise<void> {
  for (const leaf of menuLeaves(buttons)) {
    if (leaf.type !== 'media_id' && leaf.type !== 'view_limited') continue;
    const mediaId = leaf.media_id!;
    const news = await selectNews(db, accountId, mediaId);
    if (news) continue;
    if (leaf.type === 'media_id' && (await selectFileMaterial(db, accountId, mediaId))) continue;
    const what =
      leaf.type === 'media_id'
        ? 'a permanent image, voice, video or news material'
        : 'a permanent news material';
    throw new AppError(
      'MENU_MEDIA_INVALID',
      `${prefix}${leaf.where}.media_id ${JSON.stringify(mediaId)} is not ${what} of this account`,
    );
  }
}
