import { ProviderRegistry, providers as realProviders } from '../main/registration/providers';
import { originOf } from '../shared/origin';
import type { Provider } from '../main/registration/providers/types';

/** Real origin (`https://aex.dev.azure.com`) → the loopback origin of its replica (`https://127.0.0.1:PORT`). */
export type OriginMap = Readonly<Record<string, string>>;

function isExactOrigin(value: string): boolean {
  return originOf(value) === value;
}

/** A replica origin must be an exact https origin on the loopback address: the demo never trusts anything else. */
function checkMap(map: OriginMap): void {
  for (const [real, replica] of Object.entries(map)) {
    if (!isExactOrigin(real)) throw new Error(`not an origin: ${real}`);
    if (!isExactOrigin(replica)) throw new Error(`not an origin: ${replica}`);
    const url = new URL(replica);
    if (url.protocol !== 'https:' || url.hostname !== '127.0.0.1') throw new Error(`a replica must be https on 127.0.0.1: ${replica}`);
  }
}

/** The same address on the replica (path, query and hash kept), or null when its origin has no replica. */
export function mapUrl(url: string, map: OriginMap): string | null {
  const origin = originOf(url);
  const replica = origin !== null && Object.hasOwn(map, origin) ? map[origin] : undefined;
  if (replica === undefined) return null;
  const parsed = new URL(url);
  return `${replica}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

function mapped(url: string, map: OriginMap, what: string): string {
  const result = mapUrl(url, map);
  if (result === null) throw new Error(`the demo has no replica for ${what} ${originOf(url) ?? url}`);
  return result;
}

/**
 * A real provider moved onto the replica: every trusted origin with a replica is replaced by exactly that replica's
 * origin, origins without one are dropped (the demo trusts no real Azure host), and the start, register, existing-app
 * and rotation addresses point at the replica. Fields, labels, forms, derivation and checks stay the real ones, so
 * the demo exercises the same rules as the real app.
 */
export function demoProvider(provider: Provider, map: OriginMap): Provider {
  checkMap(map);
  const trustedOrigins = [...new Set(provider.trustedOrigins.flatMap((origin) => (Object.hasOwn(map, origin) ? [map[origin]!] : [])))];
  if (trustedOrigins.length === 0) throw new Error(`the demo has no replica for ${provider.id}`);
  const pages = (list: readonly string[]) => list.map((url) => mapUrl(url, map)).filter((url): url is string => url !== null);
  return {
    ...provider,
    trustedOrigins,
    startUrl: mapped(provider.startUrl, map, `${provider.id}'s start page`),
    registerPages: pages(provider.registerPages),
    existingAppPages: pages(provider.existingAppPages),
    rotationUrl: (appId) => mapped(provider.rotationUrl(appId), map, `${provider.id}'s rotation page`),
    ...(provider.readBack
      ? {
          readBack: {
            ...provider.readBack,
            pages: (appId: string) => {
              const pages = provider.readBack!.pages(appId);
              return { overview: mapped(pages.overview, map, 'an app page'), authentication: mapped(pages.authentication, map, 'an app page'), apiPermissions: mapped(pages.apiPermissions, map, 'an app page'), credentials: mapped(pages.credentials, map, 'an app page') };
            },
          },
        }
      : {}),
  };
}

/** The demo's registry: the real providers, each mapped onto the replica. The real registry is untouched. */
export function demoProviderRegistry(map: OriginMap, list: readonly Provider[] = realProviders): ProviderRegistry {
  return new ProviderRegistry(list.map((provider) => demoProvider(provider, map)));
}
