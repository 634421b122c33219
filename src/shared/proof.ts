/**
 * How far a setup is proven, as an ordered ladder (weakest first). Each level has its own check; a level is shown
 * only once its check ran, as passed or failed, never because a stronger one passed. What the window claims comes
 * from here: a level's `passed` sentence is shown only when its check passed.
 */
export const proofLevels = [
  {
    id: 'values-checked',
    title: 'Values checked',
    passed: 'The values read from Azure (off its pages or back from Microsoft Graph) passed every check: the App ID, the secret and the callback belong to one app.',
    failed: 'The values read from Azure did not pass every check.',
  },
  {
    id: 'secret-proven',
    title: 'Secret proven',
    passed: 'Microsoft Entra issued a token for the App ID with the stored client secret at the tenant’s own token endpoint: the secret is this app’s and valid.',
    failed: 'Microsoft Entra refused the stored client secret at the tenant’s token endpoint.',
  },
  {
    id: 'redirect-checked',
    title: 'DeepSource redirect checked',
    passed: 'DeepSource’s own login sends users to Azure with this installation’s App ID and callback (followed to Azure’s sign-in address, which was not loaded: nobody signed in).',
    failed: 'DeepSource’s login sends users to Azure with other values than this installation’s.',
  },
  {
    id: 'signin-completed',
    title: 'Sign-in completed',
    passed: 'A sign-in went through Azure and back: Azure sent a code to DeepSource’s callback, and DeepSource showed a signed-in page.',
    failed: 'A sign-in through Azure was refused, by Azure or by DeepSource.',
  },
] as const;

export type ProofLevelId = (typeof proofLevels)[number]['id'];
export type ProofLevel = (typeof proofLevels)[number];

/** What a check that ran found: its level, passed or not. */
export interface ProofOutcome {
  level: ProofLevelId;
  passed: boolean;
}

/**
 * The levels whose check ran, in ladder order, and the level reached: the highest that passed with no check below
 * it failing (null when none did).
 */
export function proofReached(outcomes: readonly ProofOutcome[]): { ran: (ProofLevel & { outcome: 'passed' | 'failed' })[]; reached: ProofLevel | null } {
  const ran: (ProofLevel & { outcome: 'passed' | 'failed' })[] = [];
  let reached: ProofLevel | null = null;
  let broken = false;
  for (const level of proofLevels) {
    const outcome = outcomes.find((o) => o.level === level.id);
    if (!outcome) continue;
    ran.push({ ...level, outcome: outcome.passed ? 'passed' : 'failed' });
    if (!outcome.passed) broken = true;
    else if (!broken) reached = level;
  }
  return { ran, reached };
}

/** Did this level's check run and pass? (A claim backed by it may be shown only then.) */
export function passed(outcomes: readonly ProofOutcome[], level: ProofLevelId): boolean {
  return outcomes.some((o) => o.level === level && o.passed);
}

/** Did this level's check run and fail? */
export function failed(outcomes: readonly ProofOutcome[], level: ProofLevelId): boolean {
  return outcomes.some((o) => o.level === level && !o.passed);
}
