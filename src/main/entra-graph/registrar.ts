import { AppError } from '../../shared/errors';
import type { AzureRegistration } from '../../shared/entra-graph';
import { ADO_SCOPES } from '../registration/providers/ado-oauth/signin';
import { AZURE_DEVOPS_APP_ID } from '../registration/providers/entra/signin';
import { explainGraph } from './graph-errors';
import { GraphError, type Application, type GraphClient, type NewPassword, type PermissionGrant, type ServicePrincipal } from './graph-client';
import { untilFound, whileReplicating } from './replication';

/**
 * The registration through Graph, in the order that keeps Azure and the vault consistent:
 *   1. Azure DevOps' service principal in the tenant (created when missing): the scope ids are read from it;
 *   2. a registration with the same name and callback is offered (reuse it, or delete it), never duplicated;
 *   3. POST /applications, then the app's own service principal, then (asked for) tenant-wide consent;
 *   4. addPassword last: its secretText is handed to the caller to store at once.
 * A failure after the app exists says exactly what exists (IncompleteRegistration); nothing is stored then.
 */

/** The three Azure DevOps scopes DeepSource asks for (values; their ids come from the tenant). */
export const DEEPSOURCE_SCOPES: readonly string[] = ADO_SCOPES.map((scope) => scope.id);

export interface RegistrationTarget {
  displayName: string;
  /** The profile's callback form, exactly: the registration's one redirect URI. */
  callback: string;
  secretDays: number;
  grantConsent: boolean;
  /** Who may sign in (Graph's signInAudience): decided from where DeepSource sends users (signin/probe.ts). */
  signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  now: Date;
  /**
   * The registration the admin chose to finish or delete (its object id, from this run's state): read by that id,
   * never looked up by name again (lists lag behind) and never created anew.
   */
  chosenObjectId?: string;
}

export interface AzureDevOpsResource {
  servicePrincipalId: string;
  /** value → id, as the tenant's Azure DevOps service principal lists them. */
  scopeIds: Map<string, string>;
}

/** A registration as found in Graph, with its parts. */
export interface FoundRegistration {
  application: Application;
  servicePrincipal: ServicePrincipal | null;
  grants: PermissionGrant[];
  summary: AzureRegistration;
}

export type RegistrationOutcome =
  | { kind: 'needs-decision'; found: FoundRegistration }
  | { kind: 'deleted'; deleted: AzureRegistration }
  | { kind: 'ready'; application: Application; servicePrincipalId: string; password: NewPassword; reused: boolean; consent: boolean; azureDevOps: AzureDevOpsResource };

/** A run that stopped after it changed Azure: what exists there now, to finish or delete. */
export class IncompleteRegistration extends AppError {
  constructor(
    readonly registration: AzureRegistration,
    cause: AppError,
  ) {
    const lacking = registration.missing.length > 0 ? ` without ${registration.missing.join(', ')}` : '';
    super('REGISTRATION_INCOMPLETE', `${cause.message} In Azure now: app registration “${registration.displayName}” (App ID ${registration.appId})${lacking}. Nothing was stored.`, cause.remedy);
  }
}

const hasAllScopes = (granted: Iterable<string>) => {
  const set = new Set(granted);
  return DEEPSOURCE_SCOPES.every((value) => set.has(value));
};

/** What a registration holds and lacks, in the admin's words. */
export function describeRegistration(parts: { application: Application; servicePrincipal: boolean; grants: PermissionGrant[]; azureDevOps: AzureDevOpsResource; wantConsent: boolean; passwords?: number }): AzureRegistration {
  const { application, azureDevOps } = parts;
  const requested = new Set(application.requiredResourceAccess.filter((r) => r.resourceAppId === AZURE_DEVOPS_APP_ID).flatMap((r) => r.resourceAccess.map((a) => a.id)));
  const permissions = DEEPSOURCE_SCOPES.every((value) => requested.has(azureDevOps.scopeIds.get(value) ?? '-'));
  const consent = parts.grants.some((g) => g.consentType === 'AllPrincipals' && g.resourceId === azureDevOps.servicePrincipalId && hasAllScopes((g.scope ?? '').split(' ')));
  const passwords = parts.passwords ?? application.passwordCredentials.length;
  const missing = [
    ...(permissions ? [] : [`the Azure DevOps permissions ${DEEPSOURCE_SCOPES.join(', ')}`]),
    ...(parts.servicePrincipal ? [] : ['its service principal (Enterprise application)']),
    ...(parts.wantConsent && !consent ? ['tenant-wide consent'] : []),
    ...(passwords > 0 ? [] : ['a client secret']),
  ];
  return { displayName: application.displayName ?? '', appId: application.appId, objectId: application.id, servicePrincipal: parts.servicePrincipal, permissions, consent, passwords, missing };
}

