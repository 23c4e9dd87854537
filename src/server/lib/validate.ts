import type { z } from 'zod';
import { AppError, type ErrorCode } from '../errors.ts';

/**
 * Parses `data` with `schema` or throws one AppError naming every bad field,
 * so a caller fixes all problems in one round trip.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  code: ErrorCode = 'VALIDATION_FAILED',
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`,
  );
  throw new AppError(code, problems.join('; '), {
    details: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
