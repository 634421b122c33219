import { originOf } from '../../../shared/origin';
import { adoOAuthProvider } from './ado-oauth';
import { entraProvider } from './entra';
import type { Provider } from './types';

/** Every provider. Adding one = a folder under providers/ and one line here. */
export const providers: readonly Provider[] = [adoOAuthProvider, entraProvider];

export class ProviderRegistry {
  readonly #byId: ReadonlyMap<string, Provider>;

  constructor(list: readonly Provider[] = providers) {
    this.#byId = new Map(list.map((provider) => [provider.id, provider]));
  }

  get(id: string): Provider | undefined {
    return this.#byId.get(id);
  }

  all(): Provider[] {
    return [...this.#byId.values()];
  }

  /** The provider that trusts the URL's origin, if exactly one does. */
  forUrl(url: string): Provider | undefined {
    return this.all().find((provider) => isTrustedUrl(provider, url));
  }
}

/** Exact origin comparison against the list, never a prefix match. */
export function isTrustedUrl(provider: Pick<Provider, 'trustedOrigins'>, url: string): boolean {
  const origin = originOf(url);
  return origin !== null && provider.trustedOrigins.includes(origin);
}
