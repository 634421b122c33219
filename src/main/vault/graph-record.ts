import type { Profile } from '../../shared/profile';
import type { GraphFacts } from './capture';

type Azure = Profile['azure'];

/**
 * What the profile keeps of Graph's view of the app after a change of its secret:
 * - `graph`: the secret came from addPassword (its keyId, hint, the app's object id and where it was made); on a
 *   rotation the previous secret's keyId waits to be removed once the new one is deployed;
 * - `new-app`: values of an app read elsewhere (the portal): nothing Graph said of the old one applies;
 * - `secret-only`: a secret typed or read without its keyId: the app stays, the secret's Graph names go;
 * - `retired`: the rotated-out secret was removed from Azure.
 */
export type GraphChange = { kind: 'graph'; graph: GraphFacts; rotate: boolean } | { kind: 'new-app' } | { kind: 'secret-only' } | { kind: 'retired' };

export function recordGraphFacts(azure: Azure, change: GraphChange): Azure {
  const next = { ...azure };
  if (change.kind === 'retired') {
    delete next.retiringSecretKeyId;
    return next;
  }
  const previousKey = next.clientSecretKeyId;
  delete next.clientSecretKeyId;
  delete next.clientSecretHint;
  if (change.kind === 'new-app') {
    delete next.objectId;
    delete next.entra;
    delete next.retiringSecretKeyId;
  }
  if (change.kind !== 'graph') return next;
  const { graph, rotate } = change;
  next.objectId = graph.objectId;
  next.clientSecretKeyId = graph.keyId;
  next.clientSecretHint = graph.hint;
  next.entra = { ...graph.entra };
  if (rotate && previousKey && previousKey !== graph.keyId) next.retiringSecretKeyId = previousKey;
  else if (!rotate) delete next.retiringSecretKeyId;
  return next;
}
