import { z } from 'zod';

/** The four console roles. */
export const ConsoleRoleSchema = z.enum(['administrator', 'operator', 'analyst', 'customer_service']);

/** Body of `POST /gz/v1/console/session` (sign in). */
export const SignInSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignIn = z.infer<typeof SignInSchema>;

/** A console password: at least 8 characters. */
export const PasswordSchema = z.string().min(8, 'password must be at least 8 characters').max(256);

/**
 * One role grant. Neither id: platform-wide (every organisation). Only
 * `organization_id`: every account of that organisation. `appid`: that one account.
 */
export const GrantSchema = z.object({
  role: ConsoleRoleSchema,
  organization_id: z.string().min(1).nullable().default(null),
  appid: z.string().min(1).nullable().default(null),
});
export type Grant = z.infer<typeof GrantSchema>;

/** Body of `POST /gz/v1/console/users`. */
export const CreateConsoleUserSchema = z.object({
  /** Sign-in name, unique: letters, digits, `.`, `_`, `-`, `@`, CJK allowed. */
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[\p{L}\p{N}._@-]+$/u, 'username may hold letters, digits and . _ @ -'),
  display_name: z.string().trim().max(64).optional(),
  password: PasswordSchema,
  grants: z.array(GrantSchema).min(1, 'give the user at least one role').max(50),
});
export type CreateConsoleUser = z.input<typeof CreateConsoleUserSchema>;

/** Body of `PATCH /gz/v1/console/users/:id`. */
export const UpdateConsoleUserSchema = z.object({
  display_name: z.string().trim().max(64).optional(),
  /** true: signs the user out everywhere and refuses sign-in. */
  disabled: z.boolean().optional(),
  /** Replaces every grant the caller may manage. */
  grants: z.array(GrantSchema).min(1).max(50).optional(),
});
export type UpdateConsoleUser = z.input<typeof UpdateConsoleUserSchema>;

/** Body of `POST /gz/v1/console/users/:id/password`: a new password, or none to generate one. */
export const ResetPasswordSchema = z.object({ password: PasswordSchema.optional() });

/** Body of `POST /gz/v1/console/session/password`. */
export const ChangeOwnPasswordSchema = z.object({
  current_password: z.string().min(1),
  new_password: PasswordSchema,
});
