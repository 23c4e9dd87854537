import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { FORMATS } from '../media/media-formats.ts';
import { saveMedia } from '../media/save-media.ts';
import type { UploadedFile } from '../media/upload-form.ts';
import { getKfAccount } from './get-kf-account.ts';

/**
 * `kfaccount/uploadheadimg`: the agent's head image. WeChat takes JPG only
 * (640×640 recommended); the bytes are decoded to check (MEDIA_INVALID,
 * 40005, for anything else; the image size limit, 40009). Stored like an
 * article image: permanent, served by URL, outside the material library.
 */
export async function setKfHeadimg(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string,
  file: UploadedFile,
): Promise<KfAccountsTable> {
  const row = await getKfAccount(ctx, account, kfAccount);
  const media = await saveMedia(ctx, {
    accountId: account.id,
    type: 'image',
    origin: 'article_image',
    filename: file.filename,
    bytes: file.bytes,
    accept: (content) => {
      if (content.contentType !== FORMATS.jpeg.contentType)
        throw new AppError('MEDIA_INVALID', `a kf head image must be a JPG, this is ${content.contentType}`);
    },
  });
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('kf_accounts')
    .set({ headimg_media_id: media.media_id, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  return { ...row, headimg_media_id: media.media_id, updated_at: now };
}
