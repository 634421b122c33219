import { describe, expect, it } from 'vitest';
import { failed, passed, proofLevels, proofReached } from './proof';

describe('the level of proof', () => {
  it('is ordered weakest first: values checked, secret proven, DeepSource redirect checked, sign-in completed', () => {
    expect(proofLevels.map((level) => level.title)).toEqual(['Values checked', 'Secret proven', 'DeepSource redirect checked', 'Sign-in completed']);
  });

  it('shows only the levels whose check ran, in order, and reaches the highest that passed', () => {
    const { ran, reached } = proofReached([
      { level: 'signin-completed', passed: true },
      { level: 'redirect-checked', passed: true },
      { level: 'values-checked', passed: true },
    ]);
    expect(ran.map((level) => [level.id, level.outcome])).toEqual([
      ['values-checked', 'passed'],
      ['redirect-checked', 'passed'],
      ['signin-completed', 'passed'],
    ]);
    expect(reached?.id).toBe('signin-completed');
  });

  it('never shows a level whose check did not run, even when a stronger one passed (a legacy secret cannot be proven)', () => {
    const { ran, reached } = proofReached([{ level: 'redirect-checked', passed: true }]);
    expect(ran.map((level) => level.id)).toEqual(['redirect-checked']);
    expect(reached?.id).toBe('redirect-checked');
    expect(proofReached([{ level: 'values-checked', passed: true }, { level: 'signin-completed', passed: true }]).ran.map((l) => l.id)).toEqual(['values-checked', 'signin-completed']);
  });

  it('stops at a failed check: nothing above it counts as reached', () => {
    expect(proofReached([{ level: 'values-checked', passed: true }, { level: 'redirect-checked', passed: false }]).reached?.id).toBe('values-checked');
    expect(proofReached([{ level: 'values-checked', passed: false }, { level: 'redirect-checked', passed: true }]).reached).toBeNull();
    expect(proofReached([{ level: 'secret-proven', passed: false }, { level: 'signin-completed', passed: true }]).reached).toBeNull();
    expect(proofReached([])).toEqual({ ran: [], reached: null });
  });

  it('says a level passed (or failed) only when its own check ran with that outcome', () => {
    const outcomes = [{ level: 'redirect-checked' as const, passed: true }];
    expect(passed(outcomes, 'redirect-checked')).toBe(true);
    expect(passed(outcomes, 'signin-completed')).toBe(false);
    expect(failed(outcomes, 'signin-completed')).toBe(false);
    expect(failed([{ level: 'signin-completed', passed: false }], 'signin-completed')).toBe(true);
  });
});
