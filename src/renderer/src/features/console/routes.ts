import { useEffect } from 'react';
import { create } from 'zustand';
import type { ConsoleRouteView } from '../../../../shared/console';
import { api } from '../../api';

interface RoutesStore {
  /** The ways to reach a console main knows, in its order; null until loaded. */
  routes: ConsoleRouteView[] | null;
  load: () => Promise<void>;
}

let loading: Promise<void> | null = null;

/** What the window offers for reaching a console comes from main (the `consoleRoutes` channel): one form, any route. */
export const useConsoleRoutesStore = create<RoutesStore>((set) => ({
  routes: null,
  load: () => {
    loading ??= api.consoleRoutes({}).then(
      ({ routes }) => set({ routes }),
      () => {
        loading = null;
      },
    );
    return loading;
  },
}));

/** The routes (null while loading); loads them on first use. */
export function useConsoleRoutes(): ConsoleRouteView[] | null {
  const routes = useConsoleRoutesStore((s) => s.routes);
  const load = useConsoleRoutesStore((s) => s.load);
  useEffect(() => {
    if (routes === null) void load();
  }, [routes, load]);
  return routes;
}

/** The option names of a route that hold a secret (dropped from the window once a login used them). */
export function secretFieldsOf(via: string): string[] {
  const route = routeOf(via);
  return route ? route.fields.filter((f) => f.kind === 'secret').map((f) => f.name) : ['password'];
}

/** A route as the window knows it (undefined while the list loads, or for an id main does not know). */
export function routeOf(via: string): ConsoleRouteView | undefined {
  return useConsoleRoutesStore.getState().routes?.find((r) => r.id === via);
}
