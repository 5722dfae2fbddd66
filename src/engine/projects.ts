import { z } from 'zod';
import { ValidationError } from '../errors/ValidationError';
import { fromZodIssues } from '../orders/issues';

/**
 * SPEC §1.4: the seed says each account is submitted separately, so a port project is one order
 * per account. The request carries what the accounts share once, and one block per account with
 * its own account details and numbers; every block becomes a whole order input, validated like any
 * other (its issues are reported under `accounts[i].…`).
 */
const accountBlockSchema = z
  .object({
    account: z.unknown(),
    numbers: z.unknown(),
    remainingNumbers: z.unknown().optional(),
    newBillingTelephoneNumber: z.unknown().optional(),
    priDisconnect: z.unknown().optional(),
    customerReference: z.unknown().optional(),
  })
  .strict();

const projectInputSchema = z
  .object({ accounts: z.array(accountBlockSchema).min(1, 'at least one account').max(100, 'at most 100 accounts per project') })
  .catchall(z.unknown());

export function expandProject(input: unknown): unknown[] {
  const parsed = projectInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fromZodIssues(parsed.error.issues));
  const { accounts, ...shared } = parsed.data;
  return accounts.map((block) => {
    const defined = Object.fromEntries(Object.entries(block).filter(([, value]) => value !== undefined));
    return { ...shared, ...defined };
  });
}
