import { AppError } from '../../../shared/errors';
import { originOf } from '../../../shared/origin';
import type { ProviderDescriptor } from '../../../shared/providers';
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

  /** The provider, or the typed error every boundary (IPC, command line, profile files) gives for another id. */
  require(id: string): Provider {
    const provider = this.#byId.get(id);
    if (provider) return provider;
    const known = this.all().map((p) => `${p.id} (${p.title})`).join(', ');
    throw new AppError('UNKNOWN_PROVIDER', `This app knows no provider "${id}"; it knows ${known}.`, `Choose one of them (command line: --provider ${this.ids().join(' or --provider ')}).`);
  }

  ids(): string[] {
    return [...this.#byId.keys()];
  }

  all(): Provider[] {
    return [...this.#byId.values()];
  }

  /** What the window shows about each provider, in registry order; a successor this list lacks is not offered. */
  descriptors(): ProviderDescriptor[] {
    return this.all().map(({ id, title, ui: { successor, ...ui } }) => ({ id, title, ...ui, ...(successor !== undefined && this.#byId.has(successor) ? { successor } : {}) }));
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
