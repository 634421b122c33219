import { adoOAuthProvider } from './ado-oauth';
import { entraProvider } from './entra';
import type { Provider } from './types';

/** Every provider. Adding one = a folder under providers/ and one line here. */
export const providers: readonly Provider[] = [adoOAuthProvider, entraProvider];

export type ProviderId = Provider['id'];

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

/** Exact origin comparison: `new URL(u).origin` against the list, never a prefix match. */
export function isTrustedUrl(provider: Pick<Provider, 'trustedOrigins'>, url: string): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return provider.trustedOrigins.includes(origin);
}
