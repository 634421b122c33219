import { failed, passed, type ProofOutcome } from '../../../../shared/proof';

/**
 * How a delivery ended: deployed by a push, saved in the console without a deploy ("Save only"), nothing to change
 * (the console already holds the values), or a bundle written for the console host.
 */
export type EndingKind = 'deployed' | 'saved' | 'unchanged' | 'exported';

/**
 * The done card's heading: what is proven, never more. "DeepSource signs in with Azure DevOps" only once a sign-in
 * went through Azure and back (the round trip passed); "sends users to Azure with this app" only once the redirect
 * check passed; otherwise what was done, and what is being checked. `redirect`: the redirect check's state when it
 * has not passed or failed (running, or it could not reach DeepSource).
 */
export function doneHeading(ending: EndingKind, outcomes: readonly ProofOutcome[], redirect: 'running' | 'unreachable' | null): { text: string; proven: boolean } {
  const deployed = ending === 'deployed';
  if (passed(outcomes, 'signin-completed')) return { text: 'DeepSource signs in with Azure DevOps', proven: true };
  if (failed(outcomes, 'signin-completed')) return { text: deployed ? 'Deployed, but signing in through Azure failed' : 'Signing in to DeepSource through Azure failed', proven: false };
  if (passed(outcomes, 'redirect-checked')) return { text: deployed ? 'Deployed: DeepSource sends users to Azure with this app' : 'DeepSource sends users to Azure with this app', proven: false };
  if (failed(outcomes, 'redirect-checked')) return { text: deployed ? 'Deployed, but DeepSource sends users to Azure with other values' : 'DeepSource sends users to Azure with other values than these', proven: false };
  if (ending === 'exported') return { text: 'Bundle written: apply it on the console host', proven: false };
  if (ending === 'saved') return { text: 'Saved in the admin console: deploy it there', proven: false };
  if (ending === 'unchanged') return { text: 'The admin console already holds these values', proven: false };
  return { text: redirect === 'unreachable' ? 'Deployed. DeepSource’s redirect could not be checked yet' : 'Deployed: checking where DeepSource sends users…', proven: false };
}
