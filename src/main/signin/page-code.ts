import { describeAnswerSchema, findProviderAnswerSchema, type DescribeAnswer, type FindProviderAnswer } from '../../shared/page-protocol';
import { pageScriptCall } from '../registration/page-code';

/** The page script's find-and-click step for DeepSource's login page, as source text. */
export function findProviderCall(waitMs: number): string {
  return pageScriptCall({ mode: 'find-provider', waitMs });
}

/** The page's answer, checked at the boundary: anything else counts as "not found". */
export function readFindProviderAnswer(value: unknown): FindProviderAnswer | null {
  const parsed = findProviderAnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The page script's reading of what a page says (the round trip's Azure pages and DeepSource's answer). */
export const DESCRIBE_CALL = pageScriptCall({ mode: 'describe' });

export function readDescribeAnswer(value: unknown): DescribeAnswer | null {
  const parsed = describeAnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
