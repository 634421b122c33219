import type { z } from 'zod';
import { AppError } from '../shared/errors';

const MAX_ISSUES_REPORTED = 3;

/** A path segment the caller typed may be junk or a secret; only identifier-like names and indexes are echoed. */
function safeSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return `[${segment}]`;
  const text = String(segment);
  return /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(text) ? text : '[key]';
}

/** One rule, said without the value: zod's own messages may quote unexpected keys or received values. */
function describeRule(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `${issue.keys.length} unexpected key${issue.keys.length === 1 ? '' : 's'}`;
    case 'too_big':
      return `too large (at most ${String(issue.maximum)})`;
    case 'too_small':
      return `too small (at least ${String(issue.minimum)})`;
    case 'invalid_format':
      // Our own regex messages say what to enter; zod's describe the pattern. Neither quotes the value.
      return issue.format === 'regex' ? issue.message : `not a valid ${issue.format}`;
    case 'custom':
      // Refinements are ours and written without the value.
      return issue.message;
    case 'invalid_value':
      return 'not one of the allowed values';
    default:
      return 'invalid';
  }
}

/**
 * Describes a zod failure by path and rule only: the offending values are never echoed, since a payload may carry
 * a secret or a megabyte of junk.
 */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES_REPORTED).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(safeSegment).join('.') : '(payload)';
    return `${path}: ${describeRule(issue)}`;
  });
  const more = error.issues.length > MAX_ISSUES_REPORTED ? ` (+${error.issues.length - MAX_ISSUES_REPORTED} more)` : '';
  return parts.join('; ') + more;
}

/** Parses input from an admin or a caller, turning a failure into INVALID_INPUT that names fields, not values. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('INVALID_INPUT', `Invalid ${what}: ${describeIssues(result.error)}.`, 'Correct the named fields and try again.');
}
