/**
 * Demo mode's environment: everything `--demo` runs against, on 127.0.0.1 only, made fresh per run.
 *
 *   const demo = await startDemoEnvironment({ vault });
 *   demo.providers          // ProviderRegistry: the real providers mapped onto the replica (for RegistrationService)
 *   demo.azure.origins      // real Azure origin → https://127.0.0.1:PORT of its replica (five origins)
 *   demo.azure.startUrls    // by provider id: where each provider's flow starts on the replica
 *   demo.azure.certificatePem / fingerprint / tenantId / replica (the running site, for tests)
 *   demo.console            // { url, password, fingerprint, certificatePem, appSlug, double } — the KOTS double (self-signed HTTPS)
 *   demo.profiles           // { ado, entra }: ids of the two demo profiles created in `vault`
 *   demo.registrationTrust  // { pins }: the replica's exact certificate (host + SHA-256), what the registration view's session adds
 *   demo.info               // { demoPassword, demoEnvironment }: what the appInfo channel adds in demo mode
 *   await demo.stop()       // closes every server (ports freed); the throwaway vault is the demo session's to delete
 *
 * The KOTS double comes from test/kots/ on purpose: demo mode is an explicit demo feature.
 */
import { randomBytes } from 'node:crypto';
import { flatAdsGroups, startKotsDouble, type KotsDouble } from './kots-console/double';
import type { AppInfo } from '../shared/contract';
import { AppError } from '../shared/errors';
import { callbackUrlFor, type ProviderId } from '../shared/profile';
import type { ProviderRegistry } from '../main/registration/providers';
import type { VaultService } from '../main/vault/vault';
import { ConsoleState } from '../main/console/console-state';
import { startFrontDoor, type FrontDoor } from './deepsource-front-door/server';
import { makeThrowawayCertificate, type ThrowawayCertificate } from '../main/tls/throwaway-certificate';
import { startAzureReplica, type AzureReplica, type ReplicatedOrigin } from './azure-replica/server';
import type { CertificatePin, CertificateTrust } from '../main/tls/certificate-trust';
import { demoProviderRegistry } from './providers';
import { demoPost, startDemoNetwork, type DemoNetwork } from './network';
import { startEntraGraphDouble, type EntraGraphDouble } from './entra-graph';
import { entraEndpoints } from '../main/entra-graph/clouds';
import type { EndpointsFor } from '../main/entra-graph/endpoints';

export const DEMO_HOSTNAME = 'deepsource.demo.example';
export const DEMO_ORGANIZATION = 'Demo Org';
export const DEMO_APP_SLUG = 'deepsource';
export const DEMO_PROFILE_IDS = { ado: 'demo-ado', entra: 'demo-entra' } as const;
export const DEMO_ENTRA_DOMAIN = 'demoorg.onmicrosoft.com';

/** What the appInfo channel adds in demo mode: nothing here is a secret of a real installation. */
export interface DemoInfo {
  demoPassword: string;
  demoEnvironment: NonNullable<AppInfo['demoEnvironment']>;
}

export interface DemoEnvironmentOptions {
  /** The (throwaway) vault the demo profiles are created in. */
  vault: VaultService;
  /** Pin the console's certificate in the demo profiles (default true); false leaves the fingerprint for the admin to confirm. */
  pinConsoleCertificate?: boolean;
  /** How long DeepSource's replica keeps the previous deploy's values after a new deploy (default 3 s). */
  frontDoorRestartMs?: number;
  /** The console signs admins in through its identity service (password login off): only its authstring or kubectl get in. */
  identityService?: boolean;
}