export class Registrar {
  readonly #graph: GraphClient;
  readonly #progress: (status: string) => void;

  constructor(graph: GraphClient, progress: (status: string) => void = () => undefined) {
    this.#graph = graph;
    this.#progress = progress;
  }

  /** Azure DevOps in this tenant and the ids of the three scopes, from its service principal (created when missing). */
  async azureDevOps(): Promise<AzureDevOpsResource> {
    this.#progress('Reading Azure DevOps’ permissions from your tenant…');
    let sp = await this.#guard(() => this.#graph.servicePrincipalOf(AZURE_DEVOPS_APP_ID), 'read-azure-devops');
    if (!sp) {
      this.#progress('Your tenant has no Azure DevOps service principal yet: creating it…');
      sp = await this.#guard(() => this.#graph.createServicePrincipal(AZURE_DEVOPS_APP_ID), 'create-azure-devops');
    }
    const scopeIds = new Map(sp.oauth2PermissionScopes.filter((s) => s.isEnabled !== false).map((s) => [s.value, s.id]));
    const absent = DEEPSOURCE_SCOPES.filter((value) => !scopeIds.has(value));
    if (absent.length > 0) {
      throw new AppError('GRAPH_REFUSED', `Azure DevOps in your tenant offers no ${absent.join(', ')} permission.`, 'Check that the tenant’s Azure DevOps service principal is Microsoft’s (appId 499b84ac-1321-427f-aa17-267ca6975798); use the Azure portal instead if it is.');
    }
    return { servicePrincipalId: sp.id, scopeIds };
  }

  /** A registration with this name whose redirect URIs include the callback exactly. */
  async find(target: RegistrationTarget, azureDevOps: AzureDevOpsResource): Promise<FoundRegistration | null> {
    this.#progress(`Looking for an existing “${target.displayName}”…`);
    const named = await this.#guard(() => this.#graph.applicationsNamed(target.displayName), 'find');
    const application = named.find((app) => (app.web?.redirectUris ?? []).includes(target.callback));
    if (!application) return null;
    return this.#withParts(application, target, azureDevOps);
  }

