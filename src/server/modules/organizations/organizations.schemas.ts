import { z } from 'zod';

/** Body of `POST /gz/v1/organizations`. */
export const CreateOrganizationSchema = z.object({
  /** Display name, 1–128 characters. */
  name: z.string().trim().min(1).max(128),
});
export type CreateOrganization = z.input<typeof CreateOrganizationSchema>;
