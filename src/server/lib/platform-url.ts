import { publicBaseUrl } from '../config.ts';
import type { AppContext } from '../context.ts';

/**
 * An absolute URL on this platform (PicUrl of follower media, article
 * links): the configured public URL, else the address the server listens on.
 */
export function platformUrl(ctx: AppContext, path: string): string {
  const base = publicBaseUrl(ctx.config, ctx.runtime.port ?? ctx.config.port);
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