  /** The registration the admin chose, by object id (retried while Graph does not know it yet); gone: NOT_FOUND. */
  async #chosen(objectId: string, target: RegistrationTarget, azureDevOps: AzureDevOpsResource): Promise<FoundRegistration> {
    this.#progress('Reading the registration you chose…');
    const application = await this.#guard(() => untilFound(this.#graph.wait, () => this.#graph.application(objectId)), 'find');
    if (!application) throw new AppError('NOT_FOUND', `The registration you chose (object ID ${objectId}) is no longer in Azure: it was deleted meanwhile. Nothing was stored.`, 'Start again: a new registration is created.');
    return this.#withParts(application, target, azureDevOps);
  }

  async #withParts(application: Application, target: RegistrationTarget, azureDevOps: AzureDevOpsResource): Promise<FoundRegistration> {
    const servicePrincipal = await this.#guard(() => this.#graph.servicePrincipalOf(application.appId), 'find');
    const grants = servicePrincipal ? await this.#guard(() => this.#graph.grantsOf(servicePrincipal.id), 'find') : [];
    return { application, servicePrincipal, grants, summary: describeRegistration({ application, servicePrincipal: servicePrincipal !== null, grants, azureDevOps, wantConsent: target.grantConsent }) };
  }

  /** Creates (or, with `reuse`, finishes) the registration; with `delete`, deletes the one found. */
  async register(target: RegistrationTarget, decision?: 'reuse' | 'delete'): Promise<RegistrationOutcome> {
    const azureDevOps = await this.azureDevOps();
    const found = target.chosenObjectId ? await this.#chosen(target.chosenObjectId, target, azureDevOps) : await this.find(target, azureDevOps);
    if (found && !decision) return { kind: 'needs-decision', found };
    if (found && decision === 'delete') return { kind: 'deleted', deleted: await this.delete(found) };
    const body = {
      displayName: target.displayName,
      signInAudience: target.signInAudience,
      web: { redirectUris: [target.callback] },
      requiredResourceAccess: [{ resourceAppId: AZURE_DEVOPS_APP_ID, resourceAccess: DEEPSOURCE_SCOPES.map((value) => ({ id: azureDevOps.scopeIds.get(value)!, type: 'Scope' })) }],
    };
    let application: Application;
    if (found) {
      application = found.application;
    } else {
      this.#progress(`Creating the app registration “${target.displayName}”…`);
      application = await this.#guard(() => this.#graph.createApplication(body), 'create');
    }
    // From here on Azure holds an app: every failure says what exists.
    const state = { servicePrincipal: found?.servicePrincipal ?? null, grants: found?.grants ?? [] };
    const incomplete = (error: unknown) => {
      const cause = error instanceof GraphError ? explainGraph(error, 'complete') : error instanceof AppError ? error : new AppError('GRAPH_REFUSED', 'Microsoft Graph did not answer as expected.', 'Try again.');
      return new IncompleteRegistration(describeRegistration({ application, servicePrincipal: state.servicePrincipal !== null, grants: state.grants, azureDevOps, wantConsent: target.grantConsent, passwords: found ? application.passwordCredentials.length : 0 }), cause);
    };
    try {
      if (found && !found.summary.permissions) {
        this.#progress('Adding the Azure DevOps permissions to the registration…');
        await this.#replicated(() => this.#graph.updateApplication(application.id, { requiredResourceAccess: [...application.requiredResourceAccess.filter((r) => r.resourceAppId !== AZURE_DEVOPS_APP_ID), ...body.requiredResourceAccess] }));
      }
      if (!state.servicePrincipal) {
        this.#progress('Creating the app’s service principal…');
        // The appId is Graph's own answer: a Request_BadRequest on a body of only it can mean only "not replicated yet".
        state.servicePrincipal = await this.#replicated(() => this.#graph.createServicePrincipal(application.appId), (e) => e.status === 400 && e.code === 'Request_BadRequest');
      }
      const consent = describeRegistration({ application, servicePrincipal: true, grants: state.grants, azureDevOps, wantConsent: true }).consent;
      if (target.grantConsent && !consent) {
        this.#progress('Granting tenant-wide consent for the Azure DevOps permissions…');
        const clientId = state.servicePrincipal.id;
        state.grants = [...state.grants, await this.#replicated(() => this.#graph.createTenantWideGrant({ clientId, resourceId: azureDevOps.servicePrincipalId, scope: DEEPSOURCE_SCOPES.join(' ') }))];
      }
      this.#progress('Adding the client secret…');
      const endDateTime = new Date(target.now.getTime() + target.secretDays * 86_400_000).toISOString();
      const password = await this.#replicated(() => this.#graph.addPassword(application.id, { displayName: `ADS Setup Assistant ${target.now.toISOString().slice(0, 10)}`, endDateTime }));
      return { kind: 'ready', application, servicePrincipalId: state.servicePrincipal.id, password, reused: found !== null, consent: consent || target.grantConsent, azureDevOps };
    } catch (error) {
      throw incomplete(error);
    }
  }

  /** Deletes a registration found in Azure: its service principal first, then the app. */
  async delete(found: FoundRegistration): Promise<AzureRegistration> {
    this.#progress(`Deleting “${found.summary.displayName}” from Azure…`);
    if (found.servicePrincipal) await this.#guard(() => this.#graph.deleteServicePrincipal(found.servicePrincipal!.id), 'delete');
    await this.#guard(() => this.#graph.deleteApplication(found.application.id), 'delete');
    return found.summary;
  }

  /** A call on objects this run made (or Azure DevOps' new service principal): repeated while they replicate. */
  #replicated<T>(call: () => Promise<T>, alsoLag?: (error: GraphError) => boolean): Promise<T> {
    return whileReplicating(this.#graph.wait, call, alsoLag);
  }

  /** A Graph call before anything was changed (or a delete): its refusal is explained, nothing else is said to exist. */
  async #guard<T>(call: () => Promise<T>, step: Parameters<typeof explainGraph>[1]): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw error instanceof GraphError ? explainGraph(error, step) : error;
    }
  }
}
