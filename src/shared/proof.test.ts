import { describe, expect, it } from 'vitest';
import { proofLevels, proofReached } from './proof';

describe('the level of proof', () => {
  it('is ordered weakest first, each level with what it proves', () => {
    expect(proofLevels.map((level) => level.id)).toEqual(['values-checked', 'redirect-checked']);
  });

  it('shows only the levels whose check ran, in order, and reaches the highest that passed', () => {
    const { ran, reached } = proofReached([
      { level: 'redirect-checked', passed: true },
      { level: 'values-checked', passed: true },
    ]);
    expect(ran.map((level) => [level.id, level.outcome])).toEqual([
      ['values-checked', 'passed'],
      ['redirect-checked', 'passed'],
    ]);
    expect(reached?.id).toBe('redirect-checked');
  });

  it('never shows a level whose check did not run, even when a stronger one passed', () => {
    const { ran, reached } = proofReached([{ level: 'redirect-checked', passed: true }]);
    expect(ran.map((level) => level.id)).toEqual(['redirect-checked']);
    expect(reached?.id).toBe('redirect-checked');
  });

  it('stops at a failed check: nothing above it counts as reached', () => {
    expect(proofReached([{ level: 'values-checked', passed: true }, { level: 'redirect-checked', passed: false }]).reached?.id).toBe('values-checked');
    expect(proofReached([{ level: 'values-checked', passed: false }, { level: 'redirect-checked', passed: true }]).reached).toBeNull();
    expect(proofReached([])).toEqual({ ran: [], reached: null });
  });
});
