import type { z } from 'zod';
import { ValidationError } from '../../errors/ValidationError';
import { fromZodIssues } from '../../orders/issues';

/** Parses `input` or throws a 400 `validation_failed` naming every field at fault. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
  return parsed.data;
}
