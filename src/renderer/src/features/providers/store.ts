import { useEffect } from 'react';
import { create } from 'zustand';
import type { AppErrorShape } from '../../../../shared/errors';
import type { ProviderDescriptor } from '../../../../shared/providers';
import { api } from '../../api';
import { toShownError } from '../../errors';

interface ProvidersStore {
  /** The providers main knows, in its order; null until loaded. */
  providers: ProviderDescriptor[] | null;
  error: AppErrorShape | null;
  /** Asks main once; later calls share the answer (a failed load may be tried again). */
  load: () => Promise<ProviderDescriptor[]>;
}

let loading: Promise<ProviderDescriptor[]> | null = null;

/** What the window shows about each provider, and how it branches on one, comes from main (the `providerList` channel). */
export const useProvidersStore = create<ProvidersStore>((set) => ({
  providers: null,
  error: null,
  load: () => {
    loading ??= api.providerList({}).then(
      ({ providers }) => {
        set({ providers, error: null });
        return providers;
      },
      (error: unknown) => {
        loading = null;
        set({ error: toShownError(error) });
        throw error;
      },
    );
    return loading;
  },
}));

/** The providers (null while loading); loads them on first use. */
export function useProviders(): ProviderDescriptor[] | null {
  const providers = useProvidersStore((s) => s.providers);
  const load = useProvidersStore((s) => s.load);
  useEffect(() => {
    if (providers === null) load().catch(() => undefined);
  }, [providers, load]);
  return providers;
}

/** One provider's description (undefined while loading, or for an id main does not know). */
export function useProvider(id: string | undefined): ProviderDescriptor | undefined {
  return useProviders()?.find((provider) => provider.id === id);
}

/** A guide step for the installation at hand: `{appName}`, `{callbackUrl}` and `{accountType}` filled in. */
export function guideStep(step: string, values: { organization?: string | undefined; callbackUrl?: string | undefined; accountType?: string | undefined }): string {
  return step
    .replaceAll('{appName}', values.organization ? `DeepSource ${values.organization}` : 'DeepSource')
    .replaceAll('{callbackUrl}', values.callbackUrl ?? 'your DeepSource callback URL')
    .replaceAll('{accountType}', values.accountType ?? 'the account type');
}
