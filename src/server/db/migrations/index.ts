import type { Migration } from 'kysely';
import * as foundation from './2026-11-21-0001-foundation.ts';
import * as conversations from './2026-11-21-0002-conversations.ts';
import * as followerPaging from './2026-11-21-0003-follower-paging.ts';
import * as audience from './2026-11-21-0004-audience.ts';
import * as materials from './2026-11-21-0005-materials.ts';
import * as qrcodes from './2026-11-21-0007-qrcodes.ts';
import * as serviceWindow from './2026-11-21-0008-service-window.ts';
import * as kf from './2026-11-21-0009-kf.ts';
import * as massSend from './2026-11-21-0010-mass-send.ts';
import * as notifications from './2026-11-21-0011-notifications.ts';
import * as webAuth from './2026-11-21-0012-web-auth.ts';
import * as content from './2026-11-21-0013-content.ts';
import * as articleSearch from './2026-11-21-0014-article-search.ts';
import * as consolePeople from './2026-11-21-0016-console.ts';
import * as massMedia from './2026-11-21-0018-mass-media.ts';
import * as polish from './2026-11-21-0021-polish.ts';
import * as apiCallLog from './2026-11-22-0022-api-call-log.ts';

/**
 * Every migration, in order. Static imports (not a folder scan) so the list
 * is the same under tsx, bundlers and tests. Names are date-prefixed and
 * never change once landed.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-21-0001-foundation': foundation,
  '2026-11-21-0002-conversations': conversations,
  '2026-11-21-0003-follower-paging': followerPaging,
  '2026-11-21-0004-audience': audience,
  '2026-11-21-0005-materials': materials,
  '2026-11-21-0007-qrcodes': qrcodes,
  '2026-11-21-0008-service-window': serviceWindow,
  '2026-11-21-0009-kf': kf,
  '2026-11-21-0010-mass-send': massSend,
  '2026-11-21-0011-notifications': notifications,
  '2026-11-21-0012-web-auth': webAuth,
  '2026-11-21-0013-content': content,
  '2026-11-21-0014-article-search': articleSearch,
  '2026-11-21-0016-console': consolePeople,
  '2026-11-21-0018-mass-media': massMedia,
  '2026-11-21-0021-polish': polish,
  '2026-11-22-0022-api-call-log': apiCallLog,
};
