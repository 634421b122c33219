import { z } from 'zod';
import type { Channel } from './channels';
import {
  profileIdSchema,
  profileInputSchema,
  profilePatchSchema,
  profileViewSchema,
  secretStatusSchema,
  settableSecretKinds,
} from './profile';
import {
  discoveryScriptRequestSchema,
  discoveryScriptResponseSchema,
  exportRequestSchema,
  exportResultSchema,
  mappingProposalSchema,
  readDiscoveryRequestSchema,
  setMappingRequestSchema,
  signingKeyResponseSchema,
  verifyRequestSchema,
  verifyResponseSchema,
} from './bundle';
import { registrationRequests, registrationStateSchema } from './registration';
import {
  consoleApplyRequestSchema,
  consoleDeployRequestSchema,
  consoleProgressRequestSchema,
  consoleRouteListSchema,
  consoleStatusRequestSchema,
  consoleTargetSchema,
  planResultSchema,
  pushProgressSchema,
  pushReportSchema,
  versionStatusSchema,
} from './console';
import { signInProbeSchema, signInRequests, signInStateSchema } from './signin';
import { providerIdSchema, providerListSchema } from './providers';
import { graphCheckResultSchema, graphRequests, graphRunStateSchema, secretProofSchema } from './entra-graph';
import { guidSchema } from './identifiers';

