import type { ParsedRequestOf } from '../../shared/contract';
import { UNPROBED_AUDIENCE } from '../registration/audience';
import { AppError } from '../../shared/errors';
import type { Profile, ProfilePatch, ProfileView } from '../../shared/profile';
import type { RegistrationState } from '../../shared/registration';
import type { AudienceDecision } from '../registration/providers/types';
import type { RegistrationService, RegistrationTarget } from '../registration/service';
import type { DeepSourceProbe, ProbeResult } from '../signin/probe';
import type { VaultService } from '../vault/vault';

export type SaveCaptureRequest = ParsedRequestOf<'registrationSave'>;

/** What a registration's values are checked against: an edit of any of these makes them another installation's. */
const REGISTRATION_IDENTITY = ['provider', 'hostname', 'callbackTrailingSlash'] as const satisfies readonly (keyof ProfilePatch & keyof Profile)[];

/**
 * Joins registration and vault: a flow is started for an installation (its provider, host name and callback read
 * here, in the main process), and what it captured goes into that installation's keychain entries only.
 */
export class SetupService {
  /** Absent where there is no built-in browser (the CLI): no flows to start, none to mind. */
  readonly #flows: RegistrationService | undefined;
  readonly #vault: VaultService;
  readonly #probe: DeepSourceProbe | undefined;

  constructor(options: { registration: RegistrationService | undefined; vault: VaultService; probe?: DeepSourceProbe }) {
    this.#flows = options.registration;
    this.#vault = options.vault;
    this.#probe = options.probe;
  }

  /**
   * Before the Azure work: where this installation's DeepSource sends users (within 10 s; the wizard starts the look
   * when the installation is made). The app's account type follows the tenant path; the installation's callback
   * form follows DeepSource's, while no registration is open for it. Without a look: multitenant, as it is.
   */
  async prepare(profileId: string): Promise<{ profile: Profile; decision: AudienceDecision; probe: ProbeResult | null }> {
    let profile = await this.#vault.get(profileId);
    if (!this.#probe || !this.#vault.providers.require(profile.provider).profile.hasTenantId) return { profile, decision: UNPROBED_AUDIENCE, probe: null };
    const probe = await this.#probe.look(profile);
    if (probe.callbackTrailingSlash !== null && probe.callbackTrailingSlash !== profile.callbackTrailingSlash && !this.#flows?.isOpenFor(profileId)) {
      profile = (await this.#vault.update(profileId, { callbackTrailingSlash: probe.callbackTrailingSlash })).profile;
    }
    return { profile, decision: probe.decision, probe };
  }

  /** Opens the provider's start page for the installation (the register form is filled from it). */
  async startRegistration(profileId: string): Promise<RegistrationState> {
    const { profile, decision } = await this.prepare(profileId);
    return this.registration().start({ ...targetOf(profile), audience: decision });
  }

  /** Opens the installation's app where a new client secret is made (ADO: the app list; Entra: Certificates & secrets). */
  async startRotation(profileId: string): Promise<RegistrationState> {
    const profile = await this.#vault.get(profileId);
    if (!profile.azure.appId) {
      throw new AppError('INVALID_INPUT', `Installation "${profile.label}" has no app yet, so there is no secret to rotate.`, 'Register the app first.');
    }
    return this.registration().start({ ...targetOf(profile), rotateAppId: profile.azure.appId });
  }

  /** Saves a finished flow into the installation it was started for: a new app's values, or a rotated secret. */
  async saveCapture(request: SaveCaptureRequest): Promise<ProfileView> {
    return this.registration().consumeCapture(request.flowId, (capture, owner) => {
      const expiry = request.clientSecretExpiresOn ? { clientSecretExpiresOn: request.clientSecretExpiresOn } : {};
      return this.#vault.applyCapture(owner.profileId, { ...capture, ...expiry }, owner.purpose);
    });
  }

  /**
   * An edit of the installation. Changing what a registration is checked against (provider, host name, callback
   * form) is refused while the built-in browser is open for it, and drops its ended flows' values, which were
   * checked for the installation as it was.
   */
  async updateProfile(id: string, patch: ProfilePatch): Promise<ProfileView> {
    const current = await this.#vault.get(id);
    const changesIdentity = REGISTRATION_IDENTITY.some((key) => patch[key] !== undefined && patch[key] !== current[key]);
    if (changesIdentity && this.#flows?.isOpenFor(id)) {
      throw new AppError(
        'INVALID_INPUT',
        `The Azure registration for "${current.label}" is open, and its values are checked against this installation's provider, host name and callback.`,
        'Close the built-in browser (or save what it read) first, then change the installation.',
      );
    }
    const view = await this.#vault.update(id, patch);
    if (changesIdentity) await this.#flows?.discardFlowsOf(id);
    return view;
  }

  /** The registration service, or why there is none here. */
  registration(): RegistrationService {
    if (this.#flows) return this.#flows;
    throw new AppError('BROWSER_UNAVAILABLE', 'The built-in browser is not available here.', 'Registration runs in the desktop app; use `ads-setup extract` to read a saved page.');
  }
}

function targetOf(profile: Profile): RegistrationTarget {
  return { profileId: profile.id, provider: profile.provider, hostname: profile.hostname, org: profile.organization, trailingSlash: profile.callbackTrailingSlash };
}
