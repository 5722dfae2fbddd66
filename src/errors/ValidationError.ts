import { MAX_REPORTED_ISSUES, type ValidationIssue } from '../orders/issues';
import { PortflowError } from './PortflowError';

/**
 * An input broke the order shape or a porting rule (SPEC §1.3): HTTP 400 with one issue per problem,
 * the first `MAX_REPORTED_ISSUES` of them (R50: `details.truncated: true` says there were more).
 */
export class ValidationError extends PortflowError {
  readonly code = 'validation_failed';
  readonly httpStatus = 400;
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    const truncated = issues.length > MAX_REPORTED_ISSUES;
    const shown = truncated ? issues.slice(0, MAX_REPORTED_ISSUES) : issues;
    super(
      truncated
        ? `More than ${MAX_REPORTED_ISSUES} problems in the input; the first ${MAX_REPORTED_ISSUES} are listed`
        : shown.length === 1 ? `${shown[0].path}: ${shown[0].message}` : `${shown.length} problems in the input`,
      truncated ? { issues: shown, truncated } : { issues: shown },
    );
    this.issues = shown;
  }
}
