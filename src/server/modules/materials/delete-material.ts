import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { mediaStore } from '../media/media-store.ts';
import { getMaterial } from './get-material.ts';
import { deleteFileMaterialRow, deleteNews, isMaterialReferenced } from './materials.queries.ts';

/**
 * Deletes a permanent material (`del_material`): MEDIA_NOT_FOUND (40007)
 * when unknown, MATERIAL_IN_USE (48005) while an auto-reply or a menu uses
 * it. A file's row goes before its bytes, so nobody is handed a row whose
 * file is gone; a crash in between leaves only an unreferenced file.
 */
export async function deleteMaterial(ctx: AppContext, accountId: string, mediaId: string): Promise<void> {
  const material = await getMaterial(ctx, accountId, mediaId);
  if (await isMaterialReferenced(ctx.db, accountId, mediaId)) {
    throw new AppError('MATERIAL_IN_USE', 'remove it from the auto-replies and menus that use it first');
  }
  if (material.kind === 'news') {
    await deleteNews(ctx.db, mediaId);
    return;
  }
  await deleteFileMaterialRow(ctx.db, mediaId);
  await mediaStore(ctx).delete(material.row.storage_key);
}
