import type { AppContext } from '../../context.ts';
import type { SensitiveWordsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { getOrganization } from '../organizations/get-organization.ts';
import { selectSensitiveWords } from './publishing.queries.ts';

/** The organisation's sensitive words, alphabetically (ORGANIZATION_NOT_FOUND for an unknown id). */
export async function findSensitiveWords(
  ctx: AppContext,
  organizationId: string,
): Promise<SensitiveWordsTable[]> {
  await getOrganization(ctx, organizationId);
  return selectSensitiveWords(ctx.db, organizationId);
}

/**
 * Adds a word the organisation's publish check refuses; adding one it
 * already has returns that one (`created` false), so scripts can rerun.
 */
export async function createSensitiveWord(
  ctx: AppContext,
  organizationId: string,
  word: string,
): Promise<{ row: SensitiveWordsTable; created: boolean }> {
  await getOrganization(ctx, organizationId);
  const row: SensitiveWordsTable = {
    id: newId('sw'),
    organization_id: organizationId,
    word,
    created_at: ctx.clock.now(),
  };
  const inserted = await ctx.db
    .insertInto('sensitive_words')
    .values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'word']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return { row, created: true };
  const existing = await ctx.db
    .selectFrom('sensitive_words')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('word', '=', word)
    .executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

/** Removes one of the organisation's words by id (SENSITIVE_WORD_NOT_FOUND otherwise). */
export async function deleteSensitiveWord(
  ctx: AppContext,
  organizationId: string,
  id: string,
): Promise<void> {
  const result = await ctx.db
    .deleteFrom('sensitive_words')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new AppError('SENSITIVE_WORD_NOT_FOUND', `organization ${organizationId} has no word ${id}`);
}
