import type { core } from 'zod';

/**
 * One problem with an input, named by its field path so a client can put the message next to the
 * field: `numbers[3]`, `account.billingTelephoneNumber`. `code` is stable; `message` is for people.
 */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * R50: an error answer lists at most this many issues (`details.truncated: true` past that), and the
 * validators stop collecting soon after it, so a huge input costs no more than a small wrong one.
 */
export const MAX_REPORTED_ISSUES = 100;

/** True once `issues` holds more than an answer will show: a validator may stop there. */
export const enoughIssues = (issues: readonly unknown[]): boolean => issues.length > MAX_REPORTED_ISSUES;

type PathSegment = PropertyKey;

/** `['numbers', 3]` → `numbers[3]`; `['account', 'pin']` → `account.pin`; the whole input is `''`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

export function issue(path: string, code: string, message: string): ValidationIssue {
  return { path, code, message };
}

/**
 * Zod's issues in our shape. Parse with `{ reportInput: true }` so that a missing field can be told
 * from a wrong one (`required` instead of zod's "expected string, received undefined"); an unknown
 * field becomes one issue per key at that key's own path (R11.1).
 */
export function fromZodIssues(zodIssues: readonly core.$ZodIssue[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const zodIssue of zodIssues) {
    if (enoughIssues(issues)) break;
    const path = formatPath(zodIssue.path);
    switch (zodIssue.code) {
      case 'unrecognized_keys':
        for (const key of zodIssue.keys) {
          issues.push(issue(formatPath([...zodIssue.path, key]), 'unknown_field', 'is not a field of this input'));
        }
        break;
      case 'invalid_type':
        issues.push(
          'input' in zodIssue && zodIssue.input === undefined
            ? issue(path, 'required', 'is required')
            : issue(path, 'invalid_type', `expected ${zodIssue.expected}`),
        );
        break;
      case 'too_big':
        issues.push(issue(path, 'too_big', zodIssue.message));
        break;
      case 'too_small':
        // A blank required text (trimmed to '') is as missing as an absent one.
        issues.push(
          zodIssue.origin === 'string' && zodIssue.minimum === 1
            ? issue(path, 'required', 'must not be empty')
            : issue(path, 'too_small', zodIssue.message),
        );
        break;
      case 'invalid_value':
        issues.push(
          'input' in zodIssue && zodIssue.input === undefined
            ? issue(path, 'required', `is required: one of ${zodIssue.values.map(String).join(', ')}`)
            : issue(path, 'invalid_value', `expected one of ${zodIssue.values.map(String).join(', ')}`),
        );
        break;
      case 'invalid_format':
        issues.push(issue(path, 'invalid_format', zodIssue.message));
        break;
      case 'custom':
        // A refinement names its own stable code in `params.code` (R52's invalid_characters).
        issues.push(issue(path, typeof zodIssue.params?.code === 'string' ? zodIssue.params.code : 'invalid', zodIssue.message));
        break;
      default:
        issues.push(issue(path, 'invalid', zodIssue.message));
    }
  }
  return issues;
}