export interface DemoEnvironment {
  providers: ProviderRegistry;
  azure: {
    origins: Readonly<Record<ReplicatedOrigin, string>>;
    startUrls: Record<ProviderId, string>;
    tenantId: string;
    fingerprint: string;
    /** The replica's certificate (public PEM): a test client's CA. */
    certificatePem: string;
    /** The running replica (apps created in this run), for tests. */
    replica: AzureReplica;
  };
  console: { url: string; password: string; fingerprint: string; certificatePem: string; appSlug: string; double: KotsDouble };
  profiles: { ado: string; entra: string };
  registrationTrust: CertificateTrust;
  /** DeepSource's front door replica, and what the sign-in check needs to reach it. */
  frontDoor: FrontDoor;
  /**
   * The sign-in check's way to DeepSource and Azure by their real names: the demo network (a proxy for the built-in
   * browser, its table for the CLI's Chromium) and the certificate pinned for each of those host names.
   */
  signIn: { proxy: string; trust: CertificateTrust; network: DemoNetwork };
  /** Microsoft Entra's sign-in and Graph for the Graph route (and the proof of portal-made secrets), and its users. */
  entra: { double: EntraGraphDouble; endpointsFor: EndpointsFor; certificatePem: string; account: string; password: string; user: { account: string; password: string } };
  info: DemoInfo;
  stop: () => Promise<void>;
}

async function throwawayCertificate(commonName: string): Promise<ThrowawayCertificate> {
  try {
    return await makeThrowawayCertificate(commonName);
  } catch {
    throw new AppError('INTERNAL', 'The demo could not make its throwaway certificate.', 'Start the demo again. If it keeps failing, report it with the output of npm run demo.');
  }
}

