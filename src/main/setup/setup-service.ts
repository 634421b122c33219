import type { ParsedRequestOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { callbackUrlFor, type ProfileView } from '../../shared/profile';
import type { RegistrationState } from '../../shared/registration';
import type { RegistrationService } from '../registration/service';
import type { VaultService } from '../vault/vault';

/** `mode` new: the app's values and its secret; rotate: only the client secret of the same app (see the contract). */
export type SaveCaptureRequest = ParsedRequestOf<'registrationSave'>;

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
    return this.#registration().consumeCapture(request.flowId, async (capture, checkedFor) => {
      if (checkedFor.provider !== profile.provider) {
        throw new AppError('INVALID_INPUT', `These values come from ${checkedFor.provider}, but profile "${profile.label}" uses ${profile.provider}.`, 'Start the registration from this profile, or change its provider first.');
      }
      const expected = callbackUrlFor(profile);
      if (checkedFor.callbackUrl !== expected) {
        throw new AppError('INVALID_INPUT', `The values were checked against the callback ${checkedFor.callbackUrl}, but this profile expects ${expected}.`, 'Start the registration again from this profile.');
      }
      const expiry = request.clientSecretExpiresOn ? { clientSecretExpiresOn: request.clientSecretExpiresOn } : {};
      return this.#vault.applyCapture(profile.id, { ...capture, ...expiry }, request.mode);
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
