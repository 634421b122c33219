import type { RegistrationPurpose, RegistrationState } from '../../shared/registration';
import type { ReadResult } from './capture';
import type { AudienceDecision, Provider, ProviderField } from './providers/types';

/**
 * Whether the flow's main frame is loading, and a way to wait until it is not: no page-script round runs while the
 * main frame loads (its answers could come from the page that is going away or from the one arriving).
 */
export class LoadGate {
  #loading = false;
  #waiters: (() => void)[] = [];

  get loading(): boolean {
    return this.#loading;
  }

  /** Returns true when the main frame just stopped loading. */
  set(loading: boolean): boolean {
    const settled = this.#loading && !loading;
    this.#loading = loading;
    if (!loading) this.open();
    return settled;
  }

  /** Lets every waiter go (the load ended, or the flow did). */
  open(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  idle(): Promise<void> {
    if (!this.#loading) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

export type Notice = { kind: 'moved' | 'ambiguous'; message: string; keys: ProviderField['key'][] };

export interface Flow {
  id: string;
  /** The installation the flow was started for; its values are saved only into it. */
  profileId: string;
  purpose: RegistrationPurpose;
  provider: Provider;
  hostname: string;
  org: string;
  callback: string;
  /** The account type a new app is registered with (the register form is filled in with it), and why. */
  audience: AudienceDecision;
  /** The register page prefill ran on since the admin arrived there (null once they left it). */
  prefilledAt: string | null;
  url: string;
  canGoBack: boolean;
  /** A sign-in page (an https page off the provider's origins) has shown in this flow. */
  sawSignInPage: boolean;
  /** A provider page has loaded after a sign-in page: the admin is signed in. */
  signedIn: boolean;
  gate: LoadGate;
  /** Loads reported while the main frame was still loading: handled once it settles. */
  pendingLoads: { url: string; inPage: boolean }[];
  blocked: RegistrationState['blocked'];
  refusal: RegistrationState['refusal'];
  prefill: RegistrationState['prefill'];
  read: ReadResult;
  notice: Notice | null;
  picking: ProviderField['key'] | null;
  ended: boolean;
  /** A continuous page watch is running. */
  watching: boolean;
}

export const MOVED_NOTICE = 'This page is about another app, so the values read on the earlier page were put aside: only one app’s values are kept, those of the app shown now.';

export function ambiguousNotice(titles: readonly string[]): string {
  return `This page shows more than one app’s ${titles.join(' and ')}, so nothing was taken from it. Open the one app you registered.`;
}
