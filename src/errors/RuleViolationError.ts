import type { Refusal } from '../../machines/effects';
import { PortflowError } from './PortflowError';

/**
 * A porting rule refused the event (R25, R26, R32 calendar codes, R19 slot_full…): HTTP 422
 * `rule_violation`, with the rule's own code in `details.code` so clients can act on it.
 */
export class RuleViolationError extends PortflowError {
  readonly code = 'rule_violation';
  readonly httpStatus = 422;

  constructor(readonly refusal: Refusal) {
    super(refusal.message, { code: refusal.code, rule: refusal.rule, ...(refusal.details ?? {}) });
  }
}
