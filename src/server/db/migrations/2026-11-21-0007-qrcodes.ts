import { sql, type Kysely } from 'kysely';

/**
 * One permanent QR code per scene and account. Creating a permanent code
 * for a scene the account already has hands back the same ticket, so a
 * developer who calls qrcode/create on every page view does not burn the
 * 100,000-code allowance; these partial unique indexes make that hold under
 * concurrent calls and let the lookup use an index (temporary codes, which
 * may repeat a scene freely, are left out of both).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('qr_codes_permanent_id_key')
    .on('qr_codes')
    .columns(['account_id', 'scene_id'])
    .unique()
    .where(sql.ref('action_name'), '=', 'QR_LIMIT_SCENE')
    .execute();
  await db.schema
    .createIndex('qr_codes_permanent_str_key')
    .on('qr_codes')
    .columns(['account_id', 'scene_str'])
    .unique()
    .where(sql.ref('action_name'), '=', 'QR_LIMIT_STR_SCENE')
    .execute();
}

export async function down(): Promise<void> {
  // Forward-only: restoring a backup is the way back.
}
