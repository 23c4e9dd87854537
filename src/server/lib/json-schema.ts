import { z } from 'zod';

/** JSON Schema of a zod schema for the OpenAPI document (docs only; zod does the validating). */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
