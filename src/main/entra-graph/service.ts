import { UNPROBED_AUDIENCE } from '../registration/audience';
import type { AudienceDecision } from '../registration/providers/types';
import { AppError } from '../../shared/errors';
import type { GraphRunOptions, GraphRunState, SecretProof } from '../../shared/entra-graph';
import { DEFAULT_GRAPH_CLIENT_ID } from '../../shared/entra-graph';
import { callbackUrlFor, type Profile } from '../../shared/profile';
import { sha256Hex } from '../crypto/sha256';
import type { VaultService } from '../vault/vault';
import { AdminSignIn, type SystemBrowser } from './admin-sign-in';
import { entraEndpoints, type EntraEndpoints } from './clouds';
import { cloudEndpoints, endpointsOfProfile, requireEntraApp, requireGraphProvider, type EndpointsFor } from './endpoints';
import { GraphClient, GraphError } from './graph-client';
import { explainGraph } from './graph-errors';
import { realWait, type Wait } from './graph-retry';
import type { HttpsClient } from './https-client';
import { readBack } from './read-back';
import { GraphRun, type RunContext } from './graph-run';
import { SecretProver } from './secret-proof';

/**
 * The Graph route as a service: runs (sign in, create or reuse, store, check, prove) the window polls and the CLI
 * awaits; the proof of any Entra profile's secret; the registration read back and checked; and the removal of a
 * rotated-out secret once its successor is deployed. Only the shell's SystemBrowser touches Electron (the app opens
 * the sign-in with shell.openExternal; the CLI with $BROWSER or the OS opener).
 */
export interface EntraGraphServiceOptions {
  vault: VaultService;
  http: HttpsClient;
  browser: SystemBrowser;
  randomId: () => string;
  now?: () => Date;
  /** Waits between proof attempts, after Graph's 429/503 and while a new object replicates (tests: their clock's). */
  wait?: (ms: number) => Promise<void>;
  /** Where each cloud's requests go (default: the cloud's own hosts; the demo: its double). */
  endpointsFor?: EndpointsFor;
}

/** Per-run overrides the CLI may give (--login-url, --graph-url, --tenant); the window gives none. */
export interface RunOverrides {
  loginUrl?: string;
  graphUrl?: string;
  tenant?: string;
  /** A new app's account type, from the probe of DeepSource's login; without one, multitenant (UNPROBED_AUDIENCE). */
  audience?: AudienceDecision;
}

const PERMISSIONS = { create: 'Application.ReadWrite.All', consent: 'DelegatedPermissionGrant.ReadWrite.All' } as const;

export class EntraGraphService {
  readonly #options: EntraGraphServiceOptions;
  readonly #runs = new Map<string, GraphRun>();
  /** One signed-in MSAL client per sign-in address and client: a second call in the same session is silent. */
  readonly #signIns = new Map<string, AdminSignIn>();
  readonly #now: () => Date;
  readonly #endpointsFor: EndpointsFor;
  readonly #wait: Wait;

  constructor(options: EntraGraphServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#endpointsFor = options.endpointsFor ?? cloudEndpoints;
    this.#wait = options.wait ?? realWait;
  }