/** Every request object is strict: unknown keys (including `__proto__`-style keys) are rejected, not ignored. */
const noArguments = z.strictObject({});

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  runtime: z.strictObject({
    node: z.string(),
    electron: z.string().optional(),
    chrome: z.string().optional(),
  }),
  /** Demo mode runs on local replicas with a throwaway data folder and its own keychain service. */
  demo: z.boolean(),
  dataDir: z.string(),
  keychainService: z.string(),
  /** Demo mode only: the KOTS double's throwaway password, shown to the admin (it guards nothing real). */
  demoPassword: z.string().optional(),
  /** Demo mode only: where the local replicas run and the fingerprints of the certificates the demo made. */
  demoEnvironment: z
    .strictObject({
      consoleUrl: z.string(),
      consoleFingerprint: z.string(),
      /** The KOTS double's throwaway kotsadm authstring, shown like the demo password (it guards nothing real). */
      consoleAuthstring: z.string(),
      /** kotsadm's own port on the double (what a kubectl port-forward reaches; tests point their kubectl there). */
      consoleClusterUrl: z.string(),
      azureFingerprint: z.string(),
      /** Each provider's start page on the replica, by provider id. */
      startUrls: z.record(providerIdSchema, z.string()),
      profileIds: z.array(z.string()),
      /** The replica of DeepSource's login page the sign-in check follows. */
      frontDoorUrl: z.string(),
      /** Microsoft Entra's sign-in and Graph, as the demo's double runs them, and the demo admin who signs in there. */
      entra: z.strictObject({
        loginUrl: z.string(),
        graphUrl: z.string(),
        fingerprint: z.string(),
        account: z.string(),
        password: z.string(),
        /** A user of the demo tenant who may not consent to apps (DeepSource's sign-in then needs an admin's consent). */
        user: z.strictObject({ account: z.string(), password: z.string() }),
      }),
    })
    .optional(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export interface ChannelSpec {
  request: z.ZodType;
  response: z.ZodType;
}

export const profileProblemSchema = z.strictObject({ path: z.string(), keptAs: z.string(), reason: z.string() });
const byProfile = z.strictObject({ profileId: profileIdSchema });

/** Channel → request/response schemas. The single source of truth for what crosses the IPC boundary. */
export const contract = {
  appInfo: { request: noArguments, response: appInfoSchema },
  /** The providers this app knows (main's registry), as the window shows and branches on them. */
  providerList: { request: noArguments, response: providerListSchema },

  profileList: {
    request: noArguments,
    response: z.strictObject({ profiles: z.array(profileViewSchema), problems: z.array(profileProblemSchema) }),
  },
  profileGet: { request: z.strictObject({ id: profileIdSchema }), response: profileViewSchema },
  profileCreate: { request: profileInputSchema, response: profileViewSchema },
  profileUpdate: { request: z.strictObject({ id: profileIdSchema, patch: profilePatchSchema }), response: profileViewSchema },
  profileDelete: { request: z.strictObject({ id: profileIdSchema }), response: z.strictObject({ deleted: profileIdSchema }) },

  /** The one way a typed secret enters (an existing legacy app); it is never sent back, only its masked status. */
  secretSet: {
    request: z.strictObject({ profileId: profileIdSchema, kind: z.enum(settableSecretKinds), value: z.string().min(1).max(16 * 1024) }),
    response: secretStatusSchema,
  },
  secretStatus: { request: byProfile, response: z.strictObject({ secrets: z.array(secretStatusSchema) }) },
  secretForget: { request: byProfile, response: profileViewSchema },
  webhookSecretGenerate: { request: byProfile, response: secretStatusSchema },

  bundleSigningKey: { request: noArguments, response: signingKeyResponseSchema },
  bundleExport: { request: exportRequestSchema, response: exportResultSchema },
  bundleVerify: { request: verifyRequestSchema, response: verifyResponseSchema },
  /** Saves the host script (and its signature) of the bundle last exported, where the admin chooses in a native dialog. */
  bundleSaveHostScript: { request: noArguments, response: z.strictObject({ path: z.string(), signaturePath: z.string() }) },
  /** The script that lists the console app's items on the console host (kubectl and POSIX tools only). */
  bundleDiscoveryScript: { request: discoveryScriptRequestSchema, response: discoveryScriptResponseSchema },
  /** Reads that script's output and matches its items by title, as a push does; saves nothing. */
  bundleReadDiscovery: { request: readDiscoveryRequestSchema, response: mappingProposalSchema },
  /** Saves the console mapping the admin confirmed (or typed), for bundles. */
  profileSetMapping: { request: setMappingRequestSchema, response: profileViewSchema },
  registrationStart: { request: registrationRequests.start, response: registrationStateSchema },
  registrationState: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationNavigate: { request: registrationRequests.navigate, response: registrationStateSchema },
  registrationExtract: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationPick: { request: registrationRequests.pick, response: registrationStateSchema },
  registrationCancelPick: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationEnd: { request: registrationRequests.flow, response: registrationStateSchema },
  registrationSetBounds: { request: registrationRequests.bounds, response: noArguments },
  /** Moves the keyboard into the built-in browser's page (F6 there brings it back to the window). */
  registrationFocus: { request: registrationRequests.flow, response: noArguments },
  /** Opens one of the app's own pages in the flow's browser (the guide's direct link). */
  registrationOpenPage: { request: registrationRequests.openPage, response: registrationStateSchema },
  /** Stores a finished flow's checked values in the keychain of the installation it was started for; forgotten only once saved. */
  registrationSave: { request: registrationRequests.save, response: profileViewSchema },
  /** Opens the profile's app where a new client secret is made; save it with registrationSave. */
  secretRotateStart: { request: byProfile, response: registrationStateSchema },

  /** The ways this app reaches an admin console (main's list), with the options each asks for. */
  consoleRoutes: { request: noArguments, response: consoleRouteListSchema },
  /**
   * The Entra app through Microsoft Graph: one sign-in in the system browser, then the registration made (or a new
   * secret for the profile's app: purpose rotate), its secret stored at once, read back, checked and proven.
   */
  graphStart: { request: graphRequests.start, response: graphRunStateSchema },
  graphState: { request: graphRequests.run, response: graphRunStateSchema },
  /** A registration found in Azure (or left half-done): reuse (finish) it, or delete it. */
  graphDecide: { request: graphRequests.decide, response: graphRunStateSchema },
  graphCancel: { request: graphRequests.run, response: graphRunStateSchema },
  /** The registration read back from Graph and checked (signs in again only when the session has no token). */
  graphCheck: { request: byProfile, response: graphCheckResultSchema },
  /** Removes the secret a rotation replaced, once the console holds the new one (called after the deploy landed). */
  graphRetireSecret: { request: byProfile, response: z.strictObject({ removedKeyId: guidSchema }) },
  /** A client-credentials request with the stored secret: proves App ID, tenant and secret belong together. */
  secretProve: { request: byProfile, response: secretProofSchema },

  /** Reads the admin console and answers with the masked diff (or what to decide first). Writes nothing to it. */
  consolePlan: { request: consoleTargetSchema, response: planResultSchema },
  /** Saves the confirmed plan, verifies it, optionally deploys; answers with a report of every step. */
  consoleApply: { request: consoleApplyRequestSchema, response: pushReportSchema },
  /** Deploys an already saved version and follows it. */
  consoleDeploy: { request: consoleDeployRequestSchema, response: pushReportSchema },
  /** One version's status (poll it to follow a deploy past its timeout). */
  consoleStatus: { request: consoleStatusRequestSchema, response: versionStatusSchema },
  /** Keeps following a deploy the console is still running after the first wait timed out. Sends no write. */
  consoleFollow: { request: consoleDeployRequestSchema, response: pushReportSchema },
  /** The live progress of the profile's running (or last) save/deploy, asked for while that call runs. */
  consoleProgress: { request: consoleProgressRequestSchema, response: pushProgressSchema },

  /** Before the Azure work: where DeepSource sends users (within 10 s), and the account type and callback form that follow. */
  signinProbe: { request: signInRequests.probe, response: signInProbeSchema },
  /** Follows DeepSource's login in the built-in browser up to Azure's authorize URL (never loaded) and compares. */
  signinStart: { request: signInRequests.start, response: signInStateSchema },
  signinState: { request: signInRequests.run, response: signInStateSchema },
  signinEnd: { request: signInRequests.run, response: signInStateSchema },
  signinSetBounds: { request: signInRequests.bounds, response: noArguments },
} satisfies Record<Channel, ChannelSpec>;

export type Contract = typeof contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;
