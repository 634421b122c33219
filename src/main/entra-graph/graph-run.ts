import { AppError } from '../../shared/errors';
import type { GraphRunOptions, GraphRunPhase, GraphRunState, SecretProof } from '../../shared/entra-graph';
import { callbackUrlFor, type Profile } from '../../shared/profile';
import { signInAudienceSchema } from '../../shared/audience';
import { entraAuthorizeUrl } from '../registration/providers/entra';
import type { AudienceDecision } from '../registration/providers/types';
import type { Capture } from '../vault/capture';
import type { VaultService } from '../vault/vault';
import type { AdminSignIn } from './admin-sign-in';
import type { EntraEndpoints } from './clouds';
import { GraphClient, GraphError, type Application, type NewPassword } from './graph-client';
import { explainGraph } from './graph-errors';
import type { Wait } from './graph-retry';
import type { HttpsClient } from './https-client';
import { readBack } from './read-back';
import { untilReadable } from './replication';
import { DEEPSOURCE_SCOPES, IncompleteRegistration, Registrar, type RegistrationTarget } from './registrar';
import type { SecretProver } from './secret-proof';

/** Everything one run needs, handed over by the service. */
export interface RunContext {
  runId: string;
  profile: Profile;
  purpose: 'new' | 'rotate';
  options: GraphRunOptions;
  endpoints: EntraEndpoints;
  callback: string;
  vault: VaultService;
  signIn: AdminSignIn;
  /** The tenant to sign in to (a rotation: the app's); default the admin's home tenant. */
  tenant: string | undefined;
  /** The account type a new app gets, and why (the probe of DeepSource's login, or multitenant without one). */
  audience: AudienceDecision;
  permissions: string[];
  http: HttpsClient;
  prover: (onWaiting: (proof: SecretProof) => void) => SecretProver;
  now: () => Date;
  /** Waits out Graph's 429/503 and a new object's replication (tests: their clock's). */
  wait: Wait;
}

/** Phases in which a run waits for nobody: the CLI's await and the window's polling stop there. */
const SETTLED: ReadonlySet<GraphRunPhase> = new Set(['needs-decision', 'done', 'failed', 'deleted', 'cancelled']);
const ENDED: ReadonlySet<GraphRunPhase> = new Set(['done', 'deleted', 'cancelled']);
/** The state's status sentence, as the contract bounds it. */
const STATUS_MAX = 300;

/**
 * One Graph run: the admin's sign-in, then the registration made (or reused, or a new secret for a rotation), its
 * secret stored the moment Graph hands it over, the registration read back and checked, and the secret proven.
 */
export class GraphRun {
  readonly #context: RunContext;
  state: GraphRunState;
  #cancelled = false;
  #waiters: ((state: GraphRunState) => void)[] = [];
  readonly #listeners = new Set<(state: GraphRunState) => void>();

  constructor(context: RunContext) {
    this.#context = context;
    this.state = {
      runId: context.runId,
      profileId: context.profile.id,
      purpose: context.purpose,
      phase: 'signing-in',
      status: 'Opening Microsoft’s sign-in in your browser…',
      signInUrl: null,
      existing: null,
      incomplete: null,
      result: null,
      checks: [],
      proof: null,
      calls: [],
      error: null,
    };
  }

  get ended(): boolean {
    return ENDED.has(this.state.phase) || (this.state.phase === 'failed' && this.state.incomplete === null);
  }

  begin(): void {
    void this.#main(undefined);
  }

  decide(choice: 'reuse' | 'delete'): void {
    const waiting = this.state.phase === 'needs-decision' || (this.state.phase === 'failed' && this.state.incomplete !== null);
    if (!waiting) throw new AppError('INVALID_INPUT', 'This run is not waiting for a decision.', 'Start again.');
    this.#set({ phase: 'signing-in', error: null, status: choice === 'reuse' ? 'Finishing the registration…' : 'Deleting the registration…' });
    void this.#main(choice);
  }

  /**
   * Stops a run that waits for the admin (the browser's sign-in, or a decision). A run working in Azure is not stopped
   * half-way: that would leave what it made unreported (and its secret unstored).
   */
  async cancel(): Promise<void> {
    if (SETTLED.has(this.state.phase) && this.state.phase !== 'needs-decision') return;
    if (this.state.phase === 'working' || this.state.phase === 'proving') {
      throw new AppError('INVALID_INPUT', 'The app is working in Azure for this installation right now.', 'Wait for it to finish (it says what it made), then start again if needed.');
    }
    this.#cancelled = true;
    await this.#context.signIn.cancel();
    this.#set({ phase: 'cancelled', status: 'Cancelled. Nothing was stored.' });
  }

