import type { Db } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/index.ts';
import { selectUnionid } from './followers.queries.ts';
import { generateOpenid } from './openids.ts';

/**
 * The user's unionid within an organisation (WeChat's open-platform owner):
 * the same for every account of the organisation, different across them.
 * 28 characters like an openid, starting "o" and a stem of the organisation.
 */
export async function ensureUnionid(
  db: Db,
  organizationId: string,
  userId: string,
  now: number,
): Promise<string> {
  const existing = await selectUnionid(db, organizationId, userId);
  if (existing) return existing.unionid;
  const unionid = generateOpenid(`union:${organizationId}`);
  try {
    await db
      .insertInto('unionids')
      .values({ organization_id: organizationId, user_id: userId, unionid, created_at: now })
      .execute();
    return unionid;
  } catch (err) {
    // Two follows of one user racing on two nodes: the first insert wins.
    if (!isUniqueViolation(err, 'unionids_pkey', 'unionids.organization_id, unionids.user_id')) throw err;
    return (await selectUnionid(db, organizationId, userId))!.unionid;
  }
}
