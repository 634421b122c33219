import { GraphError, type GraphClient } from './graph-client';
import type { Wait } from './graph-retry';

/**
 * Entra is eventually consistent: an object a run just made may be unknown for a while to the next request ("Designing
 * for Eventual Consistency for Microsoft Entra", Microsoft Identity blog: a new object may return Not Found). Microsoft's
 * own tools retry the same answers (azure-cli create_service_principal_for_rbac, teams-toolkit aadAppClient). Only error
 * codes decide, never message text, which Graph may change at any time (concepts/errors.md).
 */

/** Waits between attempts while a new object replicates: 2, 4, 8, 16, 30, 30 s, at most 90 s in all. */
export const REPLICATION_BUDGET_MS = 90_000;
const replicationWait = (attempt: number) => Math.min(2_000 * 2 ** attempt, 30_000);

/** Graph does not know (yet) an object this run made: 404 Request_ResourceNotFound, or no application behind an appId. */
export function isReplicationLag(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  if (error.status === 404 && error.code === 'Request_ResourceNotFound') return true;
  return error.status === 400 && error.detailCodes.includes('NoBackingApplicationObject');
}

/**
 * Repeats a call about an object this run made (or holds the id of) while Graph answers as if it did not exist yet,
 * for at most REPLICATION_BUDGET_MS; then its last answer stands. `alsoLag` names more answers that can only mean
 * "not replicated" for this call.
 */
export async function whileReplicating<T>(wait: Wait, call: () => Promise<T>, alsoLag: (error: GraphError) => boolean = () => false): Promise<T> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const lag = isReplicationLag(error) || (error instanceof GraphError && alsoLag(error));
      const ms = replicationWait(attempt);
      if (!lag || waited + ms > REPLICATION_BUDGET_MS) throw error;
      waited += ms;
      await wait(ms);
    }
  }
}

/** A read that answers null for "not found" (GET by id): repeated the same way until it finds the object, else null. */
export async function untilFound<T>(wait: Wait, read: () => Promise<T | null>, found: (value: T) => boolean = () => true): Promise<T | null> {
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    const ms = replicationWait(attempt);
    if ((value !== null && found(value)) || waited + ms > REPLICATION_BUDGET_MS) return value;
    waited += ms;
    await wait(ms);
  }
}

/**
 * Before a new registration is read back: waits (bounded) until Graph's reads show the app, its service principal and,
 * when consent was asked for, its grant, so the checks judge what Azure holds, not a replica that has not got it yet.
 */
export async function untilReadable(graph: GraphClient, made: { objectId: string; appId: string; consent: boolean }): Promise<void> {
  await untilFound(graph.wait, () => graph.application(made.objectId));
  const servicePrincipal = await untilFound(graph.wait, () => graph.servicePrincipalOf(made.appId));
  if (servicePrincipal && made.consent) await untilFound(graph.wait, () => graph.grantsOf(servicePrincipal.id), (grants) => grants.length > 0);
}