  /** Starts a run for an installation; its state is polled with state() or awaited with finished(). */
  async start(profileId: string, purpose: 'new' | 'rotate', options: GraphRunOptions, overrides: RunOverrides = {}): Promise<GraphRunState> {
    const profile = await this.#options.vault.get(profileId);
    requireGraphProvider(profile, this.#options.vault.providers);
    if (purpose === 'rotate') requireEntraApp(profile, this.#options.vault.providers);
    for (const run of this.#runs.values()) if (run.state.profileId === profileId && !run.ended) await run.cancel();
    const endpoints = this.#endpoints(profile, purpose, options, overrides);
    const runId = this.#options.randomId();
    const context: RunContext = {
      runId,
      profile,
      purpose,
      options,
      endpoints,
      callback: callbackUrlFor(profile),
      vault: this.#options.vault,
      signIn: this.#signIn(endpoints, options.clientId ?? profile.azure.entra?.clientId ?? DEFAULT_GRAPH_CLIENT_ID),
      tenant: overrides.tenant ?? (purpose === 'rotate' ? profile.azure.tenantId : undefined),
      audience: overrides.audience ?? UNPROBED_AUDIENCE,
      permissions: [PERMISSIONS.create, ...(options.grantConsent ? [PERMISSIONS.consent] : [])],
      http: this.#options.http,
      prover: (onWaiting) => new SecretProver({ http: this.#options.http, now: this.#now, ...(this.#options.wait ? { wait: this.#options.wait } : {}), onWaiting }),
      now: this.#now,
      wait: this.#wait,
    };
    const run = new GraphRun(context);
    this.#runs.set(runId, run);
    run.begin();
    return run.state;
  }

  state(runId: string): GraphRunState {
    return this.#run(runId).state;
  }

  /** Told every change of a run's state, until the returned function is called. */
  watch(runId: string, listener: (state: GraphRunState) => void): () => void {
    return this.#run(runId).watch(listener);
  }

  /** Resolves once the run stops: done, failed, deleted, cancelled, or waiting for a decision. */
  finished(runId: string): Promise<GraphRunState> {
    return this.#run(runId).settled();
  }

  /** The admin's answer to a registration found in Azure (or left half-done): reuse (finish) it, or delete it. */
  decide(runId: string, choice: 'reuse' | 'delete'): GraphRunState {
    this.#run(runId).decide(choice);
    return this.#run(runId).state;
  }

  async cancel(runId: string): Promise<GraphRunState> {
    const run = this.#run(runId);
    await run.cancel();
    return run.state;
  }

  /** Proves an Entra installation's stored client secret (made through Graph or read off the portal). */
  async prove(profileId: string): Promise<SecretProof> {
    const profile = await this.#options.vault.get(profileId);
    const { appId, tenantId } = requireEntraApp(profile, this.#options.vault.providers);
    const secret = await this.#options.vault.readSecret(profileId, 'client-secret');
    // Only a secret Graph made (its keyId is known) was surely made when it was stored: it may still be replicating.
    const captured = profile.azure.clientSecretKeyId ? profile.secrets['client-secret']?.capturedAt : undefined;
    const endpoints = endpointsOfProfile(profile, this.#endpointsFor);
    const prover = new SecretProver({ http: this.#options.http, now: this.#now, ...(this.#options.wait ? { wait: this.#options.wait } : {}) });
    return prover.prove({ loginUrl: endpoints.loginUrl, tenantId, appId, secret, ...(captured ? { secretCreatedAt: new Date(captured) } : {}) });
  }

  /** The installation's registration read back from Graph and checked (signs the admin in, silently when it can). */
  async check(profileId: string, overrides: RunOverrides = {}) {
    const profile = await this.#options.vault.get(profileId);
    const { appId, tenantId } = requireEntraApp(profile, this.#options.vault.providers);
    const endpoints = this.#withOverrides(endpointsOfProfile(profile, this.#endpointsFor), overrides);
    const signIn = this.#signIn(endpoints, profile.azure.entra?.clientId ?? DEFAULT_GRAPH_CLIENT_ID);
    const graph = new GraphClient({ http: this.#options.http, graphUrl: endpoints.graphUrl, token: async () => (await signIn.token([PERMISSIONS.create], { tenant: overrides.tenant ?? tenantId })).accessToken, wait: this.#wait });
    return readBack(graph, { appId, callback: callbackUrlFor(profile), ...(profile.azure.clientSecretKeyId ? { secretKeyId: profile.azure.clientSecretKeyId } : {}), now: this.#now() });
  }

  /**
   * Removes the secret a rotation replaced, once its successor is deployed: the caller vouches for the deploy (the
   * window after the deploy it followed, the CLI on the admin's word); the console must have the new secret saved
   * (the push record of it), or the admin says a bundle carried it.
   */
  async retireOldSecret(profileId: string, evidence: { bundleDeployed?: boolean } = {}): Promise<{ removedKeyId: string }> {
    const profile = await this.#options.vault.get(profileId);
    requireEntraApp(profile, this.#options.vault.providers);
    const old = profile.azure.retiringSecretKeyId;
    const objectId = profile.azure.objectId;
    if (!old || !objectId) throw new AppError('NOT_FOUND', `${profile.label} has no replaced client secret waiting to be removed.`, 'Nothing to do: only a rotation through Graph leaves one.');
    const pushed = profile.console.pushed?.clientSecret?.secretSha256;
    const current = sha256Hex(await this.#options.vault.readSecret(profileId, 'client-secret'));
    if (pushed !== current && !evidence.bundleDeployed) {
      throw new AppError('NOT_READY', `The admin console does not hold ${profile.label}’s new client secret yet, so the old one stays valid in Azure.`, 'Push the new secret and deploy it first (or, for an air-gapped console, apply and deploy the bundle and say so).');
    }
    const endpoints = endpointsOfProfile(profile, this.#endpointsFor);
    const signIn = this.#signIn(endpoints, profile.azure.entra?.clientId ?? DEFAULT_GRAPH_CLIENT_ID);
    const graph = new GraphClient({ http: this.#options.http, graphUrl: endpoints.graphUrl, token: async () => (await signIn.token([PERMISSIONS.create], { tenant: profile.azure.tenantId })).accessToken, wait: this.#wait });
    try {
      // Already gone (removed in the portal, or the app deleted): read, not guessed from a refusal's wording.
      const application = await graph.application(objectId);
      if (application?.passwordCredentials.some((credential) => credential.keyId === old)) await graph.removePassword(objectId, old);
    } catch (error) {
      throw error instanceof GraphError ? explainGraph(error, 'rotate') : error;
    }
    await this.#options.vault.forgetRetiringSecret(profileId);
    return { removedKeyId: old };
  }

  #endpoints(profile: Profile, purpose: 'new' | 'rotate', options: GraphRunOptions, overrides: RunOverrides): EntraEndpoints {
    const base = purpose === 'rotate' ? endpointsOfProfile(profile, this.#endpointsFor) : this.#endpointsFor(options.cloud);
    return this.#withOverrides(base, overrides);
  }

  /** --login-url / --graph-url move only where requests go; scopes and audience stay the cloud's. */
  #withOverrides(base: EntraEndpoints, overrides: RunOverrides): EntraEndpoints {
    if (!overrides.loginUrl && !overrides.graphUrl) return base;
    const moved = entraEndpoints(base.cloud, overrides);
    return { ...base, ...(overrides.loginUrl ? { loginUrl: moved.loginUrl } : {}), ...(overrides.graphUrl ? { graphUrl: moved.graphUrl } : {}) };
  }

  #signIn(endpoints: EntraEndpoints, clientId: string): AdminSignIn {
    const key = `${endpoints.loginUrl}|${endpoints.graphAudience}|${clientId}`;
    let signIn = this.#signIns.get(key);
    if (!signIn) {
      signIn = new AdminSignIn({ endpoints, clientId, http: this.#options.http, browser: this.#options.browser });
      this.#signIns.set(key, signIn);
    }
    return signIn;
  }

  #run(runId: string): GraphRun {
    const run = this.#runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'That Azure run is no longer known.', 'Start again.');
    return run;
  }
}
