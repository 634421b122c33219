import { describe, expect, it } from 'vitest';
import type { ProofOutcome } from '../../../../shared/proof';
import { doneHeading } from './done-heading';

const ok = (level: ProofOutcome['level']): ProofOutcome => ({ level, passed: true });
const bad = (level: ProofOutcome['level']): ProofOutcome => ({ level, passed: false });

describe('the done card claims only what its check proved', () => {
  it('“DeepSource signs in with Azure DevOps” needs a completed sign-in: the redirect check passing is not enough', () => {
    expect(doneHeading('deployed', [ok('values-checked'), ok('secret-proven'), ok('redirect-checked')], null)).toEqual({ text: 'Deployed: DeepSource sends users to Azure with this app', proven: false });
    expect(doneHeading('deployed', [ok('values-checked'), ok('redirect-checked'), ok('signin-completed')], null)).toEqual({ text: 'DeepSource signs in with Azure DevOps', proven: true });
    for (const ending of ['deployed', 'saved', 'unchanged', 'exported'] as const) {
      for (const outcomes of [[], [ok('values-checked')], [ok('redirect-checked')], [ok('secret-proven'), ok('redirect-checked')], [bad('signin-completed')]]) {
        expect(doneHeading(ending, outcomes, null).text, `${ending}: ${JSON.stringify(outcomes)}`).not.toMatch(/signs in with Azure DevOps/);
      }
    }
  });

  it('“sends users to Azure with this app” needs the redirect check passed', () => {
    expect(doneHeading('deployed', [ok('values-checked')], 'running').text).toBe('Deployed: checking where DeepSource sends users…');
    expect(doneHeading('deployed', [ok('values-checked')], 'unreachable').text).toBe('Deployed. DeepSource’s redirect could not be checked yet');
    expect(doneHeading('exported', [ok('redirect-checked')], null).text).toBe('DeepSource sends users to Azure with this app');
    for (const outcomes of [[], [ok('values-checked'), ok('secret-proven')], [bad('redirect-checked')]]) expect(doneHeading('deployed', outcomes, null).text).not.toMatch(/with this app/);
  });

  it('says what failed, and what was done when nothing was checked', () => {
    expect(doneHeading('deployed', [ok('redirect-checked'), bad('signin-completed')], null).text).toBe('Deployed, but signing in through Azure failed');
    expect(doneHeading('deployed', [bad('redirect-checked')], null).text).toBe('Deployed, but DeepSource sends users to Azure with other values');
    expect(doneHeading('exported', [], null).text).toBe('Bundle written: apply it on the console host');
    expect(doneHeading('saved', [], null).text).toBe('Saved in the admin console: deploy it there');
    expect(doneHeading('unchanged', [], null).text).toBe('The admin console already holds these values');
  });
});
