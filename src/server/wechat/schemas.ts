import { z } from 'zod';

/**
 * A numeric id that clients send as a number or a numeric string
 * (`menuid`, `publish_id`, `msg_id`, `tagid`); always a number afterwards.
 */
export const NumericIdSchema = z
  .union([
    z.number().int(),
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, 'must be an integer'),
  ])
  .transform((v) => Number(v));

/** A boolean that some SDKs send as "true"/"false" or 0/1. */
export const LooseBooleanSchema = z
  .union([z.boolean(), z.enum(['true', 'false']), z.literal(0), z.literal(1)])
  .transform((v) => v === true || v === 'true' || v === 1);