/** Starts the replica Azure site and the KOTS double on 127.0.0.1 and creates the demo profiles in `options.vault`. */
export async function startDemoEnvironment(options: DemoEnvironmentOptions): Promise<DemoEnvironment> {
  const { vault } = options;
  const callback = callbackUrlFor({ hostname: DEMO_HOSTNAME, callbackTrailingSlash: false });
  const [azureCertificate, consoleCertificate, frontDoorCertificate, entraCertificate] = await Promise.all([
    throwawayCertificate('azure-replica.demo'),
    throwawayCertificate('kots-console.demo'),
    throwawayCertificate(DEMO_HOSTNAME),
    throwawayCertificate('login.demo'),
  ]);
  const password = `demo-${randomBytes(5).toString('hex')}`;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    await Promise.allSettled(stops.splice(0).map((close) => close()));
  };
  try {
    const replica = await startAzureReplica({ certificate: azureCertificate, seed: { appName: `DeepSource ${DEMO_ORGANIZATION} (earlier)`, callback } });
    stops.push(replica.close);
    const double = await startKotsDouble({
      tls: true,
      certificate: consoleCertificate,
      password,
      apps: [{ slug: DEMO_APP_SLUG, name: 'DeepSource', groups: flatAdsGroups({ hostname: DEMO_HOSTNAME }) }],
      deployDelayMs: 1500,
      ...(options.identityService ? { identityService: true } : {}),
    });
    stops.push(double.close);
    // DeepSource's server reaches Azure's token endpoints by their real names, through the demo's network (below).
    const tokens: { post?: ReturnType<typeof demoPost> } = {};
    const frontDoor = await startFrontDoor({
      certificate: frontDoorCertificate,
      hostname: DEMO_HOSTNAME,
      console: { values: (sequence) => double.decryptedValues(DEMO_APP_SLUG, sequence), deployedSequence: () => double.deployedSequence(DEMO_APP_SLUG) },
      items: { enable: 'ads_enabled', appId: 'ads_app_id', authorityHost: 'ads_authority', clientSecret: 'ads_client_secret' },
      exchange: (url, form) => (tokens.post ? tokens.post(url, form) : Promise.reject(new Error('the demo network is not up'))),
      ...(options.frontDoorRestartMs !== undefined ? { restartMs: options.frontDoorRestartMs } : {}),
    });
    stops.push(frontDoor.close);
    // Entra's sign-in and Graph: the replica's tenant, with no app registered yet (the Graph route starts from nothing).
    // New secrets replicate for 3 s, as Entra's take a moment; the portal replica's apps are known to its token endpoint.
    // Users sign in to DeepSource there too: the admin (who may consent for the organization) and a user who may not
    // consent to apps (the tenant lets only admins consent, as many do).
    const entraAdmin = { account: `admin@${DEMO_ENTRA_DOMAIN}`, password: `Demo-${randomBytes(4).toString('hex')}` };
    const entraUser = { account: `dev@${DEMO_ENTRA_DOMAIN}`, password: `Demo-${randomBytes(4).toString('hex')}` };
    const entraDouble = await startEntraGraphDouble({
      certificate: entraCertificate,
      tenants: [
        {
          id: replica.tenantId,
          domain: DEMO_ENTRA_DOMAIN,
          usersCanConsent: false,
          users: [
            { userPrincipalName: entraAdmin.account, password: entraAdmin.password, displayName: 'Demo Admin', roles: ['Application Administrator'] },
            { userPrincipalName: entraUser.account, password: entraUser.password, displayName: 'Demo Developer' },
          ],
        },
      ],
      replicationMs: 3_000,
      externalApps: () =>
        replica.entraApps().map(({ appId, secretValues, displayName, signInAudience, redirectUris, azureDevOpsScopes, adminConsented }) => ({
          tenantId: replica.tenantId,
          appId,
          secretValues,
          settings: { displayName, signInAudience, redirectUris, azureDevOpsScopes, adminConsented },
        })),
    });
    stops.push(entraDouble.close);
    // DeepSource's host and Azure's sign-in hosts, by their real names, each carried to the demo server behind it.
    const signInPins: CertificatePin[] = [
      { hostname: DEMO_HOSTNAME, fingerprint256: frontDoorCertificate.fingerprint },
      { hostname: 'login.microsoftonline.com', fingerprint256: entraCertificate.fingerprint },
      { hostname: 'app.vssps.visualstudio.com', fingerprint256: azureCertificate.fingerprint },
    ];
    const network = await startDemoNetwork({
      [DEMO_HOSTNAME]: frontDoor.origin,
      'login.microsoftonline.com': entraDouble.loginUrl,
      'app.vssps.visualstudio.com': replica.origins['https://app.vssps.visualstudio.com'],
    });
    stops.push(network.close);
    tokens.post = demoPost(network, signInPins);
    const endpointsFor: EndpointsFor = (cloud) => ({ ...entraEndpoints(cloud), loginUrl: entraDouble.loginUrl, graphUrl: entraDouble.graphUrl });

    const providers = demoProviderRegistry(replica.origins);
    const startUrls = Object.fromEntries(providers.all().map((provider) => [provider.id, provider.startUrl]));
    const common = { hostname: DEMO_HOSTNAME, organization: DEMO_ORGANIZATION, consoleUrl: double.url, appSlug: DEMO_APP_SLUG };
    await vault.create({ id: DEMO_PROFILE_IDS.ado, label: 'Demo — Azure DevOps OAuth', provider: 'ado-oauth', ...common });
    await vault.create({ id: DEMO_PROFILE_IDS.entra, label: 'Demo — Microsoft Entra ID', provider: 'entra', ...common });
    if (options.pinConsoleCertificate !== false) {
      for (const id of Object.values(DEMO_PROFILE_IDS)) {
        await new ConsoleState(vault).pin(id, consoleCertificate.fingerprint);
      }
    }
    const registrationTrust: CertificateTrust = { pins: [{ hostname: '127.0.0.1', fingerprint256: azureCertificate.fingerprint }] };
    const signIn = { proxy: network.url, trust: { pins: signInPins }, network };
    return {
      providers,
      azure: { origins: replica.origins, startUrls, tenantId: replica.tenantId, fingerprint: azureCertificate.fingerprint, certificatePem: azureCertificate.cert, replica },
      console: { url: double.url, password, fingerprint: consoleCertificate.fingerprint, certificatePem: consoleCertificate.cert, appSlug: DEMO_APP_SLUG, double },
      profiles: { ...DEMO_PROFILE_IDS },
      registrationTrust,
      frontDoor,
      signIn,
      entra: { double: entraDouble, endpointsFor, certificatePem: entraCertificate.cert, ...entraAdmin, user: entraUser },
      info: {
        demoPassword: password,
        demoEnvironment: {
          consoleUrl: double.url,
          consoleFingerprint: consoleCertificate.fingerprint,
          consoleAuthstring: double.authstring,
          consoleClusterUrl: double.clusterUrl,
          azureFingerprint: azureCertificate.fingerprint,
          startUrls,
          profileIds: Object.values(DEMO_PROFILE_IDS),
          frontDoorUrl: frontDoor.loginUrl,
          entra: { loginUrl: entraDouble.loginUrl, graphUrl: entraDouble.graphUrl, fingerprint: entraCertificate.fingerprint, ...entraAdmin, user: entraUser },
        },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
