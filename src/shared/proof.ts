/**
 * How far a setup is proven, as an ordered ladder (weakest first). Each level has its own check; a level is shown
 * only once its check ran, as passed or failed, never because a stronger one passed. More levels slot in here, in
 * order, with the check that reaches them (a secret proven at Entra's token endpoint, a completed sign-in).
 */
export const proofLevels = [
  {
    id: 'values-checked',
    title: 'Values checked',
    passed: 'The values read from Azure passed every check: the App ID, the secret and the callback belong to one app.',
    failed: 'The values read from Azure did not pass every check.',
  },
  {
    id: 'redirect-checked',
    title: 'DeepSource redirect checked',
    passed: 'DeepSource’s own login sends users to Azure with this installation’s App ID and callback (followed to Azure’s sign-in address, which was not loaded).',
    failed: 'DeepSource’s login sends users to Azure with other values than this installation’s.',
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
