import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

/**
 * Every job is validated before a worker acts on it (zod at the edge). A malformed job will not
 * get better by retrying, so it fails at once as unrecoverable, naming the fields at fault.
 */
export function parseJob<T>(schema: z.ZodType<T>, data: unknown, queue: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(job)'}: ${issue.message}`).join('; ');
  throw new UnrecoverableError(`validation_failed: ${queue} job refused: ${fields}`);
}