  /** Told every change of the state (the CLI prints each new status line); returns the way to stop listening. */
  watch(listener: (state: GraphRunState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  settled(): Promise<GraphRunState> {
    if (SETTLED.has(this.state.phase)) return Promise.resolve(this.state);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #set(change: Partial<GraphRunState>): void {
    if (this.#cancelled && change.phase !== 'cancelled') return;
    // The status is one line for the window; the whole story is in the error or the result.
    if (change.status !== undefined && change.status.length > STATUS_MAX) change = { ...change, status: `${change.status.slice(0, STATUS_MAX - 1)}…` };
    this.state = { ...this.state, ...change };
    for (const listener of this.#listeners) listener(this.state);
    if (SETTLED.has(this.state.phase)) for (const wake of this.#waiters.splice(0)) wake(this.state);
  }

  async #main(decision: 'reuse' | 'delete' | undefined): Promise<void> {
    const { signIn, permissions, endpoints, purpose } = this.#context;
    let graph: GraphClient | undefined;
    try {
      this.#set({ phase: 'signing-in', status: 'Sign in to Microsoft Entra in your browser, then come back here.' });
      const tenant = this.#context.tenant;
      const token = await signIn.token(permissions, { tenant, onSignInUrl: (url) => this.#set({ signInUrl: url }) });
      if (this.#cancelled) return;
      this.#set({ phase: 'working', status: 'Signed in. Working in Azure…' });
      graph = new GraphClient({ http: this.#context.http, graphUrl: endpoints.graphUrl, token: async () => (await signIn.token(permissions, { tenant })).accessToken, wait: this.#context.wait });
      const made = purpose === 'new' ? await this.#register(graph, decision) : await this.#newSecret(graph);
      if (!made) return;
      await this.#store(graph, made.application, made.password, token.tenantId, made.reused);
      this.#set({ status: 'Reading the registration back from Graph…' });
      if (purpose === 'new') await untilReadable(graph, { objectId: made.application.id, appId: made.application.appId, consent: this.#context.options.grantConsent });
      const { checks } = await readBack(graph, {
        appId: made.application.appId,
        objectId: made.application.id,
        callback: this.#context.callback,
        secretKeyId: made.password.keyId,
        consentWanted: this.#context.options.grantConsent,
        ...(purpose === 'new' ? { audience: this.#context.audience } : {}),
        now: this.#context.now(),
      });
      this.#set({ checks, calls: [...graph.calls], phase: 'proving', status: 'Proving the new client secret with Microsoft Entra…' });
      const proof = await this.#context
        .prover((waiting) => this.#set({ proof: waiting, status: waiting.message }))
        .prove({ loginUrl: endpoints.loginUrl, tenantId: token.tenantId, appId: made.application.appId, secret: made.password.secretText, secretCreatedAt: this.#context.now() });
      const allPassed = checks.every((check) => check.ok) && proof.status === 'proven';
      this.#set({ proof, phase: 'done', status: allPassed ? 'Created, stored, checked and proven.' : 'Stored, but a check or the proof did not pass: see below.' });
    } catch (error) {
      this.#fail(error, graph);
    }
  }

  async #register(graph: GraphClient, decision: 'reuse' | 'delete' | undefined): Promise<{ application: Application; password: NewPassword; reused: boolean } | null> {
    const { profile, options, callback } = this.#context;
    const target: RegistrationTarget = { displayName: `DeepSource ${profile.organization}`, callback, secretDays: options.secretDays, grantConsent: options.grantConsent, signInAudience: this.#context.audience.audience === 'AzureADMyOrg' ? 'AzureADMyOrg' : 'AzureADMultipleOrgs', now: this.#context.now() };
    // A decision is about the registration this run showed (found, or left half-done): that one, by its object id.
    const chosen = decision ? (this.state.incomplete ?? this.state.existing)?.objectId : undefined;
    if (chosen) target.chosenObjectId = chosen;
    const outcome = await new Registrar(graph, (status) => this.#set({ status, calls: [...graph.calls] })).register(target, decision);
    this.#set({ calls: [...graph.calls] });
    if (outcome.kind === 'needs-decision') {
      const { summary } = outcome.found;
      const complete = summary.missing.filter((m) => m !== 'a client secret').length === 0;
      this.#set({
        phase: 'needs-decision',
        existing: summary,
        incomplete: null,
        status: complete ? `“${summary.displayName}” already exists in Azure with this callback.` : `An unfinished “${summary.displayName}” is in Azure (without ${summary.missing.join(', ')}).`,
      });
      return null;
    }
    if (outcome.kind === 'deleted') {
      this.#set({ phase: 'deleted', existing: null, incomplete: null, status: `Deleted “${outcome.deleted.displayName}” (App ID ${outcome.deleted.appId}) from Azure. Nothing was stored.` });
      return null;
    }
    return { application: outcome.application, password: outcome.password, reused: outcome.reused };
  }

  /** A rotation: a new password on the installation's own app (the old one stays until the new one is deployed). */
  async #newSecret(graph: GraphClient): Promise<{ application: Application; password: NewPassword; reused: boolean }> {
    const { profile, options } = this.#context;
    const appId = profile.azure.appId!;
    const application = profile.azure.objectId ? await graph.application(profile.azure.objectId) : await graph.applicationByAppId(appId);
    if (!application || application.appId !== appId) {
      throw new AppError('NOT_FOUND', `The app ${appId} is not in the tenant you signed in to (it was deleted, or lives in another tenant).`, 'Sign in to the app’s tenant, or create the app in Azure again.');
    }
    this.#set({ status: 'Adding a new client secret…' });
    const now = this.#context.now();
    const password = await graph.addPassword(application.id, { displayName: `ADS Setup Assistant ${now.toISOString().slice(0, 10)}`, endDateTime: new Date(now.getTime() + options.secretDays * 86_400_000).toISOString() });
    return { application, password, reused: true };
  }

  /** The secret goes into the keychain now; if the vault refuses, it is removed from Azure again (its only copy is lost). */
  async #store(graph: GraphClient, application: Application, password: NewPassword, tenantId: string, reused: boolean): Promise<void> {
    const { profile, endpoints, purpose, callback } = this.#context;
    this.#set({ status: 'Storing the client secret in the OS keychain…' });
    const capture: Capture = {
      appId: application.appId,
      tenantId,
      authorizeUrl: entraAuthorizeUrl(endpoints.authorityHost, tenantId, application.appId, callback),
      clientSecret: password.secretText,
      clientSecretExpiresOn: password.endDateTime.slice(0, 10),
      authorityHost: endpoints.authorityHost,
      ...(signInAudienceSchema.safeParse(application.signInAudience).success ? { signInAudience: signInAudienceSchema.parse(application.signInAudience) } : {}),
      graph: { objectId: application.id, keyId: password.keyId, hint: password.hint ?? password.secretText.slice(0, 3), entra: { cloud: endpoints.cloud, loginUrl: endpoints.loginUrl, graphUrl: endpoints.graphUrl, clientId: this.#context.signIn.clientId } },
    };
    try {
      const current = await this.#context.vault.get(profile.id);
      if (callbackUrlFor(current) !== callback || current.provider !== profile.provider) {
        throw new AppError('INVALID_INPUT', `${profile.label} changed while the app was being made (its host name, callback form or kind): the registration’s redirect URI is ${callback}.`, 'Finish the registration again for the installation as it is now, or delete it.');
      }
      await this.#context.vault.applyCapture(profile.id, capture, purpose);
    } catch (error) {
      await graph.removePassword(application.id, password.keyId).catch(() => undefined);
      const why = error instanceof AppError ? error : new AppError('STORAGE_FAILED', 'The client secret could not be stored.', 'Check the OS keychain, then try again.');
      const said = new AppError(why.code, `${why.message} The new client secret was removed from Azure again: its only copy could not be kept.`, why.remedy);
      if (purpose === 'rotate') throw said;
      const { options } = this.#context;
      throw new IncompleteRegistration(
        { displayName: application.displayName ?? '', appId: application.appId, objectId: application.id, servicePrincipal: true, permissions: true, consent: options.grantConsent, passwords: application.passwordCredentials.length, missing: ['a client secret stored in the keychain'] },
        said,
      );
    }
    this.#set({
      calls: [...graph.calls],
      result: {
        displayName: application.displayName ?? '',
        appId: application.appId,
        tenantId,
        objectId: application.id,
        redirectUris: application.web?.redirectUris ?? [],
        scopes: [...DEEPSOURCE_SCOPES],
        reused,
        secret: { hint: capture.graph!.hint, keyId: password.keyId, expiresOn: password.endDateTime },
      },
    });
  }

  #fail(error: unknown, graph: GraphClient | undefined): void {
    if (this.#cancelled) return;
    const known = error instanceof GraphError ? explainGraph(error, 'read') : error instanceof AppError ? error : new AppError('INTERNAL', 'The Azure run stopped unexpectedly.', 'Start again; if it keeps failing, use the Azure portal instead.');
    this.#set({
      phase: 'failed',
      status: known.message,
      error: known.toShape(),
      incomplete: error instanceof IncompleteRegistration ? error.registration : null,
      existing: null,
      ...(graph ? { calls: [...graph.calls] } : {}),
    });
  }
}
