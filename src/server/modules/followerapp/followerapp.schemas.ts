import { z } from 'zod';

/** Query of `GET /gz/v1/app/accounts`: the follower client's account search. */
export const SearchAccountsQuerySchema = z.object({
  /** Matches the account's name (contains, any case) or its appid / original id (gh_…) exactly. */
  q: z.string().trim().max(64).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
