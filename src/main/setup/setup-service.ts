import { AppError } from '../../shared/errors';
import { callbackUrlFor, type ProfileView } from '../../shared/profile';
import type { RegistrationState } from '../../shared/registration';
import type { RegistrationService } from '../registration/service';
import type { VaultService } from '../vault/vault';

export interface SaveCaptureRequest {
  flowId: string;
  profileId: string;
  /** `new`: the app's values and its secret; `rotate`: only the client secret of the same app. */
  mode: 'new' | 'rotate';
  /** YYYY-MM-DD: the expiry the admin chose for an Entra secret (the portal shows it, the page script does not read it). */
  clientSecretExpiresOn?: string | undefined;
}

/**
 * Joins registration and vault: what the built-in browser captured goes into the keychain, for the profile it was
 * captured for; a rotation reopens the profile's own app.
 */
export class SetupService {
  readonly #registration: () => RegistrationService;
  readonly #vault: VaultService;

  constructor(options: { registration: () => RegistrationService; vault: VaultService }) {
    this.#registration = options.registration;
    this.#vault = options.vault;
  }

  async saveCapture(request: SaveCaptureRequest): Promise<ProfileView> {
    const profile = await this.#vault.get(request.profileId);
    return this.#registration().consumeCapture(request.flowId, async (capture) => {
      if (capture.provider !== profile.provider) {
        throw new AppError('INVALID_INPUT', `These values come from ${capture.provider}, but profile "${profile.label}" uses ${profile.provider}.`, 'Start the registration from this profile, or change its provider first.');
      }
      const expected = callbackUrlFor(profile);
      if (capture.callbackUrl !== expected) {
        throw new AppError('INVALID_INPUT', `The values were checked against the callback ${capture.callbackUrl}, but this profile expects ${expected}.`, 'Start the registration again from this profile.');
      }
      return this.#vault.applyCapture(
        profile.id,
        {
          appId: capture.appId.toLowerCase(),
          clientSecret: capture.clientSecret,
          authorizeUrl: capture.authorizeUrl,
          ...(capture.tenantId ? { tenantId: capture.tenantId.toLowerCase() } : {}),
          ...(capture.authorityHost ? { authorityHost: capture.authorityHost } : {}),
          ...(request.clientSecretExpiresOn ? { clientSecretExpiresOn: request.clientSecretExpiresOn } : {}),
        },
        request.mode,
      );
    });
  }

  /** Opens the profile's app where a new client secret is made (ADO: the app list; Entra: Certificates & secrets). */
  async startRotation(profileId: string): Promise<RegistrationState> {
    const profile = await this.#vault.get(profileId);
    if (!profile.azure.appId) {
      throw new AppError('INVALID_INPUT', `Profile "${profile.label}" has no app yet, so there is no secret to rotate.`, 'Register the app first.');
    }
    return this.#registration().start({
      provider: profile.provider,
      hostname: profile.hostname,
      org: profile.organization,
      trailingSlash: profile.callbackTrailingSlash,
      rotateAppId: profile.azure.appId,
    });
  }
}
