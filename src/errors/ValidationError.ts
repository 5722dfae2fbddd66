import type { ValidationIssue } from '../orders/issues';
import { PortflowError } from './PortflowError';

/** An input broke the order shape or a porting rule (SPEC §1.3): HTTP 400 with one issue per problem. */
export class ValidationError extends PortflowError {
  readonly code = 'validation_failed';
  readonly httpStatus = 400;

  constructor(readonly issues: ValidationIssue[]) {
    super(
      issues.length === 1 ? `${issues[0].path}: ${issues[0].message}` : `${issues.length} problems in the input`,
      { issues },
    );
  }
}
